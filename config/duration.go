package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a time.Duration written in TOML as a string: a Go duration
// ("90s", "2m", "36h", "1h30m") that may also use days "d" and weeks "w"
// ("7d", "90d", "1w2d"). A day is 24 hours, whatever the clocks do.
//
// It is a struct so that a bare TOML integer ("min_gap = 5") is rejected
// for its missing unit instead of being read as nanoseconds.
type Duration struct {
	time.Duration
}

const (
	day  = 24 * time.Hour
	week = 7 * day
)

// unitSize returns the length of a unit ParseDuration accepts.
func unitSize(unit string) (time.Duration, bool) {
	switch unit {
	case "ns":
		return time.Nanosecond, true
	case "us", "µs", "μs":
		return time.Microsecond, true
	case "ms":
		return time.Millisecond, true
	case "s":
		return time.Second, true
	case "m":
		return time.Minute, true
	case "h":
		return time.Hour, true
	case "d":
		return day, true
	case "w":
		return week, true
	}
	return 0, false
}

// durationForms is appended to parse errors to say what is accepted.
const durationForms = `write a number and a unit, e.g. "90s", "2m", "36h", "7d" or "1w2d"; units are ns, us, ms, s, m, h, d and w`

// ParseDuration parses s as a Duration: a sequence of decimal numbers, each
// with a unit (ns, us, µs, ms, s, m, h, d or w), optionally preceded by a sign.
func ParseDuration(s string) (Duration, error) {
	orig := s
	fail := func(why string) (Duration, error) {
		return Duration{}, fmt.Errorf("invalid duration %q: %s (%s)", orig, why, durationForms)
	}
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return fail("empty")
	}
	if s == "0" {
		return Duration{}, nil
	}
	var total time.Duration
	for s != "" {
		n := 0
		for n < len(s) && (s[n] == '.' || ('0' <= s[n] && s[n] <= '9')) {
			n++
		}
		if n == 0 {
			return fail("expected a number at " + strconv.Quote(s))
		}
		u := n
		for u < len(s) && s[u] != '.' && (s[u] < '0' || s[u] > '9') {
			u++
		}
		num, unit := s[:n], s[n:u]
		s = s[u:]
		size, ok := unitSize(unit)
		if !ok {
			if unit == "" {
				return fail("missing unit after " + num)
			}
			return fail("unknown unit " + strconv.Quote(unit))
		}
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return fail("bad number " + strconv.Quote(num))
		}
		v := f * float64(size)
		if v >= 1<<63 {
			return fail("too long")
		}
		part := time.Duration(v)
		if size < day {
			// Go's parser is exact where float64 is not.
			if part, err = time.ParseDuration(num + unit); err != nil {
				return fail("too long")
			}
		}
		if total > time.Duration(1<<63-1)-part {
			return fail("too long")
		}
		total += part
	}
	if neg {
		total = -total
	}
	return Duration{total}, nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseDuration.
func (d *Duration) UnmarshalText(text []byte) error {
	v, err := ParseDuration(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText implements encoding.TextMarshaler; the text parses back to d.
func (d Duration) MarshalText() ([]byte, error) {
	return []byte(d.String()), nil
}

// String formats d with whole days as "d" and the rest like Go but without
// zero units: "7d", "1d12h", "3h", "2m30s". Weeks are written as days.
func (d Duration) String() string {
	v := d.Duration
	if v == 0 {
		return "0s"
	}
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
		if v == -1<<63 {
			return v.String()
		}
		v = -v
	}
	if days := v / day; days > 0 {
		b.WriteString(strconv.FormatInt(int64(days), 10) + "d")
		v -= days * day
	}
	if v%time.Second != 0 {
		// Sub-second precision: Go's form is exact and parses back.
		if v > 0 {
			b.WriteString(v.String())
		}
		return b.String()
	}
	for _, u := range []struct {
		size time.Duration
		name string
	}{{time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := v / u.size; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10) + u.name)
			v -= n * u.size
		}
	}
	return b.String()
}
