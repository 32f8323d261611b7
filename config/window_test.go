package config

import (
	"strings"
	"testing"
	"time"
)

func TestSendWindowParse(t *testing.T) {
	const (
		su = 1 << time.Sunday
		mo = 1 << time.Monday
		tu = 1 << time.Tuesday
		we = 1 << time.Wednesday
		th = 1 << time.Thursday
		fr = 1 << time.Friday
		sa = 1 << time.Saturday
	)
	tests := []struct {
		name       string
		days       string
		hours      string
		wantDays   int // bit set of weekdays
		start, end int
		wantErr    string
	}{
		{"weekdays", "Mon-Fri", "09:00-17:00", mo | tu | we | th | fr, 540, 1020, ""},
		{"list", "Mon,Wed,Fri", "9:30-12:00", mo | we | fr, 570, 720, ""},
		{"all week", "Mon-Sun", "00:00-24:00", su | mo | tu | we | th | fr | sa, 0, 1440, ""},
		{"range and day", "Tue-Thu, Sat", "08:00-08:01", tu | we | th | sa, 480, 481, ""},
		{"wrapping range", "Fri-Mon", "10:00-11:00", fr | sa | su | mo, 600, 660, ""},
		{"full names any case", "monday-WEDNESDAY", "10:00-11:00", mo | tu | we, 600, 660, ""},
		{"single day", "sun", "10:00-11:00", su, 600, 660, ""},
		{"empty days", "", "09:00-17:00", 0, 0, 0, "days is empty"},
		{"bad day", "Mon-Fry", "09:00-17:00", 0, 0, 0, `"Fry" is not a day`},
		{"partial name", "Mond", "09:00-17:00", 0, 0, 0, `"Mond" is not a day`},
		{"no range", "Mon", "09:00", 0, 0, 0, "is not a range"},
		{"reversed", "Mon", "17:00-09:00", 0, 0, 0, "cannot cross midnight"},
		{"empty range", "Mon", "09:00-09:00", 0, 0, 0, "cannot cross midnight"},
		{"bad minute", "Mon", "09:60-10:00", 0, 0, 0, `"09:60" is not a time`},
		{"24 as start", "Mon", "24:00-24:00", 0, 0, 0, `"24:00" is not a time`},
		{"past 24", "Mon", "09:00-24:30", 0, 0, 0, `"24:30" is not a time`},
		{"sign", "Mon", "+9:00-10:00", 0, 0, 0, "is not a time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := SendWindow{Days: tt.days, Hours: tt.hours}.Parse()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse() = %+v, %v, want an error with %q", w, err, tt.wantErr)
				}
				return
			}
			days := 0
			for d, ok := range w.Days {
				if ok {
					days |= 1 << d
				}
			}
			if err != nil || days != tt.wantDays || w.Start != tt.start || w.End != tt.end {
				t.Fatalf("Parse() = %+v, %v, want days %07b, %d-%d", w, err, tt.wantDays, tt.start, tt.end)
			}
		})
	}
}

func TestWindowContains(t *testing.T) {
	w, err := SendWindow{Days: "Mon-Fri", Hours: "09:00-17:00"}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		t    time.Time
		want bool
	}{
		{"monday morning", time.Date(2026, 3, 2, 9, 0, 0, 0, berlin), true},
		{"before start", time.Date(2026, 3, 2, 8, 59, 59, 0, berlin), false},
		{"end excluded", time.Date(2026, 3, 2, 17, 0, 0, 0, berlin), false},
		{"saturday", time.Date(2026, 3, 7, 10, 0, 0, 0, berlin), false},
		{"zone of t counts", time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC).In(berlin), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := w.Contains(tt.t); got != tt.want {
				t.Fatalf("Contains(%v) = %v, want %v", tt.t, got, tt.want)
			}
		})
	}
}

func TestDigestAt(t *testing.T) {
	tests := []struct {
		in         string
		hour, mins int
	}{
		{"07:30", 7, 30},
		{"7:05", 7, 5},
		{"23:59", 23, 59},
		{"00:00", 0, 0},
		{"bad", 7, 30},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			h, m := Digest{Time: tt.in}.At()
			if h != tt.hour || m != tt.mins {
				t.Fatalf("At() = %d, %d, want %d, %d", h, m, tt.hour, tt.mins)
			}
		})
	}
}

func TestHolidayDates(t *testing.T) {
	w := Workflow{Holidays: []string{"2026-12-25", "2027-01-01"}}
	got := w.HolidayDates()
	want := []Date{{2026, time.December, 25}, {2027, time.January, 1}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("HolidayDates() = %v, want %v", got, want)
	}
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	// 2026-12-24 20:00 UTC is Christmas morning in Tokyo.
	if d := DateOf(time.Date(2026, 12, 24, 20, 0, 0, 0, time.UTC).In(tokyo)); d != want[0] {
		t.Fatalf("DateOf() = %v, want %v", d, want[0])
	}
	if got := want[0].In(tokyo); !got.Equal(time.Date(2026, 12, 24, 15, 0, 0, 0, time.UTC)) {
		t.Fatalf("In(Tokyo) = %v, want midnight in Tokyo", got)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in    string
		valid bool
	}{
		{"2026-12-25", true},
		{"2028-02-29", true},
		{"2026-02-29", false},
		{"2026-12-25T00:00:00Z", false},
		{"25.12.2026", false},
		{"2026-1-5", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			if (err == nil) != tt.valid || (tt.valid && d.String() != tt.in) {
				t.Fatalf("ParseDate(%q) = %v, %v, want valid %v", tt.in, d, err, tt.valid)
			}
		})
	}
}
