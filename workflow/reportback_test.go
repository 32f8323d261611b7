package workflow

import (
	"slices"
	"testing"
	"time"
)

// drafted reports whether actions ask for the report back.
func drafted(actions []Action) bool {
	return slices.Contains(actions, Action(Draft{Template: TemplateReportBack}))
}

// An introduced contact reaching met plans one report back to their
// introducer, due the next morning, and its timer drafts it once; no
// introducer, or one who bounced or was dropped, gets none.
func TestReportBack(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	metAt := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	nextMorning := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	ana := &Introducer{ID: 7, Status: StatusThanked, HasMail: true}
	tests := []struct {
		name       string
		introducer *Introducer // at met
		atFire     *Introducer // when the timer fires
		plan       bool
		draft      bool
	}{
		{"introduced by a contact with an address", ana, ana, true, true},
		{"an introducer who declined still hears how it went", &Introducer{ID: 7, Status: StatusDeclined, HasMail: true}, ana, true, true},
		{"no introducer", nil, nil, false, false},
		{"an introducer without an address", &Introducer{ID: 7, Status: StatusNew}, nil, false, false},
		{"a bounced introducer", &Introducer{ID: 7, Status: StatusBounced, HasMail: true}, nil, false, false},
		{"a dropped introducer", &Introducer{ID: 7, Status: StatusDropped, HasMail: true}, nil, false, false},
		{"the introducer bounced before the timer fired", ana, &Introducer{ID: 7, Status: StatusBounced, HasMail: true}, true, false},
		{"the introducer was dropped before the timer fired", ana, &Introducer{ID: 7, Status: StatusDropped, HasMail: true}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, acts := mustApply(t, fixture(StatusScheduled), Event{Kind: EventMet, Introducer: tt.introducer}, metAt, p)
			if drafted(acts) {
				t.Fatalf("met drafted the report back at once: %#v", acts)
			}
			at, planned := s.Timers[TimerReportBack]
			if planned != tt.plan {
				t.Fatalf("report_back timer planned = %v, want %v (timers %v)", planned, tt.plan, s.Timers)
			}
			if !planned {
				return
			}
			if !at.Equal(nextMorning) {
				t.Fatalf("report_back timer at %s, want the next morning %s", at, nextMorning)
			}
			fire := Event{Kind: EventTimerFired, Timer: TimerReportBack, Introducer: tt.atFire}
			s, acts = mustApply(t, s, fire, at, p)
			if drafted(acts) != tt.draft {
				t.Fatalf("timer actions %#v: report back drafted = %v, want %v", acts, drafted(acts), tt.draft)
			}
			if _, still := s.Timers[TimerReportBack]; still {
				t.Fatal("the report_back timer is still pending after it fired")
			}
			if _, _, err := Apply(s, fire, at.Add(time.Hour), p); err == nil {
				t.Fatal("the report_back timer fired a second time")
			}
		})
	}
}

// Reaching met twice for the same meeting (the meeting-over timer, then
// the owner's "met" after the thank-you) plans one report back: a pending
// one is kept, and one already drafted is not planned again.
func TestReportBackOncePerMeeting(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	ana := &Introducer{ID: 7, Status: StatusReplied, HasMail: true}
	st := fixture(StatusScheduled)
	over := st.Timers[TimerMeetingOver]
	st, _ = mustApply(t, st, Event{Kind: EventTimerFired, Timer: TimerMeetingOver, Introducer: ana}, over, p)
	at, ok := st.Timers[TimerReportBack]
	if !ok {
		t.Fatalf("the meeting-over timer planned no report back: timers %v", st.Timers)
	}
	if _, _, err := Apply(st, Event{Kind: EventMet, Introducer: ana}, over, p); err == nil {
		t.Fatal("met was accepted twice in a row")
	}

	// The thank-you leaves, then the owner marks them met again before
	// the report back was drafted: the pending timer stays as it was.
	thanked, _ := mustApply(t, st, Event{Kind: EventThankYouSent}, over.Add(time.Hour), p)
	again, acts := mustApply(t, thanked, Event{Kind: EventMet, Introducer: ana}, over.Add(2*time.Hour), p)
	if got := again.Timers[TimerReportBack]; !got.Equal(at) || drafted(acts) {
		t.Fatalf("met again: report_back timer %s (want %s kept), actions %#v", got, at, acts)
	}

	// Drafted, thanked, marked met again: nothing more for the introducer.
	done, acts := mustApply(t, thanked, Event{Kind: EventTimerFired, Timer: TimerReportBack, Introducer: ana}, at, p)
	if !drafted(acts) {
		t.Fatalf("the timer drafted no report back for a thanked contact: %#v", acts)
	}
	again, acts = mustApply(t, done, Event{Kind: EventMet, Introducer: ana}, at.Add(time.Hour), p)
	if _, planned := again.Timers[TimerReportBack]; planned || drafted(acts) {
		t.Fatalf("met again after the report back: timers %v, actions %#v; want no second report back", again.Timers, acts)
	}
}

// The thank-you is late from midnight after the day ThankYouWithin days
// after the meeting, in the owner's zone.
func TestThankYouDue(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	met := time.Date(2026, 12, 7, 22, 30, 0, 0, time.UTC) // Mon 7 Dec 23:30 in Paris
	tests := []struct {
		name   string
		within int
		want   time.Time
	}{
		{"the next day by default", 0, time.Date(2026, 12, 9, 0, 0, 0, 0, paris)},
		{"one day", 1, time.Date(2026, 12, 9, 0, 0, 0, 0, paris)},
		{"three days", 3, time.Date(2026, 12, 11, 0, 0, 0, 0, paris)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultPolicy(paris)
			p.ThankYouWithin = tt.within
			if got := p.ThankYouDue(met); !got.Equal(tt.want) {
				t.Fatalf("ThankYouDue(%s) = %s, want %s", met, got, tt.want)
			}
		})
	}
	if DefaultPolicy(paris).ThankYouWithin != 1 {
		t.Fatal("the default thank-you window is not one day")
	}
}
