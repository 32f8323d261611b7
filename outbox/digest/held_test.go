package digest

import (
	"context"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/workflow"
)

// A contact held because a colleague answered is in the digest every day
// until the owner says go on or hold, with both as buttons.
func TestHeldContactsAskForTheOwnersWord(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cy := f.contact("Cy Park", "cy@acme.example", workflow.State{Status: workflow.StatusReplied}, now.Add(-days(1)))
	f.contact("Ana Ruiz", "ana@acme.example", workflow.State{Status: workflow.StatusNudged, Nudges: 1,
		HeldBy: cy.ID, HeldAt: now.Add(-days(1))}, now.Add(-days(1)))
	f.contact("Bo Lind", "bo@acme.example", workflow.State{Status: workflow.StatusRequested}, now.Add(-days(2)))
	info, err := Build(ctx, f.st.Read(), Options{Now: now, Zone: berlin, Since: now.Add(-days(1))})
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	var actions []string
	for _, g := range info.Today {
		if g.Key != "held" {
			continue
		}
		for _, it := range g.Items {
			items = append(items, it.Name+": "+it.Text)
			for _, a := range it.Actions {
				actions = append(actions, a.Command)
			}
		}
	}
	if len(items) != 1 || !strings.HasPrefix(items[0], "Ana Ruiz: Cy Park (#1), at the same company, answered Tue 1 Dec") {
		t.Fatalf("held items = %q; want Ana, held since Cy answered", items)
	}
	want := []string{"#2 go on", "#2 hold"}
	if strings.Join(actions, "|") != strings.Join(want, "|") {
		t.Errorf("held actions = %q, want %q", actions, want)
	}
}
