package daemon

import (
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
)

func testPacer(t *testing.T) (*pacer, *time.Location) {
	t.Helper()
	w, err := config.SendWindow{Days: "Mon-Fri", Hours: "09:00-17:00"}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	p := newPacer(w, paris, 3, 10*time.Minute)
	p.jitter = false
	return p, paris
}

func TestPacerWindowCapAndGap(t *testing.T) {
	p, paris := testPacer(t)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	at := func(s string, zone *time.Location) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, zone)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		now  time.Time
		zone *time.Location
		past pacing
		want time.Time
	}{
		{"open now", at("2026-11-23 10:00", paris), nil, pacing{}, at("2026-11-23 10:00", paris)},
		{"before the window", at("2026-11-23 07:30", paris), nil, pacing{}, at("2026-11-23 09:00", paris)},
		{"after the window", at("2026-11-23 17:00", paris), nil, pacing{}, at("2026-11-24 09:00", paris)},
		{"friday evening waits for monday", at("2026-11-27 18:00", paris), nil, pacing{}, at("2026-11-30 09:00", paris)},
		{"the gap", at("2026-11-23 10:00", paris), nil, pacing{sentToday: 1, lastSent: at("2026-11-23 09:55", paris)}, at("2026-11-23 10:05", paris)},
		{"the cap waits for tomorrow", at("2026-11-23 10:00", paris), nil, pacing{sentToday: 3}, at("2026-11-24 09:00", paris)},
		{"the contact's working day", at("2026-11-23 10:00", paris), tokyo, pacing{}, at("2026-11-24 09:00", tokyo)},
		// Clocks go back on 25 October 2026 in Paris: 09:00 is still 09:00.
		{"across daylight saving", at("2026-10-24 18:00", paris), nil, pacing{}, at("2026-10-26 09:00", paris)},
	}
	for _, tt := range tests {
		got := p.earliest(tt.now, tt.zone, tt.past)
		if !got.Equal(tt.want) {
			t.Errorf("%s: earliest = %s, want %s", tt.name, got.In(paris), tt.want.In(paris))
		}
	}
	p.jitter = true
	last := at("2026-11-23 09:55", paris)
	got := p.earliest(at("2026-11-23 10:00", paris), nil, pacing{sentToday: 1, lastSent: last})
	if got.Before(last.Add(10*time.Minute)) || !got.Before(last.Add(15*time.Minute)) || !got.Equal(p.earliest(at("2026-11-23 10:01", paris), nil, pacing{sentToday: 1, lastSent: last})) {
		t.Errorf("with jitter: next send %s after %s, want a stable time within the gap plus half of it", got, last)
	}
	if got := p.earliest(at("2026-10-26 08:00", paris), nil, pacing{}); got.In(paris).Hour() != 9 {
		t.Errorf("after the change to winter time the window opens at %s, want 09:00", got.In(paris))
	}
}
