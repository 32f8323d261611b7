package daemon

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// The clock jumps forward a day and back: no digest is written twice, nor
// one for a day before a digest already sent; timers that fired do not
// fire again.
func TestClockJumpsForwardAndBack(t *testing.T) {
	l := digestHarness(t, time.Date(2026, 12, 2, 7, 0, 0, 0, berlinZone(t)), "07:30")
	l.start()
	jane, _ := l.requested("Jane Doe", l.person("jane"))

	l.at(time.Date(2026, 12, 3, 7, 30, 1, 0, l.zone)) // a day ahead
	l.waitDigest("2026-12-03")
	l.at(time.Date(2026, 12, 2, 12, 0, 0, 0, l.zone)) // back to the day before
	// Forward past the nudge: it fires once, and the digest of the 9th is
	// the next one written (none for the days the clock skipped).
	nudge := l.contact(jane.ID).State.Timers[workflow.TimerNudge]
	y, m, d := nudge.In(l.zone).Date()
	after := time.Date(y, m, d, 8, 0, 0, 0, l.zone) // past the nudge and that day's digest time
	l.at(after)
	l.waitFired(jane.ID, workflow.TimerNudge)
	// The nudge and that day's digest leave, in either order.
	for left := map[string]bool{}; !left[workflow.TemplateNudge] || !left["digest"]; {
		select {
		case o := <-l.sent:
			if o.Status == store.OutboxSent {
				left[o.Template] = true
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("sent so far: %v; want the nudge and the digest", left)
		}
	}
	if days, mails := l.digestRows(); mails != 2 {
		t.Fatalf("digests %v (%d mails); want the 3rd and the nudge's day only", days, mails)
	}
	l.at(time.Date(2026, 12, 2, 12, 0, 0, 0, l.zone)) // back again
	l.at(after.Add(time.Minute))
	if n := count(l.history(jane.ID), string(workflow.EventNudgeSent)); n != 1 {
		t.Fatalf("%d nudges sent after the clock went back and forth, want 1", n)
	}
}

// A template broken while a timer is due: the step waits, the owner is
// told in the digest's problems, and it is done once the template is
// fixed; what was already drafted is not affected.
func TestTemplateBrokenWithATimerDue(t *testing.T) {
	l := newLife(t, berlinZone(t), time.Date(2026, 11, 2, 9, 0, 0, 0, berlinZone(t)))
	good, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	var broken atomic.Bool
	l.drafter.Templates = func() (*templates.Set, error) {
		if broken.Load() {
			return nil, errors.New("nudge.txt:3: unknown field .Nmae")
		}
		return good, nil
	}
	// The request is drafted while the templates still work; then they break.
	l.start()
	jane, _ := l.requested("Jane Doe", l.person("jane"))
	broken.Store(true)

	due := l.contact(jane.ID).State.Timers[workflow.TimerNudge]
	l.at(due.Add(time.Second))
	select {
	case f := <-l.fired:
		if f.contact != jane.ID || f.event != "" {
			t.Fatalf("with a broken template the timer gave %+v; want it to fail", f)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the timer was never tried")
	}
	problems, err := l.store.Read().ProblemsSince(t.Context(), time.Time{})
	if err != nil || len(problems) != 1 || problems[0].Kind != store.ProblemDraft || !strings.Contains(problems[0].Detail, "nudge.txt:3") {
		t.Fatalf("problems = %+v, %v; want the broken template, once", problems, err)
	}
	if c := l.contact(jane.ID); c.State.Status != workflow.StatusRequested || c.State.Timers[workflow.TimerNudge].IsZero() {
		t.Fatalf("Jane = %s, timers %v; want the nudge still pending", c.State.Status, c.State.Timers)
	}
	// Fixed: the next try (ten minutes later) writes and sends the nudge.
	broken.Store(false)
	l.at(due.Add(retryFailedTimer + 2*time.Second))
	l.waitFired(jane.ID, workflow.TimerNudge)
	l.waitOut(jane.ID, workflow.TemplateNudge)
}
