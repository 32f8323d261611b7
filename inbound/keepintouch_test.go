package inbound

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// Mail from a contact the owner already thanked reaches the workflow as
// their reply, which counts the next keep-in-touch note from it.
func TestReplyFromAThankedContactRestartsKeepingInTouch(t *testing.T) {
	f := newFixture(t)
	at := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	f.h.Now = func() time.Time { return at }
	c := f.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	thankedAt := at.Add(-30 * 24 * time.Hour)
	err := f.store.WithTx(context.Background(), func(tx *store.Tx) error {
		for _, k := range []workflow.EventKind{workflow.EventMet, workflow.EventThankYouSent} {
			if _, err := f.track.Apply(context.Background(), tx, c, workflow.Event{Kind: k}, thankedAt, store.SourceCLI); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if due := f.status(c.ID).Timers[workflow.TimerKeepInTouch]; !due.Equal(thankedAt.Add(90 * 24 * time.Hour)) {
		t.Fatalf("before the reply the next note is due %v, want 90 days after the thank-you", due)
	}
	out := f.handle(mail("Jane Doe <jane@acme.example>", "Re: thanks", "r-9@acme.example", "", at))
	if len(out) != 1 || out[0].Event != string(workflow.EventReplyReceived) {
		t.Fatalf("outcome = %+v, want their reply applied", out)
	}
	s := f.status(c.ID)
	if s.Status != workflow.StatusThanked || !s.Timers[workflow.TimerKeepInTouch].Equal(at.Add(90*24*time.Hour)) {
		t.Errorf("after their reply: %s, next note %v; want thanked, 90 days after the reply", s.Status, s.Timers[workflow.TimerKeepInTouch])
	}
}
