package workflow

import (
	"testing"
	"time"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q) = %v", name, err)
	}
	return loc
}

// The meeting-over timer comes the same day or the next morning, by the
// owner's wall clock, across daylight-saving changes too (summer time ends
// on 25 October 2026 in Berlin and on 1 November 2026 in New York).
func TestMeetingOverTime(t *testing.T) {
	berlin, newYork, tokyo := mustZone(t, "Europe/Berlin"), mustZone(t, "America/New_York"), mustZone(t, "Asia/Tokyo")
	in := func(loc *time.Location) func(mo time.Month, d, h, m int) time.Time {
		return func(mo time.Month, d, h, m int) time.Time { return time.Date(2026, mo, d, h, m, 0, 0, loc) }
	}
	ber, ny := in(berlin), in(newYork)
	tests := []struct {
		name       string
		p          Policy
		start, end time.Time
		want       time.Time
	}{
		{"afternoon in UTC: three hours after the end", DefaultPolicy(time.UTC),
			in(time.UTC)(11, 25, 15, 0), in(time.UTC)(11, 25, 15, 30), in(time.UTC)(11, 25, 18, 30)},
		{"Berlin afternoon on the day summer time ends: same day", DefaultPolicy(berlin),
			ber(10, 25, 14, 0), ber(10, 25, 14, 30), ber(10, 25, 17, 30)},
		{"Berlin evening before summer time ends: next morning at eight", DefaultPolicy(berlin),
			ber(10, 24, 19, 0), ber(10, 24, 19, 30), ber(10, 25, 8, 0)},
		{"Berlin, ends 17:59: 20:59 is still the same evening", DefaultPolicy(berlin),
			ber(10, 25, 17, 0), ber(10, 25, 17, 59), ber(10, 25, 20, 59)},
		{"Berlin, ends 18:00: 21:00 waits for the morning", DefaultPolicy(berlin),
			ber(10, 25, 17, 0), ber(10, 25, 18, 0), ber(10, 26, 8, 0)},
		{"Berlin, late meeting: past midnight waits for the morning after the end", DefaultPolicy(berlin),
			ber(10, 24, 22, 30), ber(10, 24, 23, 30), ber(10, 25, 8, 0)},
		{"Berlin, a meeting in the small hours waits for that morning", DefaultPolicy(berlin),
			ber(10, 26, 0, 0), ber(10, 26, 0, 30), ber(10, 26, 8, 0)},
		{"New York evening before daylight time ends: next morning at eight", DefaultPolicy(newYork),
			ny(10, 31, 19, 0), ny(10, 31, 19, 30), ny(11, 1, 8, 0)},
		{"New York afternoon on the day daylight time ends: same day", DefaultPolicy(newYork),
			ny(11, 1, 14, 0), ny(11, 1, 14, 30), ny(11, 1, 17, 30)},
		{"New York evening before daylight time starts: next morning at eight", DefaultPolicy(newYork),
			ny(3, 7, 19, 0), ny(3, 7, 19, 30), ny(3, 8, 8, 0)},
		{"next morning at the configured brief time", func() Policy {
			p := DefaultPolicy(berlin)
			p.PrepBriefAt = 9*time.Hour + 15*time.Minute
			return p
		}(), ber(10, 24, 19, 0), ber(10, 24, 19, 30), ber(10, 25, 9, 15)},
		{"a long delay that ends the next day comes the next morning", func() Policy {
			p := DefaultPolicy(berlin)
			p.MeetingOverAfter = 24 * time.Hour
			return p
		}(), ber(10, 28, 10, 0), ber(10, 28, 10, 30), ber(10, 29, 8, 0)},
		// 17:30 in Berlin is 00:30 the next day in Tokyo: the owner's
		// evening counts, not the contact's.
		{"the owner's zone, not the contact's calendar", func() Policy {
			p := DefaultPolicy(berlin)
			p.Calendar = p.Calendar.In(tokyo)
			return p
		}(), ber(10, 28, 14, 0), ber(10, 28, 14, 30), ber(10, 28, 17, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Through Apply, as the daemon sees it: scheduling sets the timer.
			ev := Event{Kind: EventMeetingScheduled, Meeting: &Meeting{Start: tt.start, End: tt.end}}
			s, _ := mustApply(t, State{Status: StatusReplied}, ev, tt.start.AddDate(0, 0, -7), tt.p)
			if got := s.Timers[TimerMeetingOver]; !got.Equal(tt.want) {
				t.Fatalf("meeting_over timer = %s, want %s", got.In(tt.want.Location()), tt.want)
			}
		})
	}
}

func TestPrepBriefAcrossDaylightSaving(t *testing.T) {
	berlin, newYork, tokyo := mustZone(t, "Europe/Berlin"), mustZone(t, "America/New_York"), mustZone(t, "Asia/Tokyo")
	tests := []struct {
		name  string
		p     Policy
		start time.Time
		want  time.Time
	}{
		// Midnight plus eight hours would be 07:00 on a 25-hour day.
		{"Berlin, the day summer time ends", DefaultPolicy(berlin),
			time.Date(2026, 10, 25, 15, 0, 0, 0, berlin), time.Date(2026, 10, 25, 8, 0, 0, 0, berlin)},
		{"Berlin, the day summer time starts", DefaultPolicy(berlin),
			time.Date(2026, 3, 29, 15, 0, 0, 0, berlin), time.Date(2026, 3, 29, 8, 0, 0, 0, berlin)},
		{"New York, the day daylight time ends", DefaultPolicy(newYork),
			time.Date(2026, 11, 1, 15, 0, 0, 0, newYork), time.Date(2026, 11, 1, 8, 0, 0, 0, newYork)},
		{"the owner's morning, not the contact's", func() Policy {
			p := DefaultPolicy(berlin)
			p.Calendar = p.Calendar.In(tokyo)
			return p
		}(), time.Date(2026, 10, 28, 15, 0, 0, 0, berlin), time.Date(2026, 10, 28, 8, 0, 0, 0, berlin)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.p.prepBrief(tt.start, tt.start.AddDate(0, 0, -7))
			if !ok || !got.Equal(tt.want) {
				t.Fatalf("prepBrief(%s) = %s, %v; want %s, true", tt.start, got.In(tt.want.Location()), ok, tt.want)
			}
		})
	}
}

// A nudge keeps the hour the request left at, across the clock change.
func TestNudgeAcrossDaylightSaving(t *testing.T) {
	berlin, newYork := mustZone(t, "Europe/Berlin"), mustZone(t, "America/New_York")
	tests := []struct {
		name      string
		zone      *time.Location
		sent      time.Time
		want      time.Time
		elapsedHr int
	}{
		{"Berlin, summer time ends 25 October", berlin,
			time.Date(2026, 10, 23, 10, 0, 0, 0, berlin), time.Date(2026, 10, 30, 10, 0, 0, 0, berlin), 7*24 + 1},
		{"New York, daylight time ends 1 November", newYork,
			time.Date(2026, 10, 30, 10, 0, 0, 0, newYork), time.Date(2026, 11, 6, 10, 0, 0, 0, newYork), 7*24 + 1},
		{"New York, daylight time starts 8 March", newYork,
			time.Date(2026, 3, 6, 10, 0, 0, 0, newYork), time.Date(2026, 3, 13, 10, 0, 0, 0, newYork), 7*24 - 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := mustApply(t, State{Status: StatusDrafted}, Event{Kind: EventRequestSent}, tt.sent, DefaultPolicy(tt.zone))
			got := s.Timers[TimerNudge]
			if !got.Equal(tt.want) {
				t.Fatalf("nudge timer = %s, want %s", got.In(tt.zone), tt.want)
			}
			if elapsed := got.Sub(tt.sent); elapsed != time.Duration(tt.elapsedHr)*time.Hour {
				t.Fatalf("nudge %s after the request, want %dh (the clock changed)", elapsed, tt.elapsedHr)
			}
		})
	}
}
