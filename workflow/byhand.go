package workflow

// Mail the owner writes to a contact from their own mail program means
// what rapport's own mail at that point would have meant, so that rapport
// neither asks twice nor nudges someone the owner just wrote to. The
// event's time is when the owner sent it (its Date), so timers count from
// there.

// HandSentEvent returns the kind of event that mail the owner sent a
// contact in s by hand means, to be applied with Event.ByHand set:
//
//   - new, drafted: their request (EventRequestSent); a request drafted
//     and waiting is withdrawn;
//   - met: the thank-you (EventThankYouSent); its draft is withdrawn;
//   - thanked, keeping in touch: a keep-in-touch note
//     (EventKeepInTouchSent);
//   - requested, nudged, and every other status: EventSentByHand, a
//     follow-up or mail that changes nothing.
//
// The request and thank-you keep their own kinds so that everything that
// counts them (the funnel's milestones, the digest) counts the owner's
// own as well.
func HandSentEvent(s State) EventKind {
	switch s.Status {
	case StatusNew, StatusDrafted:
		return EventRequestSent
	case StatusMet:
		return EventThankYouSent
	case StatusThanked, StatusKeepingInTouch:
		return EventKeepInTouchSent
	}
	return EventSentByHand
}

// sentByHand is mail the owner wrote that HandSentEvent did not make a
// request, thank-you or keep-in-touch note. It is never refused: the mail
// left, and the history records it.
//
//   - requested, nudged: a follow-up; the next nudge (or the end of
//     waiting) counts again from it, and a nudge draft already written is
//     withdrawn. It is not counted among the policy's nudges: those are
//     rapport's.
//   - every other status: recorded only (answering their reply, writing
//     before a meeting, or to someone closed or paused).
func (t *transition) sentByHand() string {
	if t.is(StatusRequested, StatusNudged) {
		t.cancelDrafts(TemplateNudge)
		t.waitAgain()
	}
	// Mail to someone kept in touch with (applied as sent_by_hand by an
	// older front-end or a replay) restarts the wait for the next note.
	t.keepInTouchFrom(true)
	return ""
}

// waitAgain restarts the wait that follows a request from a follow-up
// sent at t.now, as planWaiting does, except that a timer already set
// later stays: mail read late (an old copy, a crash's replay) must never
// bring a nudge forward.
func (t *transition) waitAgain() {
	kind, at := TimerNudge, t.p.Calendar.AddBusinessDays(t.now, t.p.nudgeAfter(t.next.Nudges))
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
