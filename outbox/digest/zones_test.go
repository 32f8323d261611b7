package digest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// The digest prints times as the command line does (package when): in
// the owner's zone with its name, and a contact's own time beside it when
// their clock reads otherwise.
func TestDigestTimesCarryZones(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	meet := now.Add(7 * time.Hour) // 14:30 in Berlin
	inZone := func(name, email, zone string, s workflow.State) {
		c := f.contact(name, email, s, now.Add(-days(3)))
		c.TimeZone = zone
		f.tx(func(tx *store.Tx) error { return tx.UpdateContact(ctx, c, now.Add(-days(3))) })
	}
	inZone("Jane Doe", "jane@acme.example", "America/New_York", workflow.State{Status: workflow.StatusScheduled,
		Meeting: &workflow.Meeting{Start: meet, End: meet.Add(30 * time.Minute)}})
	inZone("Léa Martin", "lea@paris.example", "Europe/Paris", workflow.State{Status: workflow.StatusScheduled,
		Meeting: &workflow.Meeting{Start: meet.Add(time.Hour), End: meet.Add(90 * time.Minute)}})
	inZone("Sam Lee", "sam@globex.example", "Australia/Sydney", workflow.State{Status: workflow.StatusRequested,
		Timers: map[workflow.TimerKind]time.Time{workflow.TimerNudge: now.Add(days(2))}})

	info, err := Build(ctx, f.st.Read(), Options{Now: now, Zone: berlin, Since: now.Add(-days(1))})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, g := range append(append([]templates.DigestGroup(nil), info.Today...), info.Waiting) {
		for _, it := range g.Items {
			texts = append(texts, it.Text)
		}
	}
	all := strings.Join(texts, "\n")
	for _, tt := range []struct{ name, want string }{
		{"another clock", "meeting today at 14:30 CET (08:30 EST for Jane)"},
		{"the same clock", "meeting today at 15:30 CET;"},
		{"another day", "nudge Fri 4 Dec 07:30 CET (17:30 AEDT for Sam)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(all, tt.want) {
				t.Errorf("digest items lack %q:\n%s", tt.want, all)
			}
		})
	}
}
