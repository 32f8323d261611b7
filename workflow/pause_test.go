package workflow

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

// Resuming moves every frozen timer by the length of the pause, whether
// the owner resumes or the pause's own timer does.
func TestResumeShiftsTimers(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	pausedAt := now.Add(-72 * time.Hour)
	tests := []struct {
		name   string
		state  State
		ev     Event
		status Status
		want   map[TimerKind]time.Time
	}{{
		name: "resumed by the owner",
		state: State{Status: StatusPaused, PausedFrom: StatusRequested, PausedAt: pausedAt, Timers: map[TimerKind]time.Time{
			TimerNudge: pausedAt.Add(24 * time.Hour)}},
		ev:     Event{Kind: EventResumed},
		status: StatusRequested,
		want:   map[TimerKind]time.Time{TimerNudge: now.Add(24 * time.Hour)},
	}, {
		name: "resumed by its timer, which goes",
		state: State{Status: StatusPaused, PausedFrom: StatusNudged, Nudges: 1, PausedAt: pausedAt, Timers: map[TimerKind]time.Time{
			TimerNoResponse: pausedAt.Add(5 * 24 * time.Hour), TimerResume: now}},
		ev:     Event{Kind: EventTimerFired, Timer: TimerResume},
		status: StatusNudged,
		want:   map[TimerKind]time.Time{TimerNoResponse: now.Add(5 * 24 * time.Hour)},
	}, {
		name: "a timer overdue when paused is overdue by as much after",
		state: State{Status: StatusPaused, PausedFrom: StatusThanked, PausedAt: pausedAt, Timers: map[TimerKind]time.Time{
			TimerKeepInTouch: pausedAt.Add(-time.Hour)}},
		ev:     Event{Kind: EventResumed},
		status: StatusThanked,
		want:   map[TimerKind]time.Time{TimerKeepInTouch: now.Add(-time.Hour)},
	}, {
		name: "no known start of the pause: nothing moves",
		state: State{Status: StatusPaused, PausedFrom: StatusRequested, Timers: map[TimerKind]time.Time{
			TimerNudge: now.Add(24 * time.Hour)}},
		ev:     Event{Kind: EventResumed},
		status: StatusRequested,
		want:   map[TimerKind]time.Time{TimerNudge: now.Add(24 * time.Hour)},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, _ := mustApply(t, tt.state, tt.ev, now, p)
			if next.Status != tt.status || !next.PausedAt.IsZero() || next.PausedFrom != "" {
				t.Fatalf("after resuming: %s (paused from %q at %s), want %s with no pause data", next.Status, next.PausedFrom, next.PausedAt, tt.status)
			}
			if !reflect.DeepEqual(next.Timers, tt.want) {
				t.Fatalf("timers after resuming = %v, want %v", next.Timers, tt.want)
			}
		})
	}
}

// A paused contact's timers do not fire, even when due: the store does not
// hand them out, and the workflow refuses them if asked.
func TestFrozenTimersDoNotFire(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	pausedAt := now.Add(-5 * 24 * time.Hour)
	tests := []struct {
		from  Status
		timer TimerKind
	}{
		{StatusRequested, TimerNudge},
		{StatusNudged, TimerNoResponse},
		{StatusThanked, TimerKeepInTouch},
		{StatusKeepingInTouch, TimerKeepInTouch},
	}
	for _, tt := range tests {
		t.Run(string(tt.from)+"/"+string(tt.timer), func(t *testing.T) {
			due := pausedAt.Add(24 * time.Hour)
			s := State{Status: StatusPaused, PausedFrom: tt.from, PausedAt: pausedAt, Timers: map[TimerKind]time.Time{tt.timer: due}}
			if tt.from == StatusNudged {
				s.Nudges = 1
			}
			fire := Event{Kind: EventTimerFired, Timer: tt.timer}
			next, acts, err := Apply(s, fire, now, p)
			if !errors.Is(err, ErrInvalidTransition) || acts != nil || !reflect.DeepEqual(next, s) {
				t.Fatalf("Apply(paused, %s due) = %+v, %v, %v; want it refused, nothing changed", tt.timer, next, acts, err)
			}
			// Resumed, it is a day ahead again, as when paused, and fires then.
			s, _ = mustApply(t, s, Event{Kind: EventResumed}, now, p)
			if _, _, err := Apply(s, fire, now, p); !errors.Is(err, ErrInvalidTransition) {
				t.Fatalf("Apply(%s) right after resuming: error = %v, want it not due yet", tt.timer, err)
			}
			if _, acts := mustApply(t, s, fire, now.Add(24*time.Hour), p); len(acts) == 0 {
				t.Fatalf("Apply(%s) a day after resuming did nothing", tt.timer)
			}
		})
	}
}
