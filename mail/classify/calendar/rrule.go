package calendar

import (
	"strconv"
	"strings"
	"time"
)

// yearly is the part of RRULE that VTIMEZONE observances use: once a year,
// in one month, on the nth (or nth-last) weekday, or on a weekday among a
// set of month days ("BYMONTHDAY=8,9,10,11,12,13,14;BYDAY=SU"), or on a
// fixed day of the month.
type yearly struct {
	interval  int
	month     time.Month // 0: the month of DTSTART
	nth       int        // 1..5 or -1..-5; 0 with weekday set: see monthDays
	weekday   time.Weekday
	byWeekday bool
	monthDays []int
	until     time.Time // wall clock; zero when unbounded
	count     int       // 0 when unbounded
}

// parseYearly parses an RRULE value, and returns nil for rules other than
// the yearly ones described at yearly.
func parseYearly(rule string) *yearly {
	if rule == "" {
		return nil
	}
	y := &yearly{interval: 1}
	freq := ""
	for _, part := range strings.Split(strings.ToUpper(rule), ";") {
		key, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch key {
		case "FREQ":
			freq = value
		case "INTERVAL":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 {
				return nil
			}
			y.interval = n
		case "COUNT":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 {
				return nil
			}
			y.count = n
		case "UNTIL":
			t, ok := parseWall(strings.TrimSuffix(value, "Z"))
			if !ok {
				return nil
			}
			y.until = t
		case "BYMONTH":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 || n > 12 {
				return nil
			}
			y.month = time.Month(n)
		case "BYDAY":
			if !y.parseByDay(value) {
				return nil
			}
		case "BYMONTHDAY":
			for _, v := range strings.Split(value, ",") {
				n, err := strconv.Atoi(v)
				if err != nil || n < -31 || n > 31 || n == 0 {
					return nil
				}
				y.monthDays = append(y.monthDays, n)
			}
		case "WKST", "":
		default:
			return nil // BYHOUR, BYSETPOS, BYYEARDAY …: not seen in VTIMEZONEs
		}
	}
	if freq != "YEARLY" {
		return nil
	}
	return y
}

// parseByDay reads one BYDAY entry such as "SU", "2SU" or "-1SU".
func (y *yearly) parseByDay(v string) bool {
	if len(v) < 2 || strings.Contains(v, ",") {
		return false
	}
	day, ok := map[string]time.Weekday{
		"SU": time.Sunday, "MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday,
		"TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday,
	}[v[len(v)-2:]]
	if !ok {
		return false
	}
	if n := v[:len(v)-2]; n != "" {
		nth, err := strconv.Atoi(n)
		if err != nil || nth == 0 || nth < -5 || nth > 5 {
			return false
		}
		y.nth = nth
	}
	y.weekday, y.byWeekday = day, true
	return true
}

// onset returns the occurrence of the rule in year, at the wall-clock time
// of day of start, or false when there is none (before start, past UNTIL
// or COUNT, off the INTERVAL, or no such day).
func (y *yearly) onset(start time.Time, year int) (time.Time, bool) {
	k := year - start.Year()
	if k < 0 || k%y.interval != 0 || (y.count > 0 && k/y.interval >= y.count) {
		return time.Time{}, false
	}
	month := y.month
	if month == 0 {
		month = start.Month()
	}
	first := time.Date(year, month, 1, start.Hour(), start.Minute(), start.Second(), 0, time.UTC)
	days := first.AddDate(0, 1, -1).Day()
	day := 0
	switch {
	case y.byWeekday && y.nth > 0:
		day = 1 + (int(y.weekday)-int(first.Weekday())+7)%7 + 7*(y.nth-1)
	case y.byWeekday && y.nth < 0:
		last := first.AddDate(0, 0, days-1)
		day = days - (int(last.Weekday())-int(y.weekday)+7)%7 + 7*(y.nth+1)
	case y.byWeekday:
		for _, d := range y.monthDays {
			if d < 0 {
				d = days + 1 + d
			}
			if d >= 1 && d <= days && first.AddDate(0, 0, d-1).Weekday() == y.weekday {
				day = d
				break
			}
		}
	case len(y.monthDays) == 1:
		day = y.monthDays[0]
		if day < 0 {
			day = days + 1 + day
		}
	default:
		day = start.Day()
	}
	if day < 1 || day > days {
		return time.Time{}, false
	}
	t := first.AddDate(0, 0, day-1)
	if t.Before(start) || (!y.until.IsZero() && t.After(y.until)) {
		return time.Time{}, false
	}
	return t, true
}
