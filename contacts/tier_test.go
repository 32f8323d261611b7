package contacts

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

const day = 24 * time.Hour

// thanked stores a contact thanked some time ago whose next keep-in-touch
// note is due at due.
func (e *env) thanked(name, email string, due time.Time) *store.Contact {
	e.t.Helper()
	c := &store.Contact{Name: name, Email: email, State: workflow.State{
		Status: workflow.StatusThanked, Timers: map[workflow.TimerKind]time.Time{workflow.TimerKeepInTouch: due}}}
	err := e.st.WithTx(context.Background(), func(tx *store.Tx) error { return tx.InsertContact(context.Background(), c) })
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func TestTierCommandReplansTheNextNote(t *testing.T) {
	e := setup(t, config.SendApprove)
	// Due in 60 days with the 90-day default: thanked 30 days ago.
	jane := e.thanked("Jane Doe", "jane@acme.example", now.Add(60*day))
	tests := []struct {
		name, body string
		want       string
		wantTier   workflow.Tier
		wantDue    time.Time
	}{
		{"a slower tier", "#1 tier D\n", "✓ #1 Jane Doe: tier D, keep in touch every 365 days; next note due Tue 2 Nov 2027",
			workflow.TierD, now.Add(335 * day)},
		{"the same tier again", "#1 tier d\n", "✓ #1 Jane Doe: tier D, keep in touch every 365 days; next note due Tue 2 Nov 2027 (already; nothing changed)",
			workflow.TierD, now.Add(335 * day)},
		{"a faster tier, already overdue", "tier jane@acme.example A\n", "✓ #1 Jane Doe: tier A, keep in touch every 21 days; next note due Wed 2 Dec 2026",
			workflow.TierA, now},
		// The note made due now counts as if tier A's 21 days had run.
		{"no tier", "#1 tier none\n", "✓ #1 Jane Doe: no tier, keep in touch every 90 days; next note due Tue 9 Feb 2027",
			workflow.TierNone, now.Add(69 * day)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lines(e.commands("", tt.body, 0))
			if !strings.Contains(got, tt.want) {
				t.Errorf("receipt lacks %q:\n%s", tt.want, got)
			}
			c := e.get(jane.ID)
			if c.State.Tier != tt.wantTier || !c.State.Timers[workflow.TimerKeepInTouch].Equal(tt.wantDue) {
				t.Errorf("stored tier %q, next note %v; want %q, %v", c.State.Tier, c.State.Timers[workflow.TimerKeepInTouch], tt.wantTier, tt.wantDue)
			}
		})
	}
	hist, err := e.st.Read().History(context.Background(), jane.ID)
	if err != nil || len(hist) == 0 || hist[len(hist)-1].Detail != "tier none" {
		t.Errorf("history = %+v, %v; want the last entry to say tier none", hist, err)
	}
}

// A contact not yet thanked keeps the tier for the thank-you, which plans
// the first note by it.
func TestTierBeforeTheThankYou(t *testing.T) {
	e := setup(t, config.SendApprove)
	sam := e.contact("Sam Lee", "sam@globex.example", workflow.StatusMet)
	got := lines(e.commands("", "#1 tier B\n", 0))
	if want := "✓ #1 Sam Lee: tier B, keep in touch every 61 days\n"; !strings.Contains(got, want) {
		t.Fatalf("receipt lacks %q:\n%s", want, got)
	}
	c := e.get(sam.ID)
	err := e.st.WithTx(context.Background(), func(tx *store.Tx) error {
		_, err := e.track.Apply(context.Background(), tx, c, workflow.Event{Kind: workflow.EventThankYouSent}, now, store.SourceMail)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if due := e.get(sam.ID).State.Timers[workflow.TimerKeepInTouch]; !due.Equal(now.Add(61 * day)) {
		t.Errorf("first note due %v, want 61 days after the thank-you", due)
	}
}

// Their reply to a contact kept in touch with withdraws the note drafted
// and waiting, and counts the next from the reply.
func TestReplyWithdrawsAPrematureNote(t *testing.T) {
	e := setup(t, config.SendApprove)
	jane := e.thanked("Jane Doe", "jane@acme.example", now.Add(-time.Hour))
	apply := func(ev workflow.Event) {
		t.Helper()
		err := e.st.WithTx(context.Background(), func(tx *store.Tx) error {
			_, err := e.track.Apply(context.Background(), tx, e.get(jane.ID), ev, now, store.SourceMail)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	drafts := func() int {
		t.Helper()
		rows, err := e.st.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: jane.ID, Statuses: []string{store.OutboxDraft}})
		if err != nil {
			t.Fatal(err)
		}
		return len(rows)
	}
	apply(workflow.Event{Kind: workflow.EventTimerFired, Timer: workflow.TimerKeepInTouch})
	if n := drafts(); n != 1 {
		t.Fatalf("after the timer: %d keep-in-touch drafts, want 1", n)
	}
	apply(workflow.Event{Kind: workflow.EventReplyReceived})
	if n := drafts(); n != 0 {
		t.Errorf("after their reply: %d drafts waiting, want the premature note withdrawn", n)
	}
	if due := e.get(jane.ID).State.Timers[workflow.TimerKeepInTouch]; !due.Equal(now.Add(90 * day)) {
		t.Errorf("next note due %v, want 90 days after the reply", due)
	}
}
