package digest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// add stores c, added now, and returns its #ID.
func (f *fixture) add(c store.Contact) int64 {
	f.t.Helper()
	c.CreatedAt, c.UpdatedAt = now, now
	f.tx(func(tx *store.Tx) error { return tx.InsertContact(context.Background(), &c) })
	return c.ID
}

func at(s workflow.Status) workflow.State { return workflow.State{Status: s} }

// nextToAsk builds the digest with opts and returns its "Next to ask".
func nextToAsk(t *testing.T, st *store.Store, opts Options) templates.DigestGroup {
	t.Helper()
	opts.Now, opts.Zone = now, berlin
	info, err := Build(context.Background(), st.Read(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if info.NextToAsk.Key != "next_to_ask" {
		t.Fatalf("NextToAsk.Key = %q", info.NextToAsk.Key)
	}
	return info.NextToAsk
}

// targetStore holds contacts at the target companies of tapTargets, one
// case of each: nobody, warm by introduction, someone asked, someone met,
// cold with a role, warm by tag. It returns the #IDs by first name.
func targetStore(f *fixture) map[string]int64 {
	id := map[string]int64{}
	id["Zed"] = f.add(store.Contact{Name: "Zed Berg", Email: "zed@elsewhere.org", State: at(workflow.StatusThanked)})
	// Acme: a cold contact added first, a warm one (introduced) after.
	id["Ann"] = f.add(store.Contact{Name: "Ann Cold", Email: "ann@acme.com", State: at(workflow.StatusNew)})
	id["Bob"] = f.add(store.Contact{Name: "Bob Warm", Email: "bob@mail.acme.com", Company: "ACME, Inc.", IntroducedBy: id["Zed"], State: at(workflow.StatusNew)})
	// Initech: someone asked; Umbrella: someone met. Both have new ones.
	f.add(store.Contact{Name: "Ian Asked", Email: "ian@initech.com", State: at(workflow.StatusNudged)})
	f.add(store.Contact{Name: "Ines New", Email: "ines@initech.com", State: at(workflow.StatusNew)})
	f.add(store.Contact{Name: "Uma Met", Email: "uma@gmail.com", Company: "Umbrella Corporation", State: at(workflow.StatusKeepingInTouch)})
	f.add(store.Contact{Name: "Ugo New", Email: "ugo@umbrella.com", State: at(workflow.StatusNew)})
	// Hooli: no address, a dropped one (no bar), a cold one with a role;
	// a webmail address says nothing of Hooli.
	f.add(store.Contact{Name: "Eve NoAddress", Company: "Hooli", State: at(workflow.StatusNew)})
	f.add(store.Contact{Name: "Dan Dropped", Email: "dan@hooli.com", State: at(workflow.StatusDropped)})
	f.add(store.Contact{Name: "Hal Webmail", Email: "hooli@gmail.com", State: at(workflow.StatusNew)})
	id["Dee"] = f.add(store.Contact{Name: "Dee Cold", Email: "dee@hooli.com", Role: "Staff Engineer", State: at(workflow.StatusNew)})
	// Pied Piper: warm by tag, at a webmail address with the company typed.
	f.add(store.Contact{Name: "Pam Cold", Email: "pam@pied-piper.com", State: at(workflow.StatusNew)})
	id["Pete"] = f.add(store.Contact{Name: "Pete Alum", Email: "pete@gmail.com", Company: "Pied Piper", Tags: []string{"Alumni"}, State: at(workflow.StatusNew)})
	return id
}

// tapTargets are the target companies of targetStore, in order of
// interest.
var tapTargets = []string{"Globex", "Acme", "Initech", "Umbrella", "Hooli", "Pied Piper"}

func TestNextToAskAtTargets(t *testing.T) {
	f := newFixture(t)
	id := targetStore(f)
	g := nextToAsk(t, f.st, Options{Targets: tapTargets})
	want := []struct {
		id   int64
		text string
	}{
		{0, "Globex: nobody to ask yet: add someone (add Name <address> company: Globex)"},
		{id["Bob"], fmt.Sprintf("Acme: write to Bob Warm, warm: introduced by Zed Berg (#%d)", id["Zed"])},
		{id["Dee"], fmt.Sprintf("Hooli: write to Dee Cold (Staff Engineer)")},
		{id["Pete"], fmt.Sprintf("Pied Piper: write to Pete Alum, warm: tagged alumni")},
	}
	if len(g.Items) != len(want) || g.More != 0 {
		t.Fatalf("Next to ask = %+v, want %d lines: Initech (someone asked) and Umbrella (someone met) say nothing", g.Items, len(want))
	}
	for i, w := range want {
		it := g.Items[i]
		if it.ID != w.id || it.Text != w.text {
			t.Errorf("line %d = #%d %q, want #%d %q", i, it.ID, it.Text, w.id, w.text)
		}
		switch {
		case w.id == 0 && len(it.Actions) != 0:
			t.Errorf("line %d has actions %v; nobody to act on", i, it.Actions)
		case w.id != 0 && (len(it.Actions) != 2 || it.Actions[0].Command != fmt.Sprintf("#%d draft", w.id) || it.Actions[1].Command != fmt.Sprintf("#%d status", w.id)):
			t.Errorf("line %d actions = %v, want #%d draft and status", i, it.Actions, w.id)
		}
	}
	// Capped like the other lists.
	g = nextToAsk(t, f.st, Options{Targets: tapTargets, Max: 2})
	if len(g.Items) != 2 || g.More != 2 {
		t.Errorf("with Max 2: %d lines and %d more, want 2 and 2", len(g.Items), g.More)
	}
}

// Once the warm contact is asked, the company drops off; once nobody new
// is left, the owner is asked to add someone.
func TestNextToAskFollowsTheWorkflow(t *testing.T) {
	f := newFixture(t)
	ann := f.add(store.Contact{Name: "Ann Cold", Email: "ann@acme.com", State: at(workflow.StatusNew)})
	targets := Options{Targets: []string{"Acme"}}
	if g := nextToAsk(t, f.st, targets); len(g.Items) != 1 || g.Items[0].ID != ann {
		t.Fatalf("Next to ask = %+v, want Ann", g.Items)
	}
	f.tx(func(tx *store.Tx) error {
		c, err := tx.Contact(context.Background(), ann)
		if err != nil {
			return err
		}
		c.State.Status = workflow.StatusDeclined
		return tx.UpdateContact(context.Background(), c, now)
	})
	g := nextToAsk(t, f.st, targets)
	if len(g.Items) != 1 || g.Items[0].ID != 0 || !strings.HasPrefix(g.Items[0].Text, "Acme: nobody to ask yet") {
		t.Fatalf("after Ann declined: %+v, want Acme: nobody to ask yet", g.Items)
	}
}

func TestNextToAskWithoutTargets(t *testing.T) {
	f := newFixture(t)
	var want []string
	// Seven companies asked and silent, each with someone new; by the
	// first asked, five are shown.
	for i := range 7 {
		asked := f.add(store.Contact{Name: fmt.Sprintf("Asked %d", i), Email: fmt.Sprintf("a%d@firm%d.example", i, i), State: at(workflow.StatusRequested)})
		f.add(store.Contact{Name: fmt.Sprintf("Fresh %d", i), Email: fmt.Sprintf("f%d@firm%d.example", i, i), State: at(workflow.StatusNew)})
		want = append(want, fmt.Sprintf("firm%d.example: no answer from Asked %d (#%d); write to Fresh %d", i, i, asked, i))
	}
	// Not suggested: a company that answered, one with nobody new, and
	// webmail (nobody's colleague).
	f.add(store.Contact{Name: "Gus", Email: "gus@globex.com", Company: "Globex", State: at(workflow.StatusNoResponse)})
	f.add(store.Contact{Name: "Gil", Email: "gil@gmail.com", Company: "Globex", State: at(workflow.StatusReplied)})
	f.add(store.Contact{Name: "Gia", Email: "gia@globex.com", State: at(workflow.StatusNew)})
	f.add(store.Contact{Name: "Ian", Email: "ian@initech.com", State: at(workflow.StatusNudged)})
	f.add(store.Contact{Name: "Wes", Email: "wes@gmail.com", State: at(workflow.StatusRequested)})
	f.add(store.Contact{Name: "Wyn", Email: "wyn@gmail.com", State: at(workflow.StatusNew)})
	// A legal form alone says nothing: the domains tell these two apart.
	f.add(store.Contact{Name: "Ina", Email: "ina@one.example", Company: "Inc.", State: at(workflow.StatusRequested)})
	f.add(store.Contact{Name: "Ivo", Email: "ivo@two.example", Company: "Inc.", State: at(workflow.StatusNew)})
	g := nextToAsk(t, f.st, Options{})
	if len(g.Items) != 5 || g.More != 2 {
		t.Fatalf("Next to ask = %d lines and %d more, want 5 and 2: %+v", len(g.Items), g.More, g.Items)
	}
	for i, it := range g.Items {
		if it.Text != want[i] {
			t.Errorf("line %d = %q, want %q", i, it.Text, want[i])
		}
	}
}

// Nothing to suggest: no section in the text part.
func TestNextToAskEmptyIsLeftOut(t *testing.T) {
	f := newFixture(t)
	f.add(store.Contact{Name: "Ann", Email: "ann@acme.com", State: at(workflow.StatusRequested)})
	_, text, page := renderWith(t, f.st, config.Commands{Addresses: []string{"sam+rapport@example.com"}}, "sam@example.com", Options{Now: now, Zone: berlin})
	if strings.Contains(text, "Next to ask") || strings.Contains(page, "digest-next_to_ask") {
		t.Errorf("the digest shows an empty Next to ask:\n%s", text)
	}
	_, text, _ = renderWith(t, f.st, config.Commands{Addresses: []string{"sam+rapport@example.com"}}, "sam@example.com", Options{Now: now, Zone: berlin, Targets: []string{"Globex"}})
	if !strings.Contains(text, "Next to ask\n===========\n\nYour target companies, in order of interest\n  Globex: nobody to ask yet") {
		t.Errorf("the text part has no Next to ask for Globex:\n%s", text)
	}
}

// BenchmarkBuildWithTargets is BenchmarkBuild for an owner with ten
// target companies: "Next to ask" matches each of the 100,000 contacts
// against them (BenchmarkBuild, without targets, groups them by
// organisation instead).
func BenchmarkBuildWithTargets(b *testing.B) {
	path := benchStore(b)
	st, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var targets []string
	for i := range 10 {
		targets = append(targets, fmt.Sprintf("Firm %d", i*97))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(context.Background(), st.Read(), Options{Now: now, Zone: berlin, Since: now.Add(-24 * time.Hour), Targets: targets}); err != nil {
			b.Fatal(err)
		}
	}
}
