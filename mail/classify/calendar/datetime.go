package calendar

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// moment is a DATE or DATE-TIME value read from a property.
type moment struct {
	t      time.Time
	wall   time.Time // the wall-clock time as written, carried in UTC
	zone   zone      // nil for UTC, floating and DATE values
	allDay bool      // a DATE value
	tzid   string    // the TZID parameter, as written
	known  bool      // false when tzid named no zone this package resolves
}

// dateTime reads the DATE or DATE-TIME value of p (DTSTART, DTEND):
// UTC ("20260102T150000Z"), with a TZID resolved through zs, floating
// (no zone: read as UTC), or a DATE ("20260102", all day, midnight UTC).
// The ISO 8601 spelling "2026-01-02T15:00:00Z" that some generators write
// is accepted too. A TZID that nothing resolves is read as UTC, with known
// false.
func dateTime(p *ical.Prop, zs *zones) (moment, error) {
	raw := strings.TrimSpace(p.Value)
	v := strings.ToUpper(raw)
	if strings.ContainsAny(v, "-:") && len(v) <= 25 {
		v = strings.NewReplacer("-", "", ":", "").Replace(v)
	}
	bad := func() (moment, error) {
		return moment{}, fmt.Errorf("calendar: %s %q: not a date-time", p.Name, raw)
	}
	if len(v) == 8 {
		t, err := time.Parse("20060102", v)
		if err != nil {
			return bad()
		}
		return moment{t: t, wall: t, allDay: true, known: true}, nil
	}
	utc := strings.HasSuffix(v, "Z")
	v = strings.TrimSuffix(v, "Z")
	var (
		wall time.Time
		err  error
	)
	switch len(v) {
	case 15:
		wall, err = time.Parse("20060102T150405", v)
	case 13: // seconds left out
		wall, err = time.Parse("20060102T1504", v)
	default:
		return bad()
	}
	if err != nil {
		return bad()
	}
	m := moment{t: wall, wall: wall, known: true}
	if utc {
		return m, nil
	}
	m.tzid = param(p, "TZID")
	if m.tzid == "" {
		return m, nil // floating: read as UTC
	}
	m.zone = zs.resolve(m.tzid)
	if m.zone == nil {
		m.known = false
		return m, nil
	}
	m.t = at(wall, m.zone)
	return m, nil
}

// at returns the instant at which the clock of z shows wall (carried in
// UTC), presented in z.
func at(wall time.Time, z zone) time.Time {
	u := instant(wall.Unix(), z)
	return time.Unix(u, 0).In(z.location(u))
}

// add returns m moved by a DURATION value: the days and weeks are nominal
// (the same wall-clock time so many days later, however long those days
// are across a change of clocks), the hours, minutes and seconds exact,
// as RFC 5545 section 3.3.6 says.
func (m moment) add(p *ical.Prop) (time.Time, error) {
	raw := strings.TrimSpace(p.Value)
	days, exact, err := duration(raw)
	if err != nil {
		return time.Time{}, fmt.Errorf("calendar: %s %q: %v", p.Name, raw, err)
	}
	t := m.t
	if days != 0 {
		wall := m.wall.AddDate(0, 0, days)
		if m.zone != nil {
			t = at(wall, m.zone)
		} else {
			t = wall
		}
	}
	t = t.Add(exact)
	if m.zone != nil {
		t = t.In(m.zone.location(t.Unix()))
	}
	return t, nil
}

// duration parses a DURATION value ("PT1H30M", "P1D", "P2W", "P1DT12H")
// into nominal days and an exact remainder. Negative durations are
// refused: an event cannot end before it starts.
func duration(s string) (days int, exact time.Duration, err error) {
	s = strings.ToUpper(s)
	if strings.HasPrefix(s, "-") {
		return 0, 0, fmt.Errorf("negative duration")
	}
	s = strings.TrimPrefix(s, "+")
	rest, ok := strings.CutPrefix(s, "P")
	if !ok || rest == "" {
		return 0, 0, fmt.Errorf("not a duration")
	}
	inTime := false
	for rest != "" {
		if rest[0] == 'T' {
			if inTime {
				return 0, 0, fmt.Errorf("not a duration")
			}
			inTime, rest = true, rest[1:]
			continue
		}
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i > 6 || i == len(rest) {
			return 0, 0, fmt.Errorf("not a duration")
		}
		n, _ := strconv.Atoi(rest[:i])
		unit := rest[i]
		rest = rest[i+1:]
		switch {
		case !inTime && unit == 'W':
			days += 7 * n
		case !inTime && unit == 'D':
			days += n
		case inTime && unit == 'H':
			exact += time.Duration(n) * time.Hour
		case inTime && unit == 'M':
			exact += time.Duration(n) * time.Minute
		case inTime && unit == 'S':
			exact += time.Duration(n) * time.Second
		default:
			return 0, 0, fmt.Errorf("not a duration")
		}
	}
	return days, exact, nil
}
