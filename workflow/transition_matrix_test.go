package workflow

import (
	"errors"
	"maps"
	"reflect"
	"strings"
	"testing"
	"time"
)

// matrix is the specification of every status × event pair: the status a
// contact ends in, "=" when it stays where it is, "!" when the event is
// refused. Timer columns fire a due timer of that kind.
const matrix = `
status            added draft sent nudge reply auto bounce sched move cancel met thank kit ref decline pause resume drop T:nudge T:no_response T:prep_brief T:meeting_over T:keep_in_touch T:resume T:report_back hand tier colleague go hold T:colleague
new               !     drafted requested ! replied = bounced scheduled ! ! met ! ! = ! paused ! dropped ! ! ! ! ! ! ! = = ! ! ! !
drafted           !     = requested ! replied = bounced scheduled ! ! met ! ! = declined paused ! dropped ! ! ! ! ! ! ! = = = ! ! !
requested         !     ! ! nudged replied = bounced scheduled ! ! met ! ! = declined paused ! dropped = no_response ! ! ! ! ! = = = ! ! =
nudged            !     ! ! ! replied = bounced scheduled ! ! met ! ! = declined paused ! dropped ! no_response ! ! ! ! ! = = = ! ! =
replied           !     ! ! ! = = bounced scheduled ! ! met ! ! = declined paused ! dropped ! ! ! ! ! ! ! = = ! ! ! !
scheduled         !     ! ! ! = = bounced ! = replied met ! ! = declined ! ! dropped ! ! = met ! ! ! = = ! ! ! !
met               !     ! ! ! = = bounced scheduled ! ! ! thanked ! = ! paused ! dropped ! ! ! ! ! ! = = = ! ! ! !
thanked           !     ! ! ! = = bounced scheduled ! ! met ! keeping_in_touch = ! paused ! dropped ! ! ! ! = ! = = = ! ! ! !
keeping_in_touch  !     ! ! ! = = bounced scheduled ! ! met ! = = ! paused ! dropped ! ! ! ! = ! = = = ! ! ! !
declined          !     ! ! ! = = = scheduled ! ! ! ! ! = ! ! ! dropped ! ! ! ! ! ! ! = = ! ! ! !
no_response       !     ! ! ! replied = bounced scheduled ! ! met ! ! = declined ! ! dropped ! ! ! ! ! ! ! = = ! ! ! !
bounced           !     ! ! ! replied = = scheduled ! ! met ! ! = declined ! ! dropped ! ! ! ! ! ! ! = = ! ! ! !
dropped           !     ! ! ! = = = scheduled ! ! ! ! ! = ! ! ! ! ! ! ! ! ! ! ! = = ! ! ! !
paused            !     ! ! ! = = bounced ! ! ! ! ! ! = declined ! requested dropped ! ! ! ! ! requested ! = = ! ! ! !
`

var columnEvents = map[string]EventKind{
	"added": EventAdded, "draft": EventRequestDrafted, "sent": EventRequestSent,
	"nudge": EventNudgeSent, "reply": EventReplyReceived, "auto": EventAutoReplyReceived,
	"bounce": EventBounceReceived, "sched": EventMeetingScheduled, "move": EventMeetingMoved,
	"cancel": EventMeetingCancelled, "met": EventMet, "thank": EventThankYouSent,
	"kit": EventKeepInTouchSent, "ref": EventReferralAdded, "decline": EventDeclined,
	"pause": EventPaused, "resume": EventResumed, "drop": EventDropped,
	"hand": EventSentByHand, "tier": EventTierSet,
	"colleague": EventColleagueReplied, "go": EventGoOn, "hold": EventHold,
}

var now = time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC) // a Wednesday

// fixture returns a realistic state for a contact in status s.
func fixture(s Status) State {
	st := State{Status: s, Timers: map[TimerKind]time.Time{}}
	switch s {
	case StatusRequested:
		st.Timers[TimerNudge] = now.Add(72 * time.Hour)
	case StatusNudged:
		st.Nudges = 1
		st.Timers[TimerNoResponse] = now.Add(72 * time.Hour)
	case StatusScheduled:
		st.Meeting = &Meeting{Start: now.Add(24 * time.Hour), End: now.Add(25 * time.Hour)}
		st.Timers[TimerPrepBrief] = now.Add(20 * time.Hour)
		st.Timers[TimerMeetingOver] = now.Add(28 * time.Hour)
	case StatusThanked, StatusKeepingInTouch:
		st.Timers[TimerKeepInTouch] = now.Add(60 * 24 * time.Hour)
	case StatusPaused:
		st.PausedFrom = StatusRequested
		st.PausedAt = now.Add(-24 * time.Hour)
		st.Timers[TimerNudge] = now.Add(48 * time.Hour)
	}
	return st
}

func eventFor(column string) (Event, bool) {
	if k, ok := strings.CutPrefix(column, "T:"); ok {
		return Event{Kind: EventTimerFired, Timer: TimerKind(k)}, true
	}
	kind, ok := columnEvents[column]
	ev := Event{Kind: kind}
	switch kind {
	case EventMeetingScheduled, EventMeetingMoved:
		ev.Meeting = &Meeting{Start: now.Add(48 * time.Hour), End: now.Add(49 * time.Hour)}
	case EventReferralAdded:
		ev.Referral = 7
	case EventAutoReplyReceived:
		ev.ReturnDate = now.Add(10 * 24 * time.Hour)
	case EventTierSet:
		ev.Tier = TierA
	case EventColleagueReplied:
		ev.Colleague = 9
	}
	return ev, ok
}

func TestApplyMatrix(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(matrix), "\n")
	header := strings.Fields(lines[0])[1:]
	seenStatus := map[Status]bool{}
	seenEvent := map[EventKind]bool{}
	seenTimer := map[TimerKind]bool{}
	for _, line := range lines[1:] {
		cells := strings.Fields(line)
		from := Status(cells[0])
		if !from.Valid() {
			t.Fatalf("matrix row %q: unknown status", cells[0])
		}
		if len(cells)-1 != len(header) {
			t.Fatalf("matrix row %s has %d cells, want %d", from, len(cells)-1, len(header))
		}
		seenStatus[from] = true
		for i, column := range header {
			ev, ok := eventFor(column)
			if !ok {
				t.Fatalf("matrix column %q: unknown event", column)
			}
			seenEvent[ev.Kind] = true
			if ev.Kind == EventTimerFired {
				seenTimer[ev.Timer] = true
			}
			want := cells[i+1]
			t.Run(string(from)+"/"+column, func(t *testing.T) {
				checkCell(t, from, ev, want)
			})
		}
	}
	for _, s := range Statuses() {
		if !seenStatus[s] {
			t.Errorf("matrix has no row for status %s", s)
		}
	}
	for _, k := range EventKinds() {
		if !seenEvent[k] {
			t.Errorf("matrix has no column for event %s", k)
		}
	}
	for _, k := range TimerKinds() {
		if !seenTimer[k] {
			t.Errorf("matrix has no column for timer %s", k)
		}
	}
}

func checkCell(t *testing.T, from Status, ev Event, want string) {
	st := fixture(from)
	if ev.Kind == EventTimerFired {
		st.Timers[ev.Timer] = now.Add(-time.Minute) // pending and due
	}
	before := st.Clone()
	next, actions, err := Apply(st, ev, now, DefaultPolicy(time.UTC))

	if !reflect.DeepEqual(st, before) {
		t.Fatalf("Apply() modified its input state: %+v, was %+v", st, before)
	}
	if want == "!" {
		if !errors.Is(err, ErrInvalidTransition) {
			t.Fatalf("Apply(%s, %s) error = %v, want ErrInvalidTransition", from, ev.Kind, err)
		}
		var te *TransitionError
		if !errors.As(err, &te) || te.Status != from || te.Event != ev.Kind {
			t.Fatalf("Apply() error = %#v, want a *TransitionError for %s/%s", err, from, ev.Kind)
		}
		if !reflect.DeepEqual(next, before) || actions != nil {
			t.Fatalf("refused Apply() = %+v, %v; want the state unchanged and no actions", next, actions)
		}
		return
	}
	if err != nil {
		t.Fatalf("Apply(%s, %s) error = %v, want status %s", from, ev.Kind, err, want)
	}
	wantStatus := Status(want)
	if want == "=" {
		wantStatus = from
	}
	if next.Status != wantStatus {
		t.Fatalf("Apply(%s, %s) status = %s, want %s", from, ev.Kind, next.Status, wantStatus)
	}
	// The actions describe exactly how the timers changed.
	timers := maps.Clone(before.Timers)
	for _, a := range actions {
		switch a := a.(type) {
		case SetTimer:
			timers[a.Timer] = a.At
		case CancelTimer:
			if _, ok := timers[a.Timer]; !ok {
				t.Errorf("action %+v cancels a timer that is not pending", a)
			}
			delete(timers, a.Timer)
		}
	}
	if !maps.Equal(timers, next.Timers) {
		t.Errorf("timers after actions = %v, but state says %v", timers, next.Timers)
	}
	if next.Status.Closed() && len(next.Timers) > 0 {
		t.Errorf("closed status %s keeps timers %v", next.Status, next.Timers)
	}
	if next.Status == StatusPaused && next.PausedFrom == "" {
		t.Errorf("paused state forgot where it was")
	}
	if next.Held() && next.Status != StatusRequested && next.Status != StatusNudged && next.Status != StatusDrafted {
		t.Errorf("status %s is held: only someone waiting for an answer is", next.Status)
	}
	if next.Status != StatusPaused && (next.PausedFrom != "" || !next.PausedAt.IsZero()) {
		t.Errorf("status %s keeps pause data %s/%s", next.Status, next.PausedFrom, next.PausedAt)
	}
}

func TestApplyAddedOnlyOnce(t *testing.T) {
	next, actions, err := Apply(State{}, Event{Kind: EventAdded}, now, DefaultPolicy(time.UTC))
	if err != nil || next.Status != StatusNew || actions != nil {
		t.Fatalf("Apply(zero, added) = %+v, %v, %v; want status new, no actions", next, actions, err)
	}
	for _, k := range EventKinds() {
		if k == EventAdded {
			continue
		}
		if _, _, err := Apply(State{}, Event{Kind: k}, now, DefaultPolicy(time.UTC)); !errors.Is(err, ErrInvalidTransition) {
			t.Errorf("Apply(zero, %s) error = %v, want ErrInvalidTransition", k, err)
		}
	}
}
