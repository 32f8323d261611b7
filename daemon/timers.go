package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/internal/when"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// timekeeper fires the contacts' timers when they fall due: the nudge, the
// end of waiting, the prep brief, the meeting being over, keeping in
// touch, the end of a pause. Timers live in the database, so a timer due
// while rapport was down fires once when it starts; the mail it drafts
// then leaves paced by the sender, inside the send window and the daily
// cap, not in a burst.
//
// Each timer fires in a transaction of its own, which also removes it: a
// crash fires it again or not at all, never twice.
type timekeeper struct {
	store *store.Store
	track *contacts.Tracker
	log   *slog.Logger
	now   func() time.Time
	kick  chan struct{} // capacity 1: the clock moved, or a timer changed
	look  *lookout      // how long it may sleep without looking
	// fired, when set, is called after each timer's outcome is committed,
	// with the event applied ("" when the timer was dropped or failed).
	fired func(contactID int64, timer workflow.TimerKind, event string)
	// failed holds timers that could not fire (a broken template): they
	// are tried again after retryFailedTimer, not on every pass.
	failed map[timerKey]time.Time
	// reported holds the failed timers already kept as a problem.
	reported map[timerKey]bool
}

type timerKey struct {
	contact int64
	kind    workflow.TimerKind
}

// retryFailedTimer is how long a timer that failed to fire waits.
const retryFailedTimer = 10 * time.Minute

// timerBatch is how many due timers one query returns.
const timerBatch = 50

// run fires due timers until ctx ends, sleeping until the next one is due,
// a kick, or k.look.every() (the CLI changes timers from another process).
func (k *timekeeper) run(ctx context.Context) {
	for ctx.Err() == nil {
		wait := k.look.every()
		if err := k.fireDue(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			k.log.Error("timers: cannot use the database; trying again in a minute", "err", err)
			wait = time.Minute
		} else if next, ok, err := k.store.Read().NextTimer(ctx); err == nil && ok {
			wait = min(wait, max(next.Sub(k.now()), 0))
		}
		if wait == 0 {
			// Only failed timers are due; they wait their turn.
			wait = k.look.every()
		}
		nap(ctx, wait, k.kick)
	}
}

// fireDue fires every timer due now.
func (k *timekeeper) fireDue(ctx context.Context) error {
	now := k.now()
	for {
		due, err := k.store.Read().DueTimers(ctx, now, timerBatch)
		if err != nil {
			return err
		}
		progress := false
		for _, t := range due {
			key := timerKey{t.ContactID, t.Kind}
			if until, ok := k.failed[key]; ok && now.Before(until) {
				continue
			}
			delete(k.failed, key)
			progress = true
			event, err := k.fire(ctx, t, now)
			if errors.Is(err, store.ErrBusy) || errors.Is(err, store.ErrDiskFull) {
				// The database, not the timer: nothing was committed, and
				// the pass is tried again soon. Setting the timer aside for
				// retryFailedTimer and reporting it as a broken step (as for
				// a broken template) would blame the wrong thing.
				return err
			}
			if err == nil {
				delete(k.reported, key)
			}
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				k.failed[key] = now.Add(retryFailedTimer)
				k.log.Error("a timer could not fire; trying again later", "contact", t.ContactID, "timer", t.Kind,
					"retry_in", retryFailedTimer, "err", err)
				if !k.reported[key] {
					// Once per timer, for the digest's problems.
					k.reported[key] = true
					p := &store.Problem{At: now, Kind: store.ProblemDraft,
						Detail: fmt.Sprintf("the %s step of #%d could not run: %v", t.Kind, t.ContactID, err)}
					if err := k.store.WithTx(ctx, func(tx *store.Tx) error { return tx.AddProblem(ctx, p) }); err != nil {
						k.log.Error("could not record the problem for the digest", "err", err)
					}
				}
			}
			if k.fired != nil {
				k.fired(t.ContactID, t.Kind, event)
			}
		}
		if len(due) < timerBatch || !progress {
			return nil
		}
	}
}

// fire applies one due timer. A timer the workflow refuses (the contact
// moved on in a way that did not clear it) is dropped and logged.
func (k *timekeeper) fire(ctx context.Context, t store.Timer, now time.Time) (event string, err error) {
	err = k.store.WithTx(ctx, func(tx *store.Tx) error {
		c, err := tx.Contact(ctx, t.ContactID)
		if err != nil {
			return err
		}
		due, ok := c.State.Timers[t.Kind]
		if !ok || due.After(now) {
			return nil // changed since DueTimers read it
		}
		if workflow.Frozen(c.State, t.Kind) {
			return nil // paused or held since: the timer stays frozen, not dropped
		}
		ev := workflow.Event{Kind: workflow.EventTimerFired, Timer: t.Kind,
			Why: fmt.Sprintf("%s due %s", t.Kind, when.Owner(k.track.Zone()).Short(due))}
		_, err = k.track.Apply(ctx, tx, c, ev, now, store.SourceTimer)
		var refused *workflow.TransitionError
		if errors.As(err, &refused) {
			k.log.Info("timer dropped", "contact", c.ID, "timer", t.Kind, "reason", refused.Reason)
			return tx.DropTimer(ctx, c.ID, t.Kind)
		}
		if err != nil {
			return err
		}
		event = string(workflow.EventTimerFired)
		return nil
	})
	if err != nil {
		return "", err
	}
	if event != "" {
		k.log.Info("timer fired", "contact", t.ContactID, "timer", t.Kind)
	}
	return event, nil
}
