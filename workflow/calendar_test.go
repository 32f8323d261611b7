package workflow

import (
	"testing"
	"time"
)

func TestAddBusinessDays(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	newYork, _ := time.LoadLocation("America/New_York")
	tests := []struct {
		name     string
		zone     *time.Location
		holidays []Date
		from     time.Time
		n        int
		want     time.Time
	}{
		{"within a week", time.UTC, nil, time.Date(2026, 11, 16, 10, 0, 0, 0, time.UTC), 3, time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)},
		{"over a weekend", time.UTC, nil, time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC), 5, time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)},
		{"from a Saturday", time.UTC, nil, time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC), 1, time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)},
		{"skipping a holiday", time.UTC, []Date{{2026, 12, 25}}, time.Date(2026, 12, 24, 9, 0, 0, 0, time.UTC), 1, time.Date(2026, 12, 28, 9, 0, 0, 0, time.UTC)},
		{"zero days", time.UTC, nil, time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC), 0, time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)},
		// Summer time ends in Berlin on 25 October 2026: 10:00 local stays 10:00 local.
		{"Berlin across the end of summer time", berlin, nil, time.Date(2026, 10, 22, 10, 0, 0, 0, berlin), 5, time.Date(2026, 10, 29, 10, 0, 0, 0, berlin)},
		// …and in New York on 1 November 2026.
		{"New York across the end of daylight time", newYork, nil, time.Date(2026, 10, 29, 9, 30, 0, 0, newYork), 5, time.Date(2026, 11, 5, 9, 30, 0, 0, newYork)},
		{"New York across the start of daylight time", newYork, nil, time.Date(2026, 3, 6, 9, 30, 0, 0, newYork), 1, time.Date(2026, 3, 9, 9, 30, 0, 0, newYork)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewCalendar(tt.zone, tt.holidays).AddBusinessDays(tt.from, tt.n)
			if !got.Equal(tt.want) {
				t.Fatalf("AddBusinessDays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
			}
			if h, m, _ := got.In(tt.zone).Clock(); tt.n > 0 && (h != tt.from.Hour() || m != tt.from.Minute()) {
				t.Fatalf("AddBusinessDays() local time %02d:%02d, want %02d:%02d", h, m, tt.from.Hour(), tt.from.Minute())
			}
		})
	}
}

func TestBerlinWallClockDiffersFromElapsedHours(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	from := time.Date(2026, 10, 22, 10, 0, 0, 0, berlin)
	got := NewCalendar(berlin, nil).AddBusinessDays(from, 5)
	if elapsed := got.Sub(from); elapsed != 7*24*time.Hour+time.Hour {
		t.Fatalf("elapsed across the clock change = %s, want 169h (one hour longer)", elapsed)
	}
}

func TestPrepBriefTime(t *testing.T) {
	p := DefaultPolicy(time.UTC)
	day := func(h, m int) time.Time { return time.Date(2026, 11, 25, h, m, 0, 0, time.UTC) }
	tests := []struct {
		name       string
		start, now time.Time
		want       time.Time
		ok         bool
	}{
		{"afternoon meeting: brief at eight", day(15, 0), day(7, 0).AddDate(0, 0, -1), day(8, 0), true},
		{"early meeting: an hour before", day(8, 30), day(7, 0).AddDate(0, 0, -1), day(7, 30), true},
		{"scheduled on the day, after eight: now", day(15, 0), day(11, 0), day(11, 0), true},
		{"meeting already started: no brief", day(10, 0), day(11, 0), time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := p.prepBrief(tt.start, tt.now)
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Fatalf("prepBrief() = %s, %v; want %s, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseStatusAndStage(t *testing.T) {
	for _, in := range []string{"no response", "No-Response", "no_response"} {
		if s, err := ParseStatus(in); err != nil || s != StatusNoResponse {
			t.Errorf("ParseStatus(%q) = %q, %v; want no_response", in, s, err)
		}
	}
	if _, err := ParseStatus("ghosted"); err == nil {
		t.Errorf("ParseStatus(ghosted) accepted an unknown status")
	}
	if s, err := ParseStage("follow-up"); err != nil || s != StageFollowUp {
		t.Errorf("ParseStage(follow-up) = %q, %v", s, err)
	}
	for _, s := range Statuses() {
		if s.Stage() == "" {
			t.Errorf("status %s has no stage", s)
		}
	}
}
