package digest

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// A thank-you that has not left by the end of its window is late in the
// thank-yous group, by whole days in the owner's zone; before then the
// group says by when it is due.
func TestThankYouLate(t *testing.T) {
	// now is Wed 2 Dec 07:30 in Berlin.
	meeting := func(day int) *workflow.Meeting {
		start := time.Date(2026, 11, day, 15, 0, 0, 0, berlin)
		return &workflow.Meeting{Start: start, End: start.Add(30 * time.Minute)}
	}
	tests := []struct {
		name   string
		state  workflow.State
		metAt  time.Time // the met entry, for a contact with no meeting kept
		within int
		want   string
	}{
		{"met yesterday: due today", workflow.State{Status: workflow.StatusMet, Meeting: &workflow.Meeting{
			Start: time.Date(2026, 12, 1, 15, 0, 0, 0, berlin)}}, time.Time{}, 1,
			"met Tue 1 Dec; the thank-you is due by Wed 2 Dec"},
		{"met on Sunday: 2 days late", workflow.State{Status: workflow.StatusMet, Meeting: meeting(29)}, time.Time{}, 1,
			"met Sun 29 Nov; the thank-you is 2 days late (it was due by Mon 30 Nov)"},
		{"met on Monday: 1 day late", workflow.State{Status: workflow.StatusMet, Meeting: meeting(30)}, time.Time{}, 1,
			"met Mon 30 Nov; the thank-you is 1 day late (it was due by Tue 1 Dec)"},
		{"met on Sunday with three days: not late yet", workflow.State{Status: workflow.StatusMet, Meeting: meeting(29)}, time.Time{}, 3,
			"met Sun 29 Nov; the thank-you is due by Wed 2 Dec"},
		{"no meeting: when marked met", workflow.State{Status: workflow.StatusMet}, time.Date(2026, 11, 28, 23, 30, 0, 0, berlin), 1,
			"met Sat 28 Nov; the thank-you is 3 days late (it was due by Sun 29 Nov)"},
		{"nothing known: the window alone", workflow.State{Status: workflow.StatusMet}, time.Time{}, 2,
			"met; the thank-you should leave within 2 days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			if tt.metAt.IsZero() {
				f.contact("Tomás Herrera", "tomas@globex.example", tt.state, now.Add(-time.Hour))
			} else {
				f.contact("Tomás Herrera", "tomas@globex.example", tt.state, now.Add(-time.Hour), ev(workflow.EventMet, tt.metAt))
			}
			info, err := Build(context.Background(), f.st.Read(), Options{Now: now, Zone: berlin, ThankYouWithin: tt.within})
			if err != nil {
				t.Fatal(err)
			}
			var group *templates.DigestGroup
			for i := range info.Today {
				if info.Today[i].Key == "thank_yous" {
					group = &info.Today[i]
				}
			}
			if group == nil || len(group.Items) != 1 {
				t.Fatalf("thank-yous group = %+v, want Tomás in it", group)
			}
			if got := group.Items[0].Text; got != tt.want {
				t.Fatalf("thank-you item = %q, want %q", got, tt.want)
			}
		})
	}
}
