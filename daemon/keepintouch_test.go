package daemon

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// Keeping in touch on the real servers with the daemon's clock running
// fast: hearing from a thanked contact is keeping in touch, so their reply,
// delivered by Postfix, restarts the wait for the next note, and the old
// date passes without one.

// thanked adds a contact of tier to whom the owner sent the thank-you
// thanksID by hand after meeting them, now; it returns the contact.
func (l *lifeHarness) thanked(name, email string, tier workflow.Tier, thanksID string) *store.Contact {
	l.t.Helper()
	ctx := context.Background()
	c := &store.Contact{Name: name, Email: email}
	err := l.store.WithTx(ctx, func(tx *store.Tx) error {
		now := l.clock.Now()
		if err := l.track.Add(ctx, tx, c, now, store.SourceCLI, "test"); err != nil {
			return err
		}
		for _, ev := range []workflow.Event{
			{Kind: workflow.EventTierSet, Tier: tier},
			{Kind: workflow.EventRequestSent, MessageID: "req-" + thanksID},
			{Kind: workflow.EventMet},
			{Kind: workflow.EventThankYouSent, MessageID: thanksID, ByHand: true},
		} {
			if _, err := l.track.Apply(ctx, tx, c, ev, now, store.SourceCLI); err != nil {
				return err
			}
		}
		_, err := tx.RecordMessage(ctx, &store.Message{Key: thanksID, MessageID: thanksID, Direction: store.DirectionOut, ContactID: c.ID})
		return err
	})
	if err != nil {
		l.t.Fatal(err)
	}
	return c
}

// keepInTouchRows returns the keep-in-touch notes drafted for contact,
// whatever became of them.
func (l *lifeHarness) keepInTouchRows(contact int64) []store.Outgoing {
	l.t.Helper()
	list, err := l.store.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: contact, Audience: store.AudienceContact})
	if err != nil {
		l.t.Fatal(err)
	}
	var out []store.Outgoing
	for _, o := range list {
		if o.Template == workflow.TemplateKeepInTouch {
			out = append(out, o)
		}
	}
	return out
}

func TestKeepInTouchRestartedByAReply(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	l := newLife(t, berlin, time.Date(2026, 11, 2, 9, 0, 0, 0, berlin))
	l.start()
	janeAddr := l.person("jane")
	const tier = workflow.TierB
	wait := workflow.DefaultTierEvery()[tier]
	jane := l.thanked("Jane Doe", janeAddr, tier, "thanks-1@owner.example")
	oldDue := l.contact(jane.ID).State.Timers[workflow.TimerKeepInTouch]
	if want := time.Date(2026, 11, 2, 9, 0, 0, 0, berlin).Add(wait); oldDue.Sub(want).Abs() > time.Minute {
		t.Fatalf("after the thank-you the keep-in-touch note is due %v, want %v (tier %s)", oldDue.In(berlin), want, tier.Label())
	}

	// A month on, she writes back in the thread of the thank-you.
	l.at(time.Date(2026, 12, 2, 10, 0, 0, 0, berlin))
	l.contactWrites("Jane Doe <"+janeAddr+">", "Re: Thank you", "r1@jane.example", "thanks-1@owner.example", "Good to hear the talk helped. Keep me posted!\n")
	l.waitEvent(string(workflow.EventReplyReceived))
	c := l.contact(jane.ID)
	var replied time.Time
	hist, err := l.store.Read().History(context.Background(), jane.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range hist {
		if e.Kind == string(workflow.EventReplyReceived) {
			replied = e.At
		}
	}
	due := c.State.Timers[workflow.TimerKeepInTouch]
	if replied.IsZero() || !due.Equal(replied.Add(wait)) {
		t.Fatalf("after her reply (recorded at %v) the note is due %v, want the reply plus %d days (tier %s)", replied.In(berlin), due.In(berlin), wait/(24*time.Hour), tier.Label())
	}

	// The date the note was due before passes: nothing is due, nothing is
	// drafted.
	l.at(oldDue.Add(time.Hour))
	if list, err := l.store.Read().DueTimers(context.Background(), l.clock.Now(), 10); err != nil || len(list) != 0 {
		t.Fatalf("timers due on the old date: %v, %v; want none", list, err)
	}
	if rows := l.keepInTouchRows(jane.ID); len(rows) != 0 {
		t.Fatalf("keep-in-touch notes on the old date: %+v; want none", rows)
	}

	// Past the new date: one note, drafted once.
	l.at(due.Add(time.Second))
	l.waitFired(jane.ID, workflow.TimerKeepInTouch)
	if rows := l.keepInTouchRows(jane.ID); len(rows) != 1 || rows[0].Status != store.OutboxDraft {
		t.Fatalf("keep-in-touch notes after the new date: %+v; want one draft", rows)
	}
}
