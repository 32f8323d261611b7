package workflow

import (
	"errors"
	"testing"
	"time"
)

// A request asked for a contact past new says where they are, with the
// date that matters in the owner's zone, never "drafted before" for one
// who never had a request.
func TestRequestRefusalSaysWhereTheyAre(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultPolicy(berlin)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	// 23:30 UTC on Monday is Tuesday in Berlin.
	meeting := &Meeting{Start: time.Date(2026, 12, 7, 23, 30, 0, 0, time.UTC), End: time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)}
	nudge := map[TimerKind]time.Time{TimerNudge: time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)}
	const rule = "; a request goes only to new contacts"
	tests := []struct {
		name  string
		state State
		want  string
	}{
		{"requested, a nudge due", State{Status: StatusRequested, Timers: nudge}, "they have your request and have not answered yet (a nudge is due Thu 10 Dec)" + rule},
		{"requested", State{Status: StatusRequested}, "they have your request and have not answered yet" + rule},
		{"nudged once", State{Status: StatusNudged, Nudges: 1}, "they have your request and a nudge, and have not answered yet" + rule},
		{"nudged twice", State{Status: StatusNudged, Nudges: 2}, "they have your request and 2 nudges, and have not answered yet" + rule},
		{"replied", State{Status: StatusReplied}, "they replied to your request (answer them, then mark them scheduled or met)" + rule},
		{"scheduled", State{Status: StatusScheduled, Meeting: meeting}, "they are scheduled (meeting Tue 8 Dec)" + rule},
		{"scheduled, no time known", State{Status: StatusScheduled}, "they are scheduled" + rule},
		{"met", State{Status: StatusMet, Meeting: meeting}, "you met them (Tue 8 Dec)" + rule},
		{"thanked", State{Status: StatusThanked}, "you met them and sent your thank-you" + rule},
		{"keeping in touch", State{Status: StatusKeepingInTouch}, "you met them and keep in touch" + rule},
		{"declined", State{Status: StatusDeclined}, "they declined" + rule},
		{"no response", State{Status: StatusNoResponse}, "they never answered your request or its nudges" + rule},
		{"bounced", State{Status: StatusBounced}, "mail to them bounced" + rule},
		{"dropped", State{Status: StatusDropped}, "you dropped them" + rule},
		{"paused", State{Status: StatusPaused, PausedFrom: StatusScheduled}, "the contact is paused (resume them first)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Apply(tt.state, Event{Kind: EventRequestDrafted}, now, p)
			var refused *TransitionError
			if !errors.As(err, &refused) || refused.Reason != tt.want {
				t.Fatalf("Apply(%s, request_drafted) = %v; want the reason %q", tt.state.Status, err, tt.want)
			}
		})
	}
}
