package workflow

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

func mustApply(t *testing.T, s State, ev Event, at time.Time, p Policy) (State, []Action) {
	t.Helper()
	next, actions, err := Apply(s, ev, at, p)
	if err != nil {
		t.Fatalf("Apply(%s, %s) error = %v", s.Status, ev.Kind, err)
	}
	return next, actions
}

func TestApplyActions(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	monday := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	meeting := &Meeting{Start: time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 25, 15, 30, 0, 0, time.UTC)}
	tests := []struct {
		name  string
		state State
		ev    Event
		at    time.Time
		want  []Action
	}{{
		name:  "drafting a request asks for the request template",
		state: fixture(StatusNew),
		ev:    Event{Kind: EventRequestDrafted},
		at:    monday,
		want:  []Action{Draft{Template: TemplateRequest}},
	}, {
		name:  "a sent request sets the nudge five business days later",
		state: fixture(StatusDrafted),
		ev:    Event{Kind: EventRequestSent},
		at:    monday,
		want:  []Action{SetTimer{Timer: TimerNudge, At: monday.AddDate(0, 0, 7)}},
	}, {
		name:  "a reply cancels the pending nudge and its draft and tells the owner",
		state: State{Status: StatusRequested, Timers: map[TimerKind]time.Time{TimerNudge: monday.Add(time.Hour)}},
		ev:    Event{Kind: EventReplyReceived},
		at:    monday,
		want: []Action{
			CancelTimer{Timer: TimerNudge},
			CancelDrafts{Templates: []string{TemplateRequest, TemplateIntroReply, TemplateNudge}},
			Notify{Notice: NoticeReply},
		},
	}, {
		name:  "the nudge timer drafts the first nudge and bounds the wait",
		state: State{Status: StatusRequested, Timers: map[TimerKind]time.Time{TimerNudge: monday}},
		ev:    Event{Kind: EventTimerFired, Timer: TimerNudge},
		at:    monday,
		want: []Action{
			CancelTimer{Timer: TimerNudge},
			Draft{Template: TemplateNudge, Nudge: 1},
			SetTimer{Timer: TimerNoResponse, At: monday.Add(7 * 24 * time.Hour)},
		},
	}, {
		name:  "the last nudge sent starts the wait for no response",
		state: State{Status: StatusRequested, Timers: map[TimerKind]time.Time{TimerNoResponse: monday.Add(time.Hour)}},
		ev:    Event{Kind: EventNudgeSent},
		at:    monday,
		want:  []Action{SetTimer{Timer: TimerNoResponse, At: monday.Add(7 * 24 * time.Hour)}}, // replaces the pending one
	}, {
		name:  "an out-of-office with a return date moves the nudge to the next business day after it",
		state: State{Status: StatusRequested, Timers: map[TimerKind]time.Time{TimerNudge: monday.Add(48 * time.Hour)}},
		// Back on Friday 4 December: nudge Monday 7 December at the hour we would write.
		ev:   Event{Kind: EventAutoReplyReceived, ReturnDate: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)},
		at:   monday,
		want: []Action{SetTimer{Timer: TimerNudge, At: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)}},
	}, {
		name:  "an out-of-office without a date moves the nudge a week",
		state: State{Status: StatusRequested, Timers: map[TimerKind]time.Time{TimerNudge: monday.Add(48 * time.Hour)}},
		ev:    Event{Kind: EventAutoReplyReceived},
		at:    monday,
		want:  []Action{SetTimer{Timer: TimerNudge, At: monday.Add(7 * 24 * time.Hour)}},
	}, {
		name:  "an out-of-office ending before the nudge changes nothing",
		state: State{Status: StatusRequested, Timers: map[TimerKind]time.Time{TimerNudge: monday.AddDate(0, 0, 7)}},
		ev:    Event{Kind: EventAutoReplyReceived, ReturnDate: monday.AddDate(0, 0, 1)},
		at:    monday,
		want:  nil,
	}, {
		name:  "a scheduled meeting sets the morning brief and the debrief three hours after the end",
		state: State{Status: StatusReplied},
		ev:    Event{Kind: EventMeetingScheduled, Meeting: meeting},
		at:    monday,
		want: []Action{
			CancelDrafts{Templates: []string{TemplateRequest, TemplateIntroReply, TemplateNudge}},
			SetTimer{Timer: TimerPrepBrief, At: time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)},
			SetTimer{Timer: TimerMeetingOver, At: time.Date(2026, 11, 25, 18, 30, 0, 0, time.UTC)},
		},
	}, {
		name:  "the meeting being over drafts the thank-you and asks how it went",
		state: State{Status: StatusScheduled, Meeting: meeting, Timers: map[TimerKind]time.Time{TimerMeetingOver: monday}},
		ev:    Event{Kind: EventTimerFired, Timer: TimerMeetingOver},
		at:    monday,
		want: []Action{
			CancelTimer{Timer: TimerMeetingOver},
			CancelDrafts{Templates: []string{TemplateRequest, TemplateIntroReply, TemplateNudge}},
			Draft{Template: TemplateThankYou},
			Notify{Notice: NoticeDebrief},
		},
	}, {
		name:  "a sent thank-you plans keeping in touch",
		state: State{Status: StatusMet},
		ev:    Event{Kind: EventThankYouSent},
		at:    monday,
		want:  []Action{SetTimer{Timer: TimerKeepInTouch, At: monday.Add(90 * 24 * time.Hour)}},
	}, {
		name:  "a bounce closes the contact, withdraws every draft and tells the owner",
		state: State{Status: StatusRequested, Timers: map[TimerKind]time.Time{TimerNudge: monday}},
		ev:    Event{Kind: EventBounceReceived},
		at:    monday,
		want: []Action{
			CancelTimer{Timer: TimerNudge},
			CancelDrafts{Templates: allTemplates},
			Notify{Notice: NoticeBounce},
		},
	}, {
		name:  "the bounce notice carries what failed, as the report said it",
		state: State{Status: StatusNudged, Nudges: 1},
		ev: Event{Kind: EventBounceReceived, Bounce: &Bounce{Recipient: "jd@acme.example", Status: "5.1.1",
			Diagnostic: "550 5.1.1 <jd@acme.example>: Recipient address rejected: User unknown"}},
		at: monday,
		want: []Action{
			CancelDrafts{Templates: allTemplates},
			Notify{Notice: NoticeBounce, Bounce: &Bounce{Recipient: "jd@acme.example", Status: "5.1.1",
				Diagnostic: "550 5.1.1 <jd@acme.example>: Recipient address rejected: User unknown"}},
		},
	}, {
		name:  "resuming shifts frozen timers by the length of the pause",
		state: State{Status: StatusPaused, PausedFrom: StatusRequested, PausedAt: monday.Add(-72 * time.Hour), Timers: map[TimerKind]time.Time{TimerNudge: monday.Add(-24 * time.Hour)}},
		ev:    Event{Kind: EventResumed},
		at:    monday,
		want:  []Action{SetTimer{Timer: TimerNudge, At: monday.Add(48 * time.Hour)}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := mustApply(t, tt.state, tt.ev, tt.at, p)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Apply() actions = %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

// TestLifecycle walks one contact from added to keeping in touch, the way
// the daemon would, firing each timer when it comes due.
func TestLifecycle(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	s, _ := mustApply(t, State{}, Event{Kind: EventAdded}, at, p)
	s, _ = mustApply(t, s, Event{Kind: EventRequestDrafted}, at, p)
	s, _ = mustApply(t, s, Event{Kind: EventRequestSent}, at, p)
	s, _ = mustApply(t, s, Event{Kind: EventTimerFired, Timer: TimerNudge}, s.Timers[TimerNudge], p)
	s, _ = mustApply(t, s, Event{Kind: EventNudgeSent}, s.Timers[TimerNoResponse].Add(-6*24*time.Hour), p)
	if s.Status != StatusNudged || s.Nudges != 1 {
		t.Fatalf("after the nudge: %s with %d nudges, want nudged with 1", s.Status, s.Nudges)
	}
	if _, _, err := Apply(s, Event{Kind: EventNudgeSent}, at, p); err == nil {
		t.Fatalf("a second nudge was accepted; the policy allows one")
	}
	s, _ = mustApply(t, s, Event{Kind: EventReplyReceived}, at.AddDate(0, 0, 9), p)
	if len(s.Timers) != 0 {
		t.Fatalf("timers after the reply = %v, want none", s.Timers)
	}
	m := &Meeting{Start: at.AddDate(0, 0, 14), End: at.AddDate(0, 0, 14).Add(30 * time.Minute)}
	s, _ = mustApply(t, s, Event{Kind: EventMeetingScheduled, Meeting: m}, at.AddDate(0, 0, 10), p)
	s, _ = mustApply(t, s, Event{Kind: EventTimerFired, Timer: TimerPrepBrief}, s.Timers[TimerPrepBrief], p)
	s, _ = mustApply(t, s, Event{Kind: EventTimerFired, Timer: TimerMeetingOver}, s.Timers[TimerMeetingOver], p)
	s, _ = mustApply(t, s, Event{Kind: EventThankYouSent}, m.End.Add(20*time.Hour), p)
	s, _ = mustApply(t, s, Event{Kind: EventTimerFired, Timer: TimerKeepInTouch}, s.Timers[TimerKeepInTouch], p)
	s, _ = mustApply(t, s, Event{Kind: EventKeepInTouchSent}, m.End.AddDate(0, 3, 1), p)
	if s.Status != StatusKeepingInTouch || s.Next().What != "keep in touch" {
		t.Fatalf("end of lifecycle: %s, next %+v; want keeping_in_touch with a keep-in-touch timer", s.Status, s.Next())
	}
}

func TestPauseUntilResumesByItself(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	s := State{Status: StatusRequested, Timers: map[TimerKind]time.Time{TimerNudge: at.Add(24 * time.Hour)}}
	s, _ = mustApply(t, s, Event{Kind: EventPaused, Until: at.Add(10 * 24 * time.Hour)}, at, p)
	if got := s.Next(); got.What != "resume" || !got.At.Equal(at.Add(10*24*time.Hour)) {
		t.Fatalf("paused Next() = %+v, want resume in 10 days", got)
	}
	s, _ = mustApply(t, s, Event{Kind: EventTimerFired, Timer: TimerResume}, at.Add(10*24*time.Hour), p)
	if s.Status != StatusRequested {
		t.Fatalf("after the pause: %s, want requested", s.Status)
	}
	if want := at.Add(11 * 24 * time.Hour); !s.Timers[TimerNudge].Equal(want) {
		t.Fatalf("nudge after the pause = %s, want %s (shifted by the pause)", s.Timers[TimerNudge], want)
	}
	if _, ok := s.Timers[TimerResume]; ok {
		t.Fatalf("the resume timer is still pending after resuming")
	}
}

func TestTimerNotDueIsRefused(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	s := State{Status: StatusRequested, Timers: map[TimerKind]time.Time{TimerNudge: now.Add(time.Hour)}}
	if _, _, err := Apply(s, Event{Kind: EventTimerFired, Timer: TimerNudge}, now, p); err == nil {
		t.Fatalf("a timer fired an hour early was accepted")
	}
}

func TestMeetingRefusals(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	tests := []struct {
		name string
		m    *Meeting
	}{
		{"no meeting", nil},
		{"no start", &Meeting{End: now}},
		{"ends before it starts", &Meeting{Start: now.Add(2 * time.Hour), End: now.Add(time.Hour)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := Apply(State{Status: StatusReplied}, Event{Kind: EventMeetingScheduled, Meeting: tt.m}, now, p); err == nil {
				t.Fatalf("Apply(meeting_scheduled, %+v) accepted a broken meeting", tt.m)
			}
		})
	}
}

// Drafting the request again replaces the pending draft: the old one is
// withdrawn before the new one is written.
func TestRequestRedrafted(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	s, _ := mustApply(t, State{Status: StatusDrafted}, Event{Kind: EventRequestDrafted}, now, p)
	_, acts := mustApply(t, s, Event{Kind: EventRequestDrafted}, now, p)
	want := []Action{CancelDrafts{Templates: []string{TemplateRequest, TemplateIntroReply}}, Draft{Template: TemplateRequest}}
	if !reflect.DeepEqual(acts, want) {
		t.Fatalf("redrafting: actions %#v, want %#v", acts, want)
	}
}

// A contact someone introduced gets the intro reply instead of a cold
// request, and sending it counts as the request: waiting starts.
func TestIntroducedContactGetsTheIntroReply(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	s, acts := mustApply(t, State{Status: StatusNew}, Event{Kind: EventRequestDrafted, Intro: true}, now, p)
	if want := []Action{Draft{Template: TemplateIntroReply}}; !reflect.DeepEqual(acts, want) {
		t.Fatalf("drafting an introduced contact: actions %#v, want %#v", acts, want)
	}
	if s.Status != StatusDrafted {
		t.Fatalf("status %s after drafting, want drafted", s.Status)
	}
	// A reply before it left withdraws it like a request.
	_, acts = mustApply(t, s, Event{Kind: EventReplyReceived}, now, p)
	found := false
	for _, a := range acts {
		if c, ok := a.(CancelDrafts); ok && slices.Contains(c.Templates, TemplateIntroReply) {
			found = true
		}
	}
	if !found {
		t.Fatalf("a reply left the intro reply pending: actions %#v", acts)
	}
}
