package calendar

import (
	"testing"
	"time"
)

func TestWindowsTableLoads(t *testing.T) {
	for win, iana := range windowsNames {
		if loadIANA(iana) == nil {
			t.Errorf("windowsNames[%q] = %q: not in the zone database", win, iana)
		}
	}
	for display, iana := range displayNames {
		if loadIANA(iana) == nil {
			t.Errorf("displayNames[%q] = %q: not in the zone database", display, iana)
		}
	}
}

func TestResolve(t *testing.T) {
	// 2026-01-15 12:00 UTC, winter in the north.
	const noon = int64(1768478400)
	tests := []struct {
		tzid   string
		offset int // seconds east of UTC at noon; -1 when unresolved
	}{
		{"Europe/Berlin", 3600},
		{"/freeassociation.sourceforge.net/Tzfile/America/New_York", -5 * 3600},
		{"Eastern Standard Time", -5 * 3600},
		{"GMT Standard Time", 0},
		{"w. europe standard time", 3600},
		{"(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", 19800},
		{"(UTC-03:00) Somewhere Unlisted", -3 * 3600},
		{"Local", -1},
		{"Nowhere/Special", -1},
		{"", -1},
	}
	for _, tt := range tests {
		t.Run(tt.tzid, func(t *testing.T) {
			zs := &zones{}
			z := zs.resolve(tt.tzid)
			switch {
			case z == nil && tt.offset != -1:
				t.Fatalf("resolve(%q) = nil, want offset %d", tt.tzid, tt.offset)
			case z != nil && tt.offset == -1:
				t.Fatalf("resolve(%q) = %v, want nil", tt.tzid, z)
			case z != nil && z.offset(noon) != tt.offset:
				t.Fatalf("resolve(%q).offset() = %d, want %d", tt.tzid, z.offset(noon), tt.offset)
			}
		})
	}
}

func TestInstantGapAndOverlap(t *testing.T) {
	ny := ianaZone{loadIANA("America/New_York")}
	tests := []struct {
		name string
		wall time.Time
		want string
	}{
		{"ordinary", time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC), "2026-07-01T13:00:00Z"},
		// 02:30 does not exist on 2026-03-08: read with EST, the offset before the gap.
		{"spring gap", time.Date(2026, 3, 8, 2, 30, 0, 0, time.UTC), "2026-03-08T07:30:00Z"},
		// 01:30 exists twice on 2026-11-01: the first, in EDT.
		{"autumn overlap", time.Date(2026, 11, 1, 1, 30, 0, 0, time.UTC), "2026-11-01T05:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := time.Unix(instant(tt.wall.Unix(), ny), 0).UTC().Format(time.RFC3339)
			if got != tt.want {
				t.Fatalf("instant(%v) = %s, want %s", tt.wall, got, tt.want)
			}
		})
	}
}

func TestYearlyOnset(t *testing.T) {
	start := time.Date(1601, 1, 1, 2, 0, 0, 0, time.UTC)
	tests := []struct {
		rule string
		year int
		want string // "" for none
	}{
		{"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", 2026, "2026-03-29T02:00:00Z"},
		{"FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", 2026, "2026-03-08T02:00:00Z"},
		{"FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", 2026, "2026-11-01T02:00:00Z"},
		{"FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1,2,3,4,5,6,7;BYDAY=SU", 2026, "2026-04-05T02:00:00Z"},
		{"FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;UNTIL=20000101T000000Z", 2026, ""},
		{"FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=3", 2026, ""},
		{"FREQ=YEARLY;INTERVAL=2;BYMONTH=3;BYDAY=-1SU", 2026, ""}, // 2026-1601 is odd
		{"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", 2028, "2028-02-29T02:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			y := parseYearly(tt.rule)
			if y == nil {
				t.Fatalf("parseYearly(%q) = nil", tt.rule)
			}
			got, ok := y.onset(start, tt.year)
			s := ""
			if ok {
				s = got.Format(time.RFC3339)
			}
			if s != tt.want {
				t.Fatalf("onset(%d) = %q, want %q", tt.year, s, tt.want)
			}
		})
	}
	for _, rule := range []string{"", "FREQ=MONTHLY;BYDAY=1SU", "FREQ=YEARLY;BYDAY=SU,MO", "FREQ=YEARLY;BYSETPOS=1", "FREQ=YEARLY;BYMONTH=13"} {
		if y := parseYearly(rule); y != nil {
			t.Errorf("parseYearly(%q) = %+v, want nil", rule, y)
		}
	}
}

func TestUTCOffset(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"+0200", 7200, true},
		{"-0800", -28800, true},
		{"+013952", 5992, true},
		{"+05:30", 19800, true},
		{"0200", 0, false},
		{"+2500", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := utcOffset(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("utcOffset(%q) = %d, %v, want %d, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
