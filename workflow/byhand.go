package workflow

// sentByHand is mail the owner wrote to the contact from their own mail
// program. It means what rapport's own mail at that point would have
// meant, so that rapport neither asks twice nor nudges someone the owner
// just wrote to; t.now is when the owner sent it (its Date), so timers
// count from there. It is never refused: whatever the status, the mail
// left, and the history records it.
//
//   - new, drafted: the request left (requested); a draft of it waiting
//     for approval is withdrawn, not sent as well.
//   - requested, nudged: a follow-up; the next nudge (or the end of
//     waiting) counts again from it, and a nudge draft already written is
//     withdrawn. It is not counted among the policy's nudges: those are
//     rapport's.
//   - met: the thank-you (thanked); a thank-you draft is withdrawn.
//   - thanked, keeping in touch: a keep-in-touch note.
//   - every other status: recorded only (answering their reply, writing
//     before a meeting, or to someone closed or paused).
func (t *transition) sentByHand() string {
	switch {
	case t.is(StatusNew, StatusDrafted):
		t.next.Status = StatusRequested
		t.next.Nudges = 0
		t.cancelDrafts(TemplateRequest, TemplateIntroReply)
		t.planWaiting()
	case t.is(StatusRequested, StatusNudged):
		t.cancelDrafts(TemplateNudge)
		t.waitAgain()
	case t.is(StatusMet):
		t.next.Status = StatusThanked
		t.cancelDrafts(TemplateThankYou)
		t.setTimer(TimerKeepInTouch, t.now.Add(t.p.KeepInTouchAfter))
	case t.is(StatusThanked, StatusKeepingInTouch):
		t.next.Status = StatusKeepingInTouch
		t.cancelDrafts(TemplateKeepInTouch)
		t.setTimer(TimerKeepInTouch, t.now.Add(t.p.KeepInTouchAfter))
	}
	return ""
}

// waitAgain restarts the wait that follows a request from a follow-up
// sent at t.now, as planWaiting does, except that a timer already set
// later stays: mail read late (an old copy, a crash's replay) must never
// bring a nudge forward.
func (t *transition) waitAgain() {
	kind, at := TimerNudge, t.p.Calendar.AddBusinessDays(t.now, t.p.NudgeAfter)
	if t.next.Nudges >= t.p.MaxNudges {
		kind, at = TimerNoResponse, t.now.Add(t.p.NoResponseAfter)
	}
	if cur, ok := t.next.Timers[kind]; ok && !cur.Before(at) {
		return
	}
	if kind == TimerNudge {
		t.cancelTimers(TimerNoResponse)
	}
	t.setTimer(kind, at)
}
