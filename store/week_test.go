package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// The week's queries read what happened in [from, to) and nothing
// outside it: what was learned, the latest event of a kind per contact,
// the good questions counted, the referral tree's contacts.
func TestWeekQueries(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	from := time.Date(2026, 11, 27, 7, 30, 0, 0, time.UTC)
	to := from.AddDate(0, 0, 7)
	in, before, after := from.Add(48*time.Hour), from.Add(-time.Hour), to.Add(time.Hour)

	root := &Contact{Name: "Marc Dubois", Email: "marc@example.net"}
	insert(t, st, root)
	mid := &Contact{Name: "Claire Moreau", Email: "claire@example.org", IntroducedBy: root.ID}
	insert(t, st, mid)
	leaf := &Contact{Name: "Lena Vogel", Email: "lena@example.org", IntroducedBy: mid.ID}
	insert(t, st, leaf)
	alone := &Contact{Name: "Tom Lee", Email: "tom@example.com"}
	insert(t, st, alone)

	err := st.WithTx(ctx, func(tx *Tx) error {
		for _, l := range []*Learned{
			{ContactID: mid.ID, At: in, Text: "listening matters more than presenting"},
			{ContactID: root.ID, At: before, Text: "last week's"},
			{ContactID: leaf.ID, At: after, Text: "next week's"},
		} {
			if err := tx.AddLearned(ctx, l); err != nil {
				return err
			}
		}
		for _, e := range []*Entry{
			{ContactID: mid.ID, At: in, Kind: "met", From: workflow.StatusScheduled, To: workflow.StatusMet},
			{ContactID: mid.ID, At: in.Add(30 * time.Minute), Kind: "resumed", From: workflow.StatusMet, To: workflow.StatusMet}, // not a move into met
			// One line per contact: met again, by the meeting-over timer.
			{ContactID: mid.ID, At: in.Add(time.Hour), Kind: "timer_fired", From: workflow.StatusScheduled, To: workflow.StatusMet},
			{ContactID: root.ID, At: before, Kind: "met", From: workflow.StatusScheduled, To: workflow.StatusMet},
			{ContactID: alone.ID, At: in, Kind: "note"},
		} {
			if err := tx.AppendHistory(ctx, e); err != nil {
				return err
			}
		}
		for _, m := range []*QuestionMark{
			{ContactID: mid.ID, Week: "2026-11-30", N: 2, Question: "Typical day?", At: in},
			{ContactID: mid.ID, Week: "2026-11-30", N: 5, Question: "Salary?", At: in},
			{ContactID: leaf.ID, Week: "2026-11-30", N: 5, Question: "Salary, renamed later?", At: in.Add(time.Hour)},
			{ContactID: root.ID, Week: "2026-11-23", N: 2, Question: "Typical day?", At: before},
		} {
			if _, err := tx.MarkQuestion(ctx, m); err != nil {
				return err
			}
		}
		again, err := tx.MarkQuestion(ctx, &QuestionMark{ContactID: mid.ID, Week: "2026-11-30", N: 2, Question: "New words", At: in})
		if err != nil || again {
			t.Errorf("MarkQuestion() of a question marked that week = %v, %v; want false", again, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tx := st.Read()

	learned, total, err := tx.LearnedBetween(ctx, from, to, 10)
	if err != nil || total != 1 || len(learned) != 1 || learned[0].Text != "listening matters more than presenting" {
		t.Errorf("LearnedBetween() = %+v, %d, %v; want this week's one", learned, total, err)
	}
	met, total, err := tx.ReachedBetween(ctx, workflow.StatusMet, from, to, 10)
	if err != nil || total != 1 || len(met) != 1 || met[0].ContactID != mid.ID || !met[0].At.Equal(in.Add(time.Hour)) {
		t.Errorf("ReachedBetween(met) = %+v, %d, %v; want Claire's latest", met, total, err)
	}
	good, err := tx.GoodQuestionsBetween(ctx, from, to)
	want := []GoodQuestion{{N: 5, Question: "Salary?", Contacts: []int64{mid.ID, leaf.ID}},
		{N: 2, Question: "Typical day?", Contacts: []int64{mid.ID}}}
	if err != nil || !reflect.DeepEqual(good, want) {
		t.Errorf("GoodQuestionsBetween() = %+v, %v; want %+v", good, err, want)
	}
	nodes, total, err := tx.ReferralNodes(ctx, 2)
	if err != nil || total != 3 || len(nodes) != 2 || nodes[0].ID != root.ID || nodes[1].IntroducedBy != root.ID {
		t.Errorf("ReferralNodes(2) = %+v, %d, %v; want Marc and Claire of 3", nodes, total, err)
	}
}
