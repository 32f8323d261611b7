package workflow

import (
	"reflect"
	"testing"
	"time"
)

// TestSentByHand pins what mail the owner wrote from their own mail
// program does at each point: what rapport would have sent there is not
// sent as well, and the clocks count from the owner's mail.
func TestSentByHand(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	monday := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	nextWeek := monday.AddDate(0, 0, 7) // five business days
	tests := []struct {
		name   string
		state  State
		kind   EventKind // what HandSentEvent must say
		want   Status
		timers map[TimerKind]time.Time
		acts   []Action
	}{{
		name:   "a first mail to a new contact is the request: the nudge clock starts from it",
		state:  State{Status: StatusNew},
		kind:   EventRequestSent,
		want:   StatusRequested,
		timers: map[TimerKind]time.Time{TimerNudge: nextWeek},
		acts: []Action{CancelDrafts{Templates: []string{TemplateRequest, TemplateIntroReply}},
			SetTimer{Timer: TimerNudge, At: nextWeek}},
	}, {
		name:   "a request drafted and waiting is withdrawn, not sent as well",
		state:  State{Status: StatusDrafted},
		kind:   EventRequestSent,
		want:   StatusRequested,
		timers: map[TimerKind]time.Time{TimerNudge: nextWeek},
		acts: []Action{CancelDrafts{Templates: []string{TemplateRequest, TemplateIntroReply}},
			SetTimer{Timer: TimerNudge, At: nextWeek}},
	}, {
		name:   "a follow-up just before the nudge is due: the nudge waits a full period from it",
		state:  State{Status: StatusRequested, Timers: map[TimerKind]time.Time{TimerNudge: monday.Add(time.Hour)}},
		kind:   EventSentByHand,
		want:   StatusRequested,
		timers: map[TimerKind]time.Time{TimerNudge: nextWeek},
		acts:   []Action{CancelDrafts{Templates: []string{TemplateNudge}}, SetTimer{Timer: TimerNudge, At: nextWeek}},
	}, {
		name: "a follow-up after the nudge was drafted: the draft goes and the nudge timer is set again",
		state: State{Status: StatusRequested,
			Timers: map[TimerKind]time.Time{TimerNoResponse: monday.Add(6 * 24 * time.Hour)}},
		kind:   EventSentByHand,
		want:   StatusRequested,
		timers: map[TimerKind]time.Time{TimerNudge: nextWeek},
		acts: []Action{CancelDrafts{Templates: []string{TemplateNudge}}, CancelTimer{Timer: TimerNoResponse},
			SetTimer{Timer: TimerNudge, At: nextWeek}},
	}, {
		name:   "an old follow-up read late never brings the nudge forward",
		state:  State{Status: StatusRequested, Timers: map[TimerKind]time.Time{TimerNudge: nextWeek.Add(24 * time.Hour)}},
		kind:   EventSentByHand,
		want:   StatusRequested,
		timers: map[TimerKind]time.Time{TimerNudge: nextWeek.Add(24 * time.Hour)},
		acts:   []Action{CancelDrafts{Templates: []string{TemplateNudge}}},
	}, {
		name: "after the last nudge a follow-up moves the end of waiting",
		state: State{Status: StatusNudged, Nudges: p.MaxNudges,
			Timers: map[TimerKind]time.Time{TimerNoResponse: monday.Add(time.Hour)}},
		kind:   EventSentByHand,
		want:   StatusNudged,
		timers: map[TimerKind]time.Time{TimerNoResponse: monday.Add(p.NoResponseAfter)},
		acts: []Action{CancelDrafts{Templates: []string{TemplateNudge}},
			SetTimer{Timer: TimerNoResponse, At: monday.Add(p.NoResponseAfter)}},
	}, {
		name:   "a mail after the meeting is the thank-you: its draft is withdrawn",
		state:  State{Status: StatusMet},
		kind:   EventThankYouSent,
		want:   StatusThanked,
		timers: map[TimerKind]time.Time{TimerKeepInTouch: monday.Add(p.KeepInTouchAfter)},
		acts: []Action{CancelDrafts{Templates: []string{TemplateThankYou}},
			SetTimer{Timer: TimerKeepInTouch, At: monday.Add(p.KeepInTouchAfter)}},
	}, {
		name:  "answering their reply changes nothing",
		state: State{Status: StatusReplied},
		kind:  EventSentByHand,
		want:  StatusReplied,
	}, {
		name:  "writing to someone who declined changes nothing",
		state: State{Status: StatusDeclined},
		kind:  EventSentByHand,
		want:  StatusDeclined,
	}, {
		name:   "after the thank-you a mail is a keep-in-touch note: its draft is withdrawn",
		state:  State{Status: StatusThanked},
		kind:   EventKeepInTouchSent,
		want:   StatusKeepingInTouch,
		timers: map[TimerKind]time.Time{TimerKeepInTouch: monday.Add(p.KeepInTouchAfter)},
		acts: []Action{CancelDrafts{Templates: []string{TemplateKeepInTouch}},
			SetTimer{Timer: TimerKeepInTouch, At: monday.Add(p.KeepInTouchAfter)}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind := HandSentEvent(tt.state)
			if kind != tt.kind {
				t.Fatalf("HandSentEvent(%s) = %s, want %s", tt.state.Status, kind, tt.kind)
			}
			next, acts, err := Apply(tt.state, Event{Kind: kind, ByHand: true}, monday, p)
			if err != nil {
				t.Fatalf("Apply() error = %v, want it recorded", err)
			}
			if next.Status != tt.want {
				t.Errorf("status = %s, want %s", next.Status, tt.want)
			}
			if len(next.Timers) != len(tt.timers) || (len(tt.timers) > 0 && !reflect.DeepEqual(next.Timers, tt.timers)) {
				t.Errorf("timers = %v, want %v", next.Timers, tt.timers)
			}
			if !reflect.DeepEqual(acts, tt.acts) {
				t.Errorf("actions = %#v\nwant %#v", acts, tt.acts)
			}
		})
	}
}
