package workflow

import (
	"fmt"
	"slices"
	"time"
)

// This file holds one step per event kind; transition.go holds the helpers
// they share. Each step either applies its event to t.next or returns why
// it refuses.

func (t *transition) requestDrafted() string {
	switch {
	case t.is(StatusNew):
		t.next.Status = StatusDrafted
		t.draft(t.requestTemplate(), 0)
		return ""
	case t.is(StatusDrafted):
		// Written again (the owner skipped the first text, or wants a fresh
		// one from an edited template): the old draft goes.
		t.cancelDrafts(TemplateRequest, TemplateIntroReply)
		t.draft(t.requestTemplate(), 0)
		return ""
	case t.is(StatusPaused):
		return t.pausedRefusal()
	}
	return t.where() + "; a request goes only to new contacts"
}

// where says, for a refusal, where a contact past new and drafted stands,
// with the date that matters in the owner's zone: "they are scheduled
// (meeting Tue 8 Dec)". The subject is "they", so that it reads after the
// contact's name in every front-end: "#12 Jane Doe: they are …".
func (t *transition) where() string {
	s := t.next
	day := func(at time.Time) string { return at.In(t.p.ownerZone()).Format("Mon 2 Jan") }
	switch s.Status {
	case StatusRequested, StatusNudged, StatusDrafted:
		if s.Held() {
			return fmt.Sprintf("#%d, a colleague of theirs, answered: write go on or hold", s.HeldBy)
		}
	}
	switch s.Status {
	case StatusRequested:
		if at, ok := s.Timers[TimerNudge]; ok {
			return fmt.Sprintf("they have your request and have not answered yet (a nudge is due %s)", day(at))
		}
		return "they have your request and have not answered yet"
	case StatusNudged:
		nudges := "a nudge"
		if s.Nudges > 1 {
			nudges = fmt.Sprintf("%d nudges", s.Nudges)
		}
		return fmt.Sprintf("they have your request and %s, and have not answered yet", nudges)
	case StatusReplied:
		return "they replied to your request (answer them, then mark them scheduled or met)"
	case StatusScheduled:
		if m := s.Meeting; m != nil {
			return fmt.Sprintf("they are scheduled (meeting %s)", day(m.Start))
		}
		return "they are scheduled"
	case StatusMet:
		if m := s.Meeting; m != nil {
			return fmt.Sprintf("you met them (%s)", day(m.Start))
		}
		return "you met them"
	case StatusThanked:
		return "you met them and sent your thank-you"
	case StatusKeepingInTouch:
		return "you met them and keep in touch"
	case StatusDeclined:
		return "they declined"
	case StatusNoResponse:
		return "they never answered your request or its nudges"
	case StatusBounced:
		return "mail to them bounced"
	case StatusDropped:
		return "you dropped them"
	}
	return fmt.Sprintf("they are %s", s.Status.Label())
}

// requestTemplate is the template of the first mail to the contact.
func (t *transition) requestTemplate() string {
	if t.ev.Intro {
		return TemplateIntroReply
	}
	return TemplateRequest
}

func (t *transition) requestSent() string {
	if !t.is(StatusNew, StatusDrafted) {
		if t.is(StatusPaused) {
			return t.pausedRefusal()
		}
		return "a request was already sent"
	}
	t.next.Status = StatusRequested
	t.next.Nudges = 0
	// Sent all the same (by hand, or a draft the hold did not withdraw):
	// they are asked now, and their follow-ups count from here.
	t.unhold()
	if t.ev.ByHand {
		t.cancelDrafts(TemplateRequest, TemplateIntroReply)
	}
	t.planWaiting()
	t.planColleague()
	return ""
}

func (t *transition) nudgeSent() string {
	if !t.is(StatusRequested, StatusNudged) {
		return "nudges follow an unanswered request only"
	}
	if t.next.Nudges >= t.p.MaxNudges {
		return fmt.Sprintf("already sent %d nudge(s), the most the policy allows", t.next.Nudges)
	}
	t.next.Status = StatusNudged
	t.next.Nudges++
	t.cancelTimers(TimerNudge)
	t.planWaiting()
	return ""
}

// replyReceived accepts a reply in every status: the world does not know
// our states. Waiting stops at once: pending nudges are withdrawn.
func (t *transition) replyReceived() string {
	waiting := []Status{StatusNew, StatusDrafted, StatusRequested, StatusNudged, StatusNoResponse, StatusBounced}
	from := t.next.Status
	switch {
	case t.is(waiting...):
		t.next.Status = StatusReplied
		t.cancelTimers(TimerNudge, TimerNoResponse, TimerColleague)
		t.cancelDrafts(TemplateRequest, TemplateIntroReply, TemplateNudge)
	case t.is(StatusPaused) && slices.Contains(waiting, t.next.PausedFrom):
		from = t.next.PausedFrom
		t.next.PausedFrom = StatusReplied
		t.cancelTimers(TimerNudge, TimerNoResponse, TimerColleague)
		t.cancelDrafts(TemplateRequest, TemplateIntroReply, TemplateNudge)
	}
	t.unhold()
	// Under the 3B7 routine, their answer holds their colleagues'
	// follow-ups; it comes before the notice, which asks about them.
	t.holdColleagues(from)
	t.next.ReturnDate = t.ev.ReturnDate // an answer ends any absence we knew of
	// Hearing from someone the owner keeps in touch with is keeping in
	// touch: the next note counts from their mail.
	t.keepInTouchFrom(true)
	t.actions = append(t.actions, Notify{Notice: NoticeReply, Copied: t.ev.Copied})
	return ""
}

// autoReplyReceived remembers the absence and, while we wait for an
// answer, moves the next nudge (or the end of waiting) past the return.
func (t *transition) autoReplyReceived() string {
	t.next.ReturnDate = t.ev.ReturnDate
	if !t.is(StatusRequested, StatusNudged) {
		return ""
	}
	after := t.now.Add(t.p.AwayUnknown)
	if !t.ev.ReturnDate.IsZero() {
		// Back on the return date, at the time of day we would have written.
		back := t.p.Calendar.atClockOf(t.ev.ReturnDate, t.now)
		after = t.p.Calendar.AddBusinessDays(back, t.p.AwayGrace)
	}
	for _, k := range []TimerKind{TimerNudge, TimerNoResponse} {
		if at, ok := t.next.Timers[k]; ok && at.Before(after) {
			t.setTimer(k, after)
		}
	}
	return ""
}

func (t *transition) bounceReceived() string {
	if t.is(StatusBounced, StatusDeclined, StatusDropped) {
		return "" // already closed; the history still records it
	}
	t.close(StatusBounced)
	n := Notify{Notice: NoticeBounce}
	if b := t.ev.Bounce; b != nil {
		c := *b // the action must not share the caller's event
		n.Bounce = &c
	}
	t.actions = append(t.actions, n)
	return ""
}

func (t *transition) meetingScheduled() string {
	switch {
	case t.is(StatusScheduled):
		return "a meeting is already scheduled (move it instead)"
	case t.is(StatusPaused):
		return t.pausedRefusal()
	}
	if r := t.meetingFromEvent(); r != "" {
		return r
	}
	drafts := []string{TemplateRequest, TemplateIntroReply, TemplateNudge}
	if t.is(StatusThanked, StatusKeepingInTouch) {
		// A new meeting with someone kept in touch with makes a note
		// drafted for them premature; the thank-you after it plans the
		// next one.
		drafts = append(drafts, TemplateKeepInTouch)
	}
	from := t.next.Status
	t.next.Status = StatusScheduled
	t.next.PausedFrom = ""
	t.unhold()
	t.cancelAllTimers()
	t.cancelDrafts(drafts...)
	t.planMeeting()
	// A meeting arranged straight from the request (a booking through
	// their scheduling page, an invitation) is their answer too.
	t.holdColleagues(from)
	return ""
}

func (t *transition) meetingMoved() string {
	if !t.is(StatusScheduled) {
		return "no meeting is scheduled (schedule one instead)"
	}
	if r := t.meetingFromEvent(); r != "" {
		return r
	}
	t.planMeeting()
	return ""
}

func (t *transition) meetingCancelled() string {
	if !t.is(StatusScheduled) {
		return "no meeting is scheduled"
	}
	t.next.Status = StatusReplied
	cancelled := t.next.Meeting
	t.next.Meeting = nil
	t.cancelTimers(TimerPrepBrief, TimerMeetingOver)
	t.actions = append(t.actions, Notify{Notice: NoticeMeetingCancelled, Meeting: cancelled})
	return ""
}

func (t *transition) met() string {
	switch {
	case t.is(StatusMet):
		return "already marked met"
	case t.is(StatusDeclined):
		return "they declined (schedule a meeting first if they changed their mind)"
	case t.is(StatusDropped):
		return "the contact was dropped"
	case t.is(StatusPaused):
		return t.pausedRefusal()
	}
	t.becomeMet()
	return ""
}

func (t *transition) thankYouSent() string {
	if !t.is(StatusMet) {
		return "a thank-you follows a meeting (mark them met first)"
	}
	t.next.Status = StatusThanked
	if t.ev.ByHand {
		t.cancelDrafts(TemplateThankYou)
	}
	t.setTimer(TimerKeepInTouch, t.now.Add(t.p.KeepInTouchEvery(t.next.Tier)))
	return ""
}

func (t *transition) keepInTouchSent() string {
	if !t.is(StatusThanked, StatusKeepingInTouch) {
		return "keep-in-touch notes follow the thank-you"
	}
	if t.ev.ByHand {
		// The owner's own note: a note rapport drafted goes, and the next
		// one counts from this one.
		t.cancelDrafts(TemplateKeepInTouch)
	}
	t.keepInTouchFrom(false)
	t.next.Status = StatusKeepingInTouch
	return ""
}

// referralAdded only records who this contact introduced: the referral
// chain grows whatever the contact's status.
func (t *transition) referralAdded() string {
	if t.ev.Referral == 0 {
		return "no referred contact given"
	}
	return ""
}

func (t *transition) declined() string {
	switch {
	case t.is(StatusNew):
		return "no request was sent (drop them instead)"
	case t.is(StatusMet, StatusThanked, StatusKeepingInTouch):
		return "you already met"
	case t.is(StatusDeclined, StatusDropped):
		return fmt.Sprintf("already %s", t.next.Status.Label())
	}
	t.close(StatusDeclined)
	return ""
}

func (t *transition) paused() string {
	switch {
	case t.is(StatusPaused):
		return "already paused"
	case t.is(StatusScheduled):
		return "a meeting is scheduled (cancel or move it first)"
	case t.next.Status.Closed():
		return "the contact is closed; there is nothing to pause"
	}
	if !t.ev.Until.IsZero() && !t.ev.Until.After(t.now) {
		return "the pause would end in the past"
	}
	t.next.PausedFrom = t.next.Status
	t.next.PausedAt = t.now
	t.next.Status = StatusPaused
	if !t.ev.Until.IsZero() {
		t.setTimer(TimerResume, t.ev.Until)
	}
	return ""
}

func (t *transition) resumed() string {
	if !t.is(StatusPaused) {
		return "the contact is not paused"
	}
	t.resume()
	return ""
}

func (t *transition) dropped() string {
	if t.is(StatusDropped) {
		return "already dropped"
	}
	t.close(StatusDropped)
	return ""
}

// timerFired applies a due timer. A timer that is not pending or not yet
// due is refused: it was cancelled or moved after it was read. A paused
// contact's timers other than resume are frozen: firing one is refused
// and changes nothing, and resuming shifts it by the length of the pause.
func (t *transition) timerFired() string {
	k := t.ev.Timer
	at, ok := t.next.Timers[k]
	if !ok {
		return fmt.Sprintf("no %s timer is pending", k)
	}
	if at.After(t.now) {
		return fmt.Sprintf("the %s timer is not due until %s", k, at.Format("2006-01-02 15:04 MST"))
	}
	if t.next.Held() && slices.Contains(heldTimers, k) {
		return t.heldRefusal(k)
	}
	switch {
	case k == TimerNudge && t.is(StatusRequested, StatusNudged) && t.next.Nudges < t.p.MaxNudges:
		t.cancelTimers(TimerNudge)
		t.draft(TemplateNudge, t.next.Nudges+1)
		// Stop waiting in time even if the owner never approves the nudge;
		// sending it restarts this timer.
		t.setTimer(TimerNoResponse, t.now.Add(t.p.NoResponseAfter))
	case k == TimerColleague && t.is(StatusRequested, StatusNudged):
		t.cancelTimers(TimerColleague)
		t.actions = append(t.actions, AskColleague{})
	case k == TimerNoResponse && t.is(StatusRequested, StatusNudged):
		t.next.Status = StatusNoResponse
		t.cancelAllTimers()
		t.cancelDrafts(TemplateNudge)
		t.notify(NoticeNoResponse)
	case k == TimerPrepBrief && t.is(StatusScheduled):
		t.cancelTimers(TimerPrepBrief)
		// Late (the daemon was down, or the timer was set minutes before
		// the start): a brief once the meeting has started is noise.
		if m := t.next.Meeting; m == nil || t.now.Before(m.Start) {
			t.notify(NoticePrepBrief)
		}
	case k == TimerMeetingOver && t.is(StatusScheduled):
		t.becomeMet()
	case k == TimerKeepInTouch && t.is(StatusThanked, StatusKeepingInTouch):
		t.cancelTimers(TimerKeepInTouch)
		t.draft(TemplateKeepInTouch, 0)
	case k == TimerReportBack && t.is(StatusMet, StatusThanked, StatusKeepingInTouch):
		t.cancelTimers(TimerReportBack)
		// The introducer may have bounced or been dropped since the
		// meeting: then the note is not written at all.
		if t.ev.Introducer.reachable() {
			t.draft(TemplateReportBack, 0)
		}
	case k == TimerResume && t.is(StatusPaused):
		t.resume()
	case t.is(StatusPaused):
		return fmt.Sprintf("the contact is paused: the %s timer is frozen until they resume", k)
	default:
		return fmt.Sprintf("a %s timer does not apply to a contact in status %q", k, t.next.Status.Label())
	}
	return ""
}
