package workflow

import (
	"slices"
	"time"
)

// Apply applies ev to a contact in state s at time now under policy p. It
// returns the next state and the actions the daemon must carry out, in
// order. When ev makes no sense in s it returns s unchanged, no actions and
// a [*TransitionError]. Apply is pure: it never modifies s.
func Apply(s State, ev Event, now time.Time, p Policy) (State, []Action, error) {
	if ev.Kind == EventAdded {
		if s.Status != "" {
			return s, nil, refuse(s, ev, "the contact is already known")
		}
		return State{Status: StatusNew}, nil, nil
	}
	if !s.Status.Valid() {
		return s, nil, refuse(s, ev, "the contact has no known status")
	}
	step, ok := steps[ev.Kind]
	if !ok {
		return s, nil, refuse(s, ev, "unknown event")
	}
	t := &transition{next: s.Clone(), ev: ev, now: now, p: p}
	if t.next.Timers == nil {
		t.next.Timers = make(map[TimerKind]time.Time)
	}
	if reason := step(t); reason != "" {
		return s, nil, refuse(s, ev, "%s", reason)
	}
	return t.next, t.actions, nil
}

// transition accumulates one event's effects. A step returns "" when it
// applied, or the reason it refuses the event.
type transition struct {
	next    State
	ev      Event
	now     time.Time
	p       Policy
	actions []Action
}

type step func(t *transition) (refusal string)

var steps map[EventKind]step

func init() {
	steps = map[EventKind]step{
		EventRequestDrafted:    (*transition).requestDrafted,
		EventRequestSent:       (*transition).requestSent,
		EventNudgeSent:         (*transition).nudgeSent,
		EventReplyReceived:     (*transition).replyReceived,
		EventAutoReplyReceived: (*transition).autoReplyReceived,
		EventBounceReceived:    (*transition).bounceReceived,
		EventMeetingScheduled:  (*transition).meetingScheduled,
		EventMeetingMoved:      (*transition).meetingMoved,
		EventMeetingCancelled:  (*transition).meetingCancelled,
		EventMet:               (*transition).met,
		EventThankYouSent:      (*transition).thankYouSent,
		EventKeepInTouchSent:   (*transition).keepInTouchSent,
		EventReferralAdded:     (*transition).referralAdded,
		EventDeclined:          (*transition).declined,
		EventPaused:            (*transition).paused,
		EventResumed:           (*transition).resumed,
		EventDropped:           (*transition).dropped,
		EventTimerFired:        (*transition).timerFired,
		EventSentByHand:        (*transition).sentByHand,
		EventTierSet:           (*transition).tierSet,
		EventColleagueReplied:  (*transition).colleagueReplied,
		EventGoOn:              (*transition).goOn,
		EventHold:              (*transition).hold,
	}
}

func (t *transition) is(statuses ...Status) bool { return slices.Contains(statuses, t.next.Status) }

func (t *transition) draft(template string, nudge int) {
	t.actions = append(t.actions, Draft{Template: template, Nudge: nudge})
}

func (t *transition) notify(notice string) { t.actions = append(t.actions, Notify{Notice: notice}) }

func (t *transition) setTimer(k TimerKind, at time.Time) {
	t.next.Timers[k] = at
	t.actions = append(t.actions, SetTimer{Timer: k, At: at})
}

// cancelTimers removes the pending timers of the given kinds; kinds not
// pending are skipped so the actions say only what changes.
func (t *transition) cancelTimers(kinds ...TimerKind) {
	for _, k := range kinds {
		if _, ok := t.next.Timers[k]; ok {
			delete(t.next.Timers, k)
			t.actions = append(t.actions, CancelTimer{Timer: k})
		}
	}
}

func (t *transition) cancelAllTimers() { t.cancelTimers(TimerKinds()...) }

func (t *transition) cancelDrafts(templates ...string) {
	t.actions = append(t.actions, CancelDrafts{Templates: templates})
}

// close ends the workflow in a closed status: no timers, no pending drafts.
func (t *transition) close(s Status) {
	t.next.Status = s
	t.next.PausedFrom, t.next.PausedAt = "", time.Time{}
	t.unhold()
	t.cancelAllTimers()
	t.cancelDrafts(allTemplates...)
}

// planWaiting sets the timer that follows a request or a nudge: the next
// nudge while nudges are left, else the point where we stop waiting.
func (t *transition) planWaiting() {
	if t.next.Nudges < t.p.MaxNudges {
		t.cancelTimers(TimerNoResponse)
		t.setTimer(TimerNudge, t.p.Calendar.AddBusinessDays(t.now, t.p.nudgeAfter(t.next.Nudges)))
		return
	}
	t.cancelTimers(TimerNudge)
	t.setTimer(TimerNoResponse, t.now.Add(t.p.NoResponseAfter))
}

// planMeeting sets the prep brief and the meeting-over timers for the
// current meeting: see Policy.PrepBriefAt and Policy.MeetingOverAfter.
func (t *transition) planMeeting() {
	m := t.next.Meeting
	if at, ok := t.p.prepBrief(m.Start, t.now); ok {
		t.setTimer(TimerPrepBrief, at)
	} else {
		t.cancelTimers(TimerPrepBrief)
	}
	t.setTimer(TimerMeetingOver, t.p.meetingOver(m.End))
}

// meetingFromEvent checks and copies the event's meeting; a meeting without
// an end lasts 30 minutes.
func (t *transition) meetingFromEvent() (refusal string) {
	m := t.ev.Meeting
	if m == nil || m.Start.IsZero() {
		return "the meeting has no start time"
	}
	c := *m
	if c.End.IsZero() {
		c.End = c.Start.Add(30 * time.Minute)
	}
	if c.End.Before(c.Start) {
		return "the meeting ends before it starts"
	}
	t.next.Meeting = &c
	return ""
}

// becomeMet is the meeting having taken place: ask the owner how it went
// and draft the thank-you, and plan the report back to the introducer.
//
// The report back is not drafted here but by TimerReportBack, the next
// morning at PrepBriefAt: the debrief notice goes out now, and the owner
// mostly answers it that evening; a note drafted once the answer is in
// can say what they learned, while one drafted now could only say that
// the meeting happened, and would have to be written again. Waiting for
// the answer alone is no better: many never answer, and the introducer
// should hear within a day or two either way.
//
// A contact who reaches met from thanked or keeping in touch (marked met
// again, with no new meeting scheduled in between) is the same meeting:
// no second report back is planned, and one still pending is kept.
func (t *transition) becomeMet() {
	again := t.is(StatusThanked, StatusKeepingInTouch)
	t.next.Status = StatusMet
	t.unhold()
	reportAt, pending := t.next.Timers[TimerReportBack]
	t.cancelAllTimers()
	t.cancelDrafts(TemplateRequest, TemplateIntroReply, TemplateNudge)
	t.draft(TemplateThankYou, 0)
	t.notify(NoticeDebrief)
	switch {
	case pending:
		t.setTimer(TimerReportBack, reportAt)
	case !again && t.ev.Introducer.reachable():
		t.setTimer(TimerReportBack, t.p.onDay(t.now, 1, t.p.PrepBriefAt))
	}
}

// resume returns a paused contact to where it was, shifting its frozen
// timers by the length of the pause. A pause with no known start (or one
// that starts in the future, after a clock change) shifts nothing rather
// than centuries.
func (t *transition) resume() {
	t.cancelTimers(TimerResume)
	if !t.next.PausedAt.IsZero() && t.next.PausedAt.Before(t.now) {
		shift := t.now.Sub(t.next.PausedAt)
		for _, k := range TimerKinds() {
			if at, ok := t.next.Timers[k]; ok {
				t.setTimer(k, at.Add(shift))
			}
		}
	}
	t.next.Status = t.next.PausedFrom
	if t.next.Status == "" {
		t.next.Status = StatusNew
	}
	t.next.PausedFrom, t.next.PausedAt = "", time.Time{}
}

func (t *transition) pausedRefusal() string {
	return "the contact is paused (resume them first)"
}
