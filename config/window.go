package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SendWindow is when rapport may send mail, in the owner's zone, as written
// in the config file. Use Parse for the checked form.
type SendWindow struct {
	// Days is a comma-separated list of days and day ranges: "Mon-Fri",
	// "Mon,Wed,Fri", "Mon-Wed,Fri", "Mon-Sun". Ranges may wrap ("Fri-Mon").
	Days string `toml:"days"`
	// Hours is "HH:MM-HH:MM", start inclusive and end exclusive; the end may
	// be "24:00". Windows do not cross midnight.
	Hours string `toml:"hours"`
}

// Window is a parsed SendWindow.
type Window struct {
	// Days is indexed by time.Weekday: Days[time.Monday] is Monday.
	Days [7]bool
	// Start and End are minutes after midnight, 0 ≤ Start < End ≤ 1440.
	Start, End int
}

// Contains reports whether t falls in the window, judged by t's weekday and
// clock in t's own location (pass t.In(cfg.Location())).
func (w Window) Contains(t time.Time) bool {
	m := t.Hour()*60 + t.Minute()
	return w.Days[t.Weekday()] && w.Start <= m && m < w.End
}

// Parse checks the window and returns its parsed form.
func (s SendWindow) Parse() (Window, error) {
	var w Window
	days, err := parseDays(s.Days)
	if err != nil {
		return w, err
	}
	w.Days = days
	w.Start, w.End, err = parseHours(s.Hours)
	return w, err
}

// parseHours parses "HH:MM-HH:MM" into minutes after midnight.
func parseHours(s string) (start, end int, err error) {
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, fmt.Errorf("hours %q is not a range like \"09:00-17:00\"", s)
	}
	if start, err = parseClock(strings.TrimSpace(from), false); err != nil {
		return 0, 0, fmt.Errorf("hours %q: %w", s, err)
	}
	if end, err = parseClock(strings.TrimSpace(to), true); err != nil {
		return 0, 0, fmt.Errorf("hours %q: %w", s, err)
	}
	if start >= end {
		return 0, 0, fmt.Errorf("hours %q end before they start; a window cannot cross midnight", s)
	}
	return start, end, nil
}

// parseWeekday accepts a day's English name or its first three letters, in
// any case.
func parseWeekday(s string) (time.Weekday, error) {
	s = strings.TrimSpace(s)
	low := strings.ToLower(s)
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if low == name || low == name[:3] {
			return d, nil
		}
	}
	return 0, fmt.Errorf("%q is not a day (use Mon, Tue, Wed, Thu, Fri, Sat or Sun)", s)
}

// parseDays parses a list like "Mon-Wed,Fri".
func parseDays(s string) ([7]bool, error) {
	var days [7]bool
	if strings.TrimSpace(s) == "" {
		return days, fmt.Errorf("days is empty (write e.g. \"Mon-Fri\")")
	}
	for _, item := range strings.Split(s, ",") {
		from, to, isRange := strings.Cut(item, "-")
		first, err := parseWeekday(from)
		if err != nil {
			return days, fmt.Errorf("days %q: %w", s, err)
		}
		last := first
		if isRange {
			if last, err = parseWeekday(to); err != nil {
				return days, fmt.Errorf("days %q: %w", s, err)
			}
		}
		for d := first; ; d = (d + 1) % 7 {
			days[d] = true
			if d == last {
				break
			}
		}
	}
	return days, nil
}

// parseClock parses "HH:MM" (or "H:MM") into minutes after midnight;
// "24:00" only when allow24.
func parseClock(s string, allow24 bool) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return 0, fmt.Errorf("%q is not a time like \"07:30\"", s)
	}
	hour, err1 := strconv.Atoi(h)
	minute, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hour < 0 || minute < 0 || minute > 59 ||
		hour > 24 || (hour == 24 && (!allow24 || minute != 0)) ||
		strings.ContainsAny(s, "+- ") {
		return 0, fmt.Errorf("%q is not a time like \"07:30\" (00:00 to 23:59)", s)
	}
	return hour*60 + minute, nil
}

// At returns the digest's time of day in the owner's zone; 07:30 when Time
// does not parse, which Validate rules out.
func (d Digest) At() (hour, minute int) {
	m, err := parseClock(d.Time, false)
	if err != nil {
		return 7, 30
	}
	return m / 60, m % 60
}
