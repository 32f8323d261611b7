package config

import (
	"fmt"
	"time"
)

// Date is a civil date with no zone, such as a holiday.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses "YYYY-MM-DD", rejecting dates that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date like \"2026-12-25\"", s)
	}
	return DateOf(t), nil
}

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// In returns midnight at the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// String formats d as "YYYY-MM-DD".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// HolidayDates returns the parsed Holidays in the order written, skipping
// any that do not parse (Validate rules those out). Compare them with
// DateOf(t.In(cfg.Location())).
func (w Workflow) HolidayDates() []Date {
	dates := make([]Date, 0, len(w.Holidays))
	for _, h := range w.Holidays {
		if d, err := ParseDate(h); err == nil {
			dates = append(dates, d)
		}
	}
	return dates
}
