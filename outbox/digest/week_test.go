package digest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// weekFixture is a week with a debrief, a meeting, a referral that grows
// a chain of three, good questions, and older things the week leaves out.
func weekFixture(t *testing.T) (f *fixture, marc, claire, lena, tom *store.Contact) {
	f = newFixture(t)
	ctx := context.Background()
	marc = f.contact("Marc Dubois", "marc@example.net", workflow.State{Status: workflow.StatusThanked}, now.Add(-days(40)),
		ev(workflow.EventMet, now.Add(-days(30))))
	claire = f.contact("Claire Moreau", "claire@example.org", workflow.State{Status: workflow.StatusMet}, now.Add(-days(20)),
		ev(workflow.EventMet, now.Add(-days(2))))
	lena = &store.Contact{Name: "Lena Vogel", Email: "lena@example.org", State: workflow.State{Status: workflow.StatusNew},
		CreatedAt: now.Add(-days(1))}
	tom = f.contact("Tom Lee", "tom@example.com", workflow.State{Status: workflow.StatusRequested}, now.Add(-days(3)))
	f.tx(func(tx *store.Tx) error {
		claire.IntroducedBy = marc.ID
		if err := tx.UpdateContact(ctx, claire, now.Add(-days(20))); err != nil {
			return err
		}
		lena.IntroducedBy = claire.ID
		if err := tx.InsertContact(ctx, lena); err != nil {
			return err
		}
		for _, e := range []store.Entry{
			{ContactID: claire.ID, Kind: string(workflow.EventReferralAdded), At: now.Add(-days(1)), Detail: fmt.Sprintf("introduced #%d", lena.ID)},
			{ContactID: marc.ID, Kind: string(workflow.EventReferralAdded), At: now.Add(-days(21)), Detail: fmt.Sprintf("introduced #%d", claire.ID)},
		} {
			if err := tx.AppendHistory(ctx, &e); err != nil {
				return err
			}
		}
		for _, l := range []store.Learned{
			{ContactID: claire.ID, At: now.Add(-days(1)), Text: "Consultations are mostly listening."},
			{ContactID: marc.ID, At: now.Add(-days(29)), Text: "an old lesson"},
		} {
			if err := tx.AddLearned(ctx, &l); err != nil {
				return err
			}
		}
		for _, m := range []store.QuestionMark{
			{ContactID: claire.ID, Week: "2026-11-30", N: 5, Question: "What salary range can someone new expect?", At: now.Add(-days(1))},
			{ContactID: claire.ID, Week: "2026-11-30", N: 2, Question: "What does a typical day look like?", At: now.Add(-days(1))},
			{ContactID: tom.ID, Week: "2026-11-30", N: 5, Question: "Salary (since reworded)?", At: now.Add(-time.Hour)},
			{ContactID: marc.ID, Week: "2026-11-02", N: 9, Question: "Who else?", At: now.Add(-days(30))},
		} {
			if _, err := tx.MarkQuestion(ctx, &m); err != nil {
				return err
			}
		}
		return nil
	})
	return f, marc, claire, lena, tom
}

// The look back reads the seven days before the digest: what was
// learned, whom the owner met, the referrals gained, the chain they grew
// indented by depth, and the good questions counted.
func TestWeekParts(t *testing.T) {
	f, marc, claire, lena, tom := weekFixture(t)
	info, err := Build(context.Background(), f.st.Read(), Options{Now: now, Zone: berlin, Weekly: Weekly{Always: true}})
	if err != nil {
		t.Fatal(err)
	}
	w := info.Week
	if w == nil {
		t.Fatal("Week is nil with Always")
	}
	items := func(g templates.DigestGroup) []string {
		var out []string
		for _, it := range g.Items {
			out = append(out, fmt.Sprintf("#%d %s: %s", it.ID, it.Name, it.Text))
		}
		return out
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"learned", items(w.Learned), []string{fmt.Sprintf("#%d Claire Moreau: Consultations are mostly listening.", claire.ID)}},
		{"met", items(w.Met), []string{fmt.Sprintf("#%d Claire Moreau: met Mon 30 Nov", claire.ID)}},
		{"gained", items(w.Referrals), []string{fmt.Sprintf("#%d Lena Vogel: suggested by #%d Claire Moreau", lena.ID, claire.ID)}},
		{"tree", w.Tree, []templates.DigestTreeLine{
			{Depth: 0, ID: marc.ID, Name: "Marc Dubois"},
			{Depth: 1, ID: claire.ID, Name: "Claire Moreau"},
			{Depth: 2, ID: lena.ID, Name: "Lena Vogel", New: true},
		}},
		{"tree is whole", w.TreeAll, true},
		{"questions", w.Questions, []templates.DigestQuestion{
			{N: 5, Text: "What salary range can someone new expect?", Names: []string{fmt.Sprintf("#%d Claire Moreau", claire.ID), fmt.Sprintf("#%d Tom Lee", tom.ID)}},
			{N: 2, Text: "What does a typical day look like?", Names: []string{fmt.Sprintf("#%d Claire Moreau", claire.ID)}},
		}},
		{"not quiet", w.Quiet, false},
		{"from", w.From, now.AddDate(0, 0, -7)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %+v\nwant %+v", tt.got, tt.want)
			}
		})
	}
}

// The digest looks back on the owner's chosen day only.
func TestWeekOnChosenDay(t *testing.T) {
	f, _, _, _, _ := weekFixture(t)
	tests := []struct {
		name   string
		weekly Weekly
		want   bool
	}{
		{"chosen day", Weekly{Day: time.Wednesday, On: true}, true},
		{"another day", Weekly{Day: time.Friday, On: true}, false},
		{"off", Weekly{Day: time.Wednesday}, false},
		{"preview any day", Weekly{Day: time.Friday, On: true, Always: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := Build(context.Background(), f.st.Read(), Options{Now: now, Zone: berlin, Weekly: tt.weekly})
			if err != nil {
				t.Fatal(err)
			}
			if got := info.Week != nil; got != tt.want {
				t.Errorf("Week set = %v, want %v", got, tt.want)
			}
		})
	}
}

// A big referral tree is bounded: only the chains that grew, at most
// maxTreeLines lines, the rest counted.
func TestWeekTreeBounded(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.tx(func(tx *store.Tx) error {
		// 40 old chains of two, then one long chain that grew this week.
		for i := range 40 {
			root := &store.Contact{Name: fmt.Sprintf("Root %d", i), State: workflow.State{Status: workflow.StatusThanked}, CreatedAt: now.Add(-days(90))}
			if err := tx.InsertContact(ctx, root); err != nil {
				return err
			}
			kid := &store.Contact{Name: fmt.Sprintf("Kid %d", i), IntroducedBy: root.ID, State: workflow.State{Status: workflow.StatusNew}, CreatedAt: now.Add(-days(80))}
			if err := tx.InsertContact(ctx, kid); err != nil {
				return err
			}
		}
		by := int64(0)
		for i := range maxTreeLines + 5 {
			c := &store.Contact{Name: fmt.Sprintf("Link %d", i), IntroducedBy: by, State: workflow.State{Status: workflow.StatusNew}, CreatedAt: now.Add(-days(60))}
			if i == maxTreeLines+4 {
				c.CreatedAt = now.Add(-days(1))
			}
			if err := tx.InsertContact(ctx, c); err != nil {
				return err
			}
			by = c.ID
		}
		return nil
	})
	info, err := Build(ctx, f.st.Read(), Options{Now: now, Zone: berlin, Weekly: Weekly{Always: true}})
	if err != nil {
		t.Fatal(err)
	}
	w := info.Week
	if w.TreeAll || len(w.Tree) != maxTreeLines || w.TreeMore != 5 || w.Tree[0].Name != "Link 0" {
		t.Fatalf("tree = %d lines (all %v, %d more), first %+v; want the grown chain's first %d lines and 5 more",
			len(w.Tree), w.TreeAll, w.TreeMore, w.Tree[0], maxTreeLines)
	}
	if d := w.Tree[len(w.Tree)-1].Depth; d != maxTreeDepth {
		t.Errorf("the deepest line shown has depth %d, want it held at %d", d, maxTreeDepth)
	}
	if !w.Quiet {
		t.Errorf("a week with only an old chain growing by a new contact is not quiet: %+v", w)
	}
}
