package store

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// A contact held because a colleague answered keeps the hold across a
// read, and its follow-up timers stay frozen while its other timers fire.
func TestHeldContactsFollowUpsStayFrozen(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	held := &Contact{Name: "Held", Email: "held@acme.example", State: workflow.State{
		Status: workflow.StatusRequested, HeldBy: 2, HeldAt: at,
		Timers: map[workflow.TimerKind]time.Time{workflow.TimerNudge: at, workflow.TimerColleague: at},
	}}
	insert(t, st, held)
	free := &Contact{Name: "Free", Email: "free@acme.example", State: workflow.State{
		Status: workflow.StatusRequested, Timers: map[workflow.TimerKind]time.Time{workflow.TimerNudge: at.Add(time.Hour)},
	}}
	insert(t, st, free)

	got, err := st.Read().Contact(ctx, held.ID)
	if err != nil || got.State.HeldBy != 2 || !got.State.HeldAt.Equal(at) {
		t.Fatalf("held contact read back: held by %d at %v, %v; want 2 at %v", got.State.HeldBy, got.State.HeldAt, err, at)
	}

	var due []Timer
	var next time.Time
	err = st.WithTx(ctx, func(tx *Tx) error {
		var err error
		if due, err = tx.DueTimers(ctx, at.Add(24*time.Hour), 10); err != nil {
			return err
		}
		next, _, err = tx.NextTimer(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].ContactID != free.ID {
		t.Errorf("due timers = %+v; want only the free contact's nudge", due)
	}
	if !next.Equal(at.Add(time.Hour)) {
		t.Errorf("next timer at %v; want the free contact's, %v", next, at.Add(time.Hour))
	}

	// Released, its timers are due again.
	got.State.HeldBy, got.State.HeldAt = 0, time.Time{}
	err = st.WithTx(ctx, func(tx *Tx) error {
		if err := tx.UpdateContact(ctx, got, at); err != nil {
			return err
		}
		due, err = tx.DueTimers(ctx, at.Add(24*time.Hour), 10)
		return err
	})
	if err != nil || len(due) != 3 {
		t.Errorf("due timers after release = %+v, %v; want all three", due, err)
	}
}
