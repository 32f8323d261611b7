package contacts

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The roads into the digest's funnel that the owner and the clock take:
// the meeting-over timer, as the daemon fires it, and the owner's marks on
// the command line (rapport mark), as cmd/rapport applies them. Each test
// reads the contact's milestones and the funnel of the digest the owner
// would get.

// reached says which steps of the funnel a contact reached.
type reached struct{ requested, replied, scheduled, met, thanked bool }

// wantReached checks that contact id, the only one of st, reached exactly
// the steps of want: its milestones are kept and the digest's all-time
// funnel counts it at each of them.
func wantReached(t *testing.T, st *store.Store, id int64, want reached) {
	t.Helper()
	ctx := context.Background()
	m, err := st.Read().Milestones(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	got := reached{!m.Requested.IsZero(), !m.Replied.IsZero(), !m.Scheduled.IsZero(), !m.Met.IsZero(), !m.Thanked.IsZero()}
	if got != want {
		t.Errorf("milestones reached %+v; want %+v (%+v)", got, want, m)
	}
	// The digest's all-time funnel is store.Funnel's, as read here: the
	// digest package itself cannot be imported by contacts' tests, since
	// it asks contacts whom to suggest next.
	f, _, err := st.Read().Funnel(ctx, trackerNow)
	if err != nil {
		t.Fatal(err)
	}
	one := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	gotN := [5]int{f.Requested, f.Replied, f.Scheduled, f.Met, f.Thanked}
	wantN := [5]int{one(want.requested), one(want.replied), one(want.scheduled), one(want.met), one(want.thanked)}
	if gotN != wantN {
		t.Errorf("digest funnel requested, replied, scheduled, met, thanked = %v; want %v", gotN, wantN)
	}
}

// The usual road to met: the meeting's time passes and the meeting-over
// timer fires, as the daemon's timekeeper applies it.
func TestMeetingOverTimerCountsTheMeeting(t *testing.T) {
	st, tr := setupTracker(t, nil)
	c := addJane(t, st, tr)
	start := trackerNow.Add(48 * time.Hour)
	for _, ev := range []workflow.Event{
		{Kind: workflow.EventRequestSent},
		{Kind: workflow.EventMeetingScheduled, Meeting: &workflow.Meeting{Start: start, End: start.Add(time.Hour)}},
	} {
		if _, err := apply(st, tr, c, ev, trackerNow); err != nil {
			t.Fatal(err)
		}
	}
	due, ok := c.State.Timers[workflow.TimerMeetingOver]
	if !ok {
		t.Fatalf("timers = %v; want meeting_over", c.State.Timers)
	}
	err := st.WithTx(context.Background(), func(tx *store.Tx) error {
		_, err := tr.Apply(context.Background(), tx, c, workflow.Event{Kind: workflow.EventTimerFired, Timer: workflow.TimerMeetingOver},
			due, store.SourceTimer)
		return err
	})
	if err != nil || c.State.Status != workflow.StatusMet {
		t.Fatalf("the meeting-over timer: %s, %v; want met", c.State.Status, err)
	}
	wantReached(t, st, c.ID, reached{requested: true, replied: true, scheduled: true, met: true})
	if m, _ := st.Read().Milestones(context.Background(), c.ID); !m.Met.Equal(due) {
		t.Errorf("met at %s; want when the timer fired, %s", m.Met, due)
	}
}

// rapport mark: each verb the owner gives moves the contact along the
// funnel, and a verb that means an answer counts as a reply after a
// request, never without one.
func TestCommandLineMarksCountTheirSteps(t *testing.T) {
	meeting := trackerNow.Add(48 * time.Hour)
	tests := []struct {
		name    string
		request bool   // the request was sent first
		marks   []Mark // in order, a day apart
		want    reached
	}{
		{"met while waiting", true, []Mark{{Verb: workflow.VerbMet}},
			reached{requested: true, replied: true, scheduled: true, met: true}},
		{"scheduled while waiting, then met", true, []Mark{{Verb: workflow.VerbScheduled, At: meeting}, {Verb: workflow.VerbMet}},
			reached{requested: true, replied: true, scheduled: true, met: true}},
		{"declined", true, []Mark{{Verb: workflow.VerbDeclined}},
			reached{requested: true, replied: true}},
		{"met straight from new, never asked: no reply counted", false, []Mark{{Verb: workflow.VerbMet}},
			reached{scheduled: true, met: true}},
		{"paused, resumed and dropped: never answered", true,
			[]Mark{{Verb: workflow.VerbPause}, {Verb: workflow.VerbResume}, {Verb: workflow.VerbDrop}},
			reached{requested: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, tr := setupTracker(t, nil)
			c := addJane(t, st, tr)
			at := trackerNow
			if tt.request {
				if _, err := apply(st, tr, c, workflow.Event{Kind: workflow.EventRequestSent}, at); err != nil {
					t.Fatal(err)
				}
			}
			for _, m := range tt.marks {
				at = at.Add(24 * time.Hour)
				ev, ok := m.Event(c)
				if !ok {
					t.Fatalf("mark %s: no event for %s", m.Verb, c.State.Status)
				}
				if _, err := apply(st, tr, c, ev, at); err != nil {
					t.Fatalf("mark %s: %v", m.Verb, err)
				}
			}
			wantReached(t, st, c.ID, tt.want)
		})
	}
}
