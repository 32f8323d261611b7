package store

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// milestoneDay is the first day of the tests' histories; a milestone is
// told as the number of days after it, -1 for none.
var milestoneDay = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// marks are a contact's milestones as days after milestoneDay (-1 when
// empty), and the reply time in days (-1 when empty).
type marks struct {
	Requested, Replied, Scheduled, Met, Thanked int
	ReplyDays                                   float64
}

// none is a contact who reached no step.
var none = marks{-1, -1, -1, -1, -1, -1}

// step is one history entry of a test: kind, from → to, on day Day.
type step struct {
	Day      int
	Kind     workflow.EventKind
	From, To workflow.Status
}

// readMarks returns the milestones of contact id.
func readMarks(t *testing.T, st *Store, id int64) marks {
	t.Helper()
	m, err := st.Read().Milestones(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	day := func(at time.Time) int {
		if at.IsZero() {
			return -1
		}
		return int(at.Sub(milestoneDay) / (24 * time.Hour))
	}
	return marks{day(m.Requested), day(m.Replied), day(m.Scheduled), day(m.Met), day(m.Thanked),
		math.Round(m.ReplyDays*1000) / 1000}
}

// milestoneCase is a contact's history and the milestones it must leave.
type milestoneCase struct {
	name  string
	steps []step
	want  marks
}

// milestoneCases walk every road into each step of the funnel, and the
// roads that must not count.
func milestoneCases() []milestoneCase {
	const (
		new_      = workflow.StatusNew
		drafted   = workflow.StatusDrafted
		requested = workflow.StatusRequested
		nudged    = workflow.StatusNudged
		replied   = workflow.StatusReplied
		scheduled = workflow.StatusScheduled
		met       = workflow.StatusMet
		thanked   = workflow.StatusThanked
		keeping   = workflow.StatusKeepingInTouch
		declined  = workflow.StatusDeclined
		bounced   = workflow.StatusBounced
		paused    = workflow.StatusPaused
	)
	request := []step{
		{0, workflow.EventAdded, "", new_},
		{0, workflow.EventRequestDrafted, new_, drafted},
		{1, workflow.EventRequestSent, drafted, requested},
	}
	return []milestoneCase{
		{"a reply, a meeting, a thank-you, keeping in touch", append(request[:3:3],
			step{3, workflow.EventReplyReceived, requested, replied},
			step{4, workflow.EventMeetingScheduled, replied, scheduled},
			step{10, workflow.EventMet, scheduled, met},
			step{11, workflow.EventThankYouSent, met, thanked},
			step{40, workflow.EventKeepInTouchSent, thanked, keeping}),
			marks{1, 3, 4, 10, 11, 2}},
		{"a calendar invitation as the first answer, met by the timer", append(request[:3:3],
			step{2, workflow.EventNudgeSent, requested, nudged},
			step{5, workflow.EventMeetingScheduled, nudged, scheduled},
			step{8, workflow.EventTimerFired, scheduled, met},
			step{9, workflow.EventThankYouSent, met, thanked}),
			marks{1, 5, 5, 8, 9, 4}},
		{"marked met by the owner while waiting", append(request[:3:3],
			step{6, workflow.EventMet, requested, met}),
			marks{1, 6, 6, 6, -1, 5}},
		{"declined: a no is an answer", append(request[:3:3],
			step{2, workflow.EventDeclined, requested, declined}),
			marks{1, 2, -1, -1, -1, 1}},
		{"declined after the meeting was arranged and cancelled", append(request[:3:3],
			step{2, workflow.EventMeetingScheduled, requested, scheduled},
			step{3, workflow.EventMeetingCancelled, scheduled, replied},
			step{4, workflow.EventDeclined, replied, declined}),
			marks{1, 2, 2, -1, -1, 1}},
		{"met straight from new: met, never requested nor replied", []step{
			{0, workflow.EventAdded, "", new_},
			{2, workflow.EventMet, new_, met},
			{3, workflow.EventThankYouSent, met, thanked}},
			marks{-1, -1, 2, 2, 3, -1}},
		{"wrote first, before any request", []step{
			{0, workflow.EventAdded, "", new_},
			{2, workflow.EventReplyReceived, new_, replied}},
			none},
		{"a reply while paused counts when it came", append(request[:3:3],
			step{2, workflow.EventPaused, requested, paused},
			step{3, workflow.EventReplyReceived, paused, paused},
			step{5, workflow.EventResumed, paused, replied}),
			marks{1, 3, -1, -1, -1, 2}},
		{"paused and resumed: nothing stamped again", append(request[:3:3],
			step{2, workflow.EventMeetingScheduled, requested, scheduled},
			step{3, workflow.EventMeetingCancelled, scheduled, replied},
			step{4, workflow.EventPaused, replied, paused},
			step{6, workflow.EventResumed, paused, replied},
			step{7, workflow.EventMeetingScheduled, replied, scheduled},
			step{9, workflow.EventTimerFired, scheduled, met},
			step{10, workflow.EventThankYouSent, met, thanked},
			step{12, workflow.EventPaused, thanked, paused},
			step{14, workflow.EventResumed, paused, thanked}),
			marks{1, 2, 2, 9, 10, 1}},
		{"bounced: never replied", append(request[:3:3],
			step{1, workflow.EventBounceReceived, requested, bounced}),
			marks{1, -1, -1, -1, -1, -1}},
		{"notes and edits reach nothing", []step{
			{0, workflow.EventAdded, "", new_},
			{1, EntryNote, new_, new_},
			{2, EntryEdited, new_, new_}},
			none},
	}
}

// The funnel's milestones follow the status each entry moves the contact
// to, whatever its kind: every road into a step stamps it once, at the
// first entry that reaches it.
func TestMilestonesFollowTheStatus(t *testing.T) {
	for _, tt := range milestoneCases() {
		t.Run(tt.name, func(t *testing.T) {
			st := openTest(t)
			c := &Contact{Name: "Tomás Herrera", Email: "tomas@example.org"}
			insert(t, st, c)
			ctx := context.Background()
			err := st.WithTx(ctx, func(tx *Tx) error {
				for _, s := range tt.steps {
					e := &Entry{ContactID: c.ID, At: milestoneDay.AddDate(0, 0, s.Day), Kind: string(s.Kind),
						From: s.From, To: s.To, Source: SourceMail}
					if err := tx.AppendHistory(ctx, e); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := readMarks(t, st, c.ID); got != tt.want {
				t.Errorf("milestones = %+v; want %+v", got, tt.want)
			}
		})
	}
}
