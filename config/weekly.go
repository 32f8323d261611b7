package config

import (
	"strings"
	"time"
)

// Weekly returns the day whose digest carries the weekly look back, and
// false when digest.weekly_day turns it off ("" or "off") or does not
// parse, which Validate rules out.
func (d Digest) Weekly() (time.Weekday, bool) {
	day, on, err := parseWeeklyDay(d.WeeklyDay)
	return day, on && err == nil
}

// parseWeeklyDay reads digest.weekly_day: a day as parseWeekday reads it,
// or "" or "off" for none.
func parseWeeklyDay(s string) (time.Weekday, bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "off":
		return 0, false, nil
	}
	day, err := parseWeekday(s)
	if err != nil {
		return 0, false, err
	}
	return day, true, nil
}
