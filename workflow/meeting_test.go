package workflow

import (
	"reflect"
	"testing"
	"time"
)

// A prep brief is for before the meeting: one whose timer fires at or after
// the start only goes away.
func TestPrepBriefTimer(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	start := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	m := &Meeting{Start: start, End: start.Add(30 * time.Minute)}
	brief := []Action{CancelTimer{Timer: TimerPrepBrief}, Notify{Notice: NoticePrepBrief}}
	silent := []Action{CancelTimer{Timer: TimerPrepBrief}}
	tests := []struct {
		name string
		at   time.Time
		want []Action
	}{
		{"on time in the morning", time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC), brief},
		{"late, a minute before the start", start.Add(-time.Minute), brief},
		{"at the start", start, silent},
		{"the daemon was down until the meeting was on", start.Add(20 * time.Minute), silent},
		{"the daemon was down until after the meeting", start.Add(2 * time.Hour), silent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := State{Status: StatusScheduled, Meeting: m, Timers: map[TimerKind]time.Time{
				TimerPrepBrief:   time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC),
				TimerMeetingOver: start.Add(5 * time.Hour),
			}}
			next, got := mustApply(t, s, Event{Kind: EventTimerFired, Timer: TimerPrepBrief}, tt.at, p)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Apply(prep_brief at %s) actions = %#v, want %#v", tt.at.Format("15:04"), got, tt.want)
			}
			if next.Status != StatusScheduled || !next.Timers[TimerMeetingOver].Equal(start.Add(5*time.Hour)) {
				t.Fatalf("after the brief: %s with timers %v, want scheduled with meeting_over kept", next.Status, next.Timers)
			}
		})
	}
}

// A meeting scheduled half an hour ahead gets its brief at once; if that
// timer only fires once the meeting started, it stays quiet.
func TestPrepBriefForAMeetingWithinTheHour(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	start := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	scheduled := start.Add(-30 * time.Minute)
	s, _ := mustApply(t, State{Status: StatusReplied}, Event{Kind: EventMeetingScheduled, Meeting: &Meeting{Start: start}}, scheduled, p)
	if got := s.Timers[TimerPrepBrief]; !got.Equal(scheduled) {
		t.Fatalf("prep_brief timer = %s, want %s (now)", got, scheduled)
	}
	fire := Event{Kind: EventTimerFired, Timer: TimerPrepBrief}
	if _, acts := mustApply(t, s, fire, scheduled, p); !reflect.DeepEqual(acts, []Action{CancelTimer{Timer: TimerPrepBrief}, Notify{Notice: NoticePrepBrief}}) {
		t.Fatalf("brief fired at once: actions %#v, want the timer cancelled and a notice", acts)
	}
	if _, acts := mustApply(t, s, fire, start.Add(5*time.Minute), p); !reflect.DeepEqual(acts, []Action{CancelTimer{Timer: TimerPrepBrief}}) {
		t.Fatalf("brief fired after the start: actions %#v, want only the timer cancelled", acts)
	}
}
