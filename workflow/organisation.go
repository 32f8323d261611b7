package workflow

import (
	"fmt"
	"slices"
	"time"
)

// The 3B7 routine follows an organisation, not one person: see
// Policy.ColleagueAfter. The workflow decides when (the colleague timer,
// which answers hold whom) and what a held contact may do; who works
// with whom is the operations layer's to say, through the AskColleague
// and HoldColleagues actions.

// heldTimers are the timers a held contact's follow-ups wait on.
var heldTimers = []TimerKind{TimerNudge, TimerNoResponse, TimerColleague}

// Frozen reports whether timer k of a contact in s waits rather than
// fires: every timer but resume while paused, and the follow-ups' (nudge,
// no response, colleague) while held. A frozen timer is kept, not
// dropped; the store's query of due timers leaves the same ones out.
func Frozen(s State, k TimerKind) bool {
	if s.Status == StatusPaused {
		return k != TimerResume
	}
	return s.Held() && slices.Contains(heldTimers, k)
}

// planColleague sets, under the 3B7 routine, the timer that asks the
// next person at the organisation when a request is left unanswered.
func (t *transition) planColleague() {
	if t.p.PerOrganisation() {
		t.setTimer(TimerColleague, t.p.Calendar.AddBusinessDays(t.now, t.p.ColleagueAfter))
	}
}

// answeredOutreach is the statuses in which a reply answers the owner's
// request: under the 3B7 routine, such a reply holds the colleagues'
// follow-ups.
var answeredOutreach = []Status{StatusRequested, StatusNudged, StatusNoResponse}

// holdColleagues asks for the colleagues' follow-ups to be held when a
// reply answers the owner's request under the 3B7 routine; from is the
// status before the reply.
func (t *transition) holdColleagues(from Status) {
	if t.p.PerOrganisation() && slices.Contains(answeredOutreach, from) {
		t.actions = append(t.actions, HoldColleagues{})
	}
}

// colleagueReplied holds a contact still waiting for an answer, or whose
// request is written and has not left, because someone at their
// organisation answered: the nudge, no-response and colleague timers
// freeze until the owner says go on or hold. A nudge or request already
// drafted and not yet sent is withdrawn, and drafted again on go on: it
// must not leave while the owner has not decided. (The operations layer
// holds a drafted contact only when what waits is a request, never the
// answer to an introduction.)
func (t *transition) colleagueReplied() string {
	switch {
	case t.ev.Colleague == 0:
		return "no colleague given"
	case !t.is(StatusRequested, StatusNudged, StatusDrafted):
		return t.where() + "; only someone waiting for an answer, or for their request to leave, is held"
	case t.next.Held():
		return fmt.Sprintf("already held since #%d answered", t.next.HeldBy)
	case t.is(StatusDrafted):
		t.cancelDrafts(TemplateRequest)
		t.next.HeldBy, t.next.HeldAt = t.ev.Colleague, t.now
		return ""
	}
	_, nudgePlanned := t.next.Timers[TimerNudge]
	_, waiting := t.next.Timers[TimerNoResponse]
	if !nudgePlanned && waiting && t.next.Nudges < t.p.MaxNudges {
		// The nudge timer fired and its draft waits for approval or the
		// send window.
		t.cancelDrafts(TemplateNudge)
		t.setTimer(TimerNudge, t.now)
	}
	t.next.HeldBy, t.next.HeldAt = t.ev.Colleague, t.now
	return ""
}

// goOn releases a held contact: the frozen timers move on by the length
// of the hold, so each comes as long after the owner's word as it was
// due after the colleague's answer.
func (t *transition) goOn() string {
	if !t.next.Held() {
		return t.notHeld()
	}
	t.shiftHeld()
	t.unhold()
	if t.is(StatusDrafted) {
		t.draft(TemplateRequest, 0) // withdrawn when they were held
	}
	return ""
}

// hold ends a held contact's follow-ups: no nudge, and nobody else at the
// organisation asked on their account. They still wait for an answer, and
// count as no answer when the wait ends. One whose request had not left is
// new again: not asked, and not to be for now.
func (t *transition) hold() string {
	if !t.next.Held() {
		return t.notHeld()
	}
	t.shiftHeld()
	t.unhold()
	if t.is(StatusDrafted) {
		// Never asked, and not to be now: back to someone to ask later.
		t.next.Status = StatusNew
		return ""
	}
	t.cancelTimers(TimerNudge, TimerColleague)
	t.cancelDrafts(TemplateNudge)
	if _, ok := t.next.Timers[TimerNoResponse]; !ok {
		t.setTimer(TimerNoResponse, t.now.Add(t.p.NoResponseAfter))
	}
	return ""
}

func (t *transition) notHeld() string {
	return t.where() + "; go on and hold answer a colleague's reply, and nobody at their organisation has answered since"
}

// shiftHeld moves the frozen timers by the length of the hold. A hold
// with no known start, or one in the future after a clock change, shifts
// nothing.
func (t *transition) shiftHeld() {
	at := t.next.HeldAt
	if at.IsZero() || !at.Before(t.now) {
		return
	}
	shift := t.now.Sub(at)
	for _, k := range heldTimers {
		if due, ok := t.next.Timers[k]; ok {
			t.setTimer(k, due.Add(shift))
		}
	}
}

// unhold forgets a hold: the contact answered, met, was closed, or the
// owner decided.
func (t *transition) unhold() { t.next.HeldBy, t.next.HeldAt = 0, time.Time{} }

// heldRefusal refuses a frozen timer of a held contact.
func (t *transition) heldRefusal(k TimerKind) string {
	return fmt.Sprintf("held since #%d, a colleague, answered: the %s timer waits for go on or hold", t.next.HeldBy, k)
}
