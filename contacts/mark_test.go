package contacts

import (
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

func TestMarkEvent(t *testing.T) {
	at := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)
	until := time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)
	booked := workflow.State{Status: workflow.StatusScheduled, Meeting: &workflow.Meeting{
		Start: at.Add(-24 * time.Hour), End: at.Add(-23 * time.Hour), Place: "Café Lumen"}}
	tests := []struct {
		name      string
		state     workflow.State
		mark      Mark
		wantKind  workflow.EventKind
		wantEnd   time.Time
		wantPlace string
		wantOK    bool
	}{
		{"met", workflow.State{Status: workflow.StatusReplied}, Mark{Verb: workflow.VerbMet}, workflow.EventMet, time.Time{}, "", true},
		{"a new meeting lasts 30 minutes", workflow.State{Status: workflow.StatusReplied}, Mark{Verb: workflow.VerbScheduled, At: at, Place: "video call"},
			workflow.EventMeetingScheduled, at.Add(30 * time.Minute), "video call", true},
		{"a moved meeting keeps its length and place", booked, Mark{Verb: workflow.VerbScheduled, At: at},
			workflow.EventMeetingMoved, at.Add(time.Hour), "Café Lumen", true},
		{"a moved meeting takes what the owner says", booked, Mark{Verb: workflow.VerbScheduled, At: at, Length: 45 * time.Minute, Place: "video call"},
			workflow.EventMeetingMoved, at.Add(45 * time.Minute), "video call", true},
		{"pause until", workflow.State{Status: workflow.StatusMet}, Mark{Verb: workflow.VerbPause, Until: until}, workflow.EventPaused, time.Time{}, "", true},
		{"not a status verb", workflow.State{Status: workflow.StatusMet}, Mark{Verb: "note"}, "", time.Time{}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.mark.Why = "by hand"
			ev, ok := tt.mark.Event(&store.Contact{State: tt.state})
			if ok != tt.wantOK || ev.Kind != tt.wantKind {
				t.Fatalf("Event() = %s, %v; want %s, %v", ev.Kind, ok, tt.wantKind, tt.wantOK)
			}
			if !ok {
				return
			}
			if ev.Why != "by hand" || !ev.Until.Equal(tt.mark.Until) {
				t.Errorf("Event() why %q until %v; want the mark's", ev.Why, ev.Until)
			}
			if m := ev.Meeting; tt.wantEnd.IsZero() != (m == nil) || m != nil && (!m.Start.Equal(at) || !m.End.Equal(tt.wantEnd) || m.Place != tt.wantPlace) {
				t.Errorf("Event() meeting = %+v; want %v–%v at %q", m, at, tt.wantEnd, tt.wantPlace)
			}
		})
	}
}
