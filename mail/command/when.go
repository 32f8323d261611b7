package command

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// whenHint is what to write for a meeting time.
const whenHint = "write the date and time as 2026-12-03 15:00, optionally with a zone such as Europe/Berlin"

// dateHint is what to write for a date.
const dateHint = "write the date as 2027-01-10 or 10 Jan 2027"

// day is a calendar date as written, before it meets a zone: either y, m,
// d, or rel days after today (0 today, 1 tomorrow).
type day struct {
	y, d    int
	m       time.Month
	rel     int
	isRel   bool
	weekday time.Weekday
	hasWD   bool
}

var (
	isoDate   = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	isoDT     = regexp.MustCompile(`^(\d{4}-\d{1,2}-\d{1,2})[tT](\d{1,2}:\d{2})$`)
	numeric   = regexp.MustCompile(`^\d{1,4}[/.]\d{1,2}[/.]\d{1,4}$`)
	clock24   = regexp.MustCompile(`^(\d{1,2}):(\d{2})$`)
	clock12   = regexp.MustCompile(`^(\d{1,2})(?::(\d{2}))?\s?([ap])\.?m\.?$`)
	dayNumber = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?$`)
	year      = regexp.MustCompile(`^\d{4}$`)
	zoneName  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+){1,2}$`)
	duration  = regexp.MustCompile(`^(\d{1,4})(h|d|w|hours?|days?|weeks?)$`)
)

var months = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
	"dec": 12, "december": 12,
}

var weekdays = map[string]time.Weekday{
	"sun": 0, "sunday": 0, "mon": 1, "monday": 1, "tue": 2, "tues": 2, "tuesday": 2,
	"wed": 3, "wednesday": 3, "thu": 4, "thur": 4, "thurs": 4, "thursday": 4,
	"fri": 5, "friday": 5, "sat": 6, "saturday": 6,
}

// word lower-cases a token and drops the comma or period after it.
func word(s string) string { return strings.ToLower(strings.TrimRight(s, ",.")) }

// looksLikeDate reports whether toks starts like a date, so that an error
// in reading it is worth reporting.
func looksLikeDate(toks []string) bool {
	if len(toks) == 0 {
		return false
	}
	w := word(toks[0])
	if w == "on" && len(toks) > 1 {
		w = word(toks[1])
	}
	if w == "" {
		return false
	}
	if w == "today" || w == "tomorrow" || w[0] >= '0' && w[0] <= '9' {
		return true
	}
	if _, ok := weekdays[w]; ok {
		return true
	}
	if _, ok := months[w]; ok && len(toks) > 1 && word(toks[1]) != "" && word(toks[1])[0] >= '0' && word(toks[1])[0] <= '9' {
		return true
	}
	return false
}

// readDay reads a date from the start of toks and returns how many tokens
// it used.
func readDay(toks []string) (day, int, string) {
	var dd day
	i := 0
	if i < len(toks) && word(toks[i]) == "on" {
		i++
	}
	if i < len(toks) {
		if wd, ok := weekdays[word(toks[i])]; ok {
			dd.weekday, dd.hasWD = wd, true
			i++
		}
	}
	if i >= len(toks) {
		return dd, i, "no date"
	}
	w := word(toks[i])
	switch {
	case w == "today" || w == "tomorrow":
		dd.isRel = true
		if w == "tomorrow" {
			dd.rel = 1
		}
		return dd, i + 1, ""
	case numeric.MatchString(w):
		return dd, i, quote(w) + " is ambiguous (day or month first?)"
	case isoDate.MatchString(w):
		m := isoDate.FindStringSubmatch(w)
		dd.y, _ = strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		dd.m = time.Month(mo)
		dd.d, _ = strconv.Atoi(m[3])
		return dd, i + 1, dd.check(w)
	}
	// 3 Dec 2026, or Dec 3 2026 / Dec 3, 2026.
	if i+2 >= len(toks) {
		return dd, i, quote(shorten(w, 30)) + " is not a date"
	}
	a, b, c := word(toks[i]), word(toks[i+1]), word(toks[i+2])
	if mo, ok := months[b]; ok && dayNumber.MatchString(a) {
		dd.m = mo
		dd.d, _ = strconv.Atoi(dayNumber.FindStringSubmatch(a)[1])
	} else if mo, ok := months[a]; ok && dayNumber.MatchString(b) {
		dd.m = mo
		dd.d, _ = strconv.Atoi(dayNumber.FindStringSubmatch(b)[1])
	} else {
		return dd, i, quote(shorten(strings.Join(toks[i:i+3], " "), 40)) + " is not a date"
	}
	if !year.MatchString(c) {
		return dd, i, quote(shorten(strings.Join(toks[i:i+3], " "), 40)) + " has no year"
	}
	dd.y, _ = strconv.Atoi(c)
	return dd, i + 3, dd.check(strings.Join(toks[i:i+3], " "))
}

// check returns why an absolute date does not exist, or "".
func (dd day) check(written string) string {
	if dd.y < 1900 || dd.y > 2199 {
		return quote(shorten(written, 40)) + " is not a date rapport can use"
	}
	t := time.Date(dd.y, dd.m, dd.d, 12, 0, 0, 0, time.UTC)
	if dd.m < 1 || dd.m > 12 || t.Day() != dd.d || t.Month() != dd.m {
		return quote(shorten(written, 40)) + " is not a date"
	}
	return ""
}

// resolve returns the date in zone, given now for relative dates.
func (dd day) resolve(now time.Time, zone *time.Location) (y int, m time.Month, d int, msg string) {
	if dd.isRel {
		if now.IsZero() {
			return 0, 0, 0, "today and tomorrow need the date of the mail; write the date"
		}
		y, m, d = now.In(zone).AddDate(0, 0, dd.rel).Date()
	} else {
		y, m, d = dd.y, dd.m, dd.d
	}
	if dd.hasWD {
		if wd := time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Weekday(); wd != dd.weekday {
			return 0, 0, 0, fmt.Sprintf("%d %s %d is a %s, not a %s", d, m.String()[:3], y, wd, dd.weekday)
		}
	}
	return y, m, d, ""
}

// readClock reads a time of day from the start of toks: 15:00, 9:30, 3pm,
// 3:30 p.m., "3 pm".
func readClock(toks []string) (h, min, n int, msg string) {
	if len(toks) == 0 {
		return 0, 0, 0, "no time"
	}
	w := strings.ToLower(toks[0])
	if len(toks) > 1 {
		if next := strings.ToLower(toks[1]); strings.HasPrefix(next, "a") || strings.HasPrefix(next, "p") {
			if m := clock12.FindStringSubmatch(w + next); m != nil {
				h, min, msg = twelve(m)
				return h, min, 2, msg
			}
		}
	}
	if m := clock12.FindStringSubmatch(w); m != nil {
		h, min, msg = twelve(m)
		return h, min, 1, msg
	}
	m := clock24.FindStringSubmatch(w)
	if m == nil {
		return 0, 0, 0, quote(shorten(toks[0], 30)) + " is not a time of day"
	}
	h, _ = strconv.Atoi(m[1])
	min, _ = strconv.Atoi(m[2])
	if h > 23 || min > 59 {
		return 0, 0, 0, quote(w) + " is not a time of day"
	}
	return h, min, 1, ""
}

func twelve(m []string) (h, min int, msg string) {
	h, _ = strconv.Atoi(m[1])
	if m[2] != "" {
		min, _ = strconv.Atoi(m[2])
	}
	if h < 1 || h > 12 || min > 59 {
		return 0, 0, quote(m[0]) + " is not a time of day"
	}
	if h == 12 {
		h = 0
	}
	if m[3] == "p" {
		h += 12
	}
	return h, min, ""
}

// LoadZone returns the time zone s names, as add's tz: field reads it:
// an IANA name ("Europe/Berlin", "UTC"), in any case. The command line's
// add reads its --tz with it too. It reads the system's zone database (or
// the one embedded in the binary) and nothing else.
func LoadZone(s string) (*time.Location, error) {
	loc, msg := loadZone(s)
	if msg != "" {
		return nil, errors.New(msg)
	}
	return loc, nil
}

// loadZone returns the IANA zone name s names: "Europe/Berlin", "UTC", and
// the same in other cases ("europe/berlin"). It reads the system's zone
// database (or the one embedded in the binary) and nothing else: names
// that are not shaped like a zone never reach it.
func loadZone(s string) (*time.Location, string) {
	if strings.EqualFold(s, "UTC") || strings.EqualFold(s, "GMT") {
		return time.UTC, ""
	}
	bad := quote(shorten(s, 40)) + " is not a time zone (use an IANA name such as Europe/Berlin)"
	if len(s) > 64 || !zoneName.MatchString(s) {
		return nil, bad
	}
	for _, name := range []string{s, titleZone(s)} {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc, ""
		}
	}
	return nil, bad
}

// titleZone upper-cases the first letter of every part of a zone name:
// "america/new_york" → "America/New_York".
func titleZone(s string) string {
	b := []byte(strings.ToLower(s))
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '/' || c == '_' || c == '-'
	}
	return string(b)
}

// when is a meeting time as read.
type when struct {
	at   time.Time
	zone *time.Location
}

// parseWhen reads all of toks as a meeting time (see the package doc).
func parseWhen(toks []string, opts Options) (when, string) {
	if len(toks) == 1 {
		if t, err := time.Parse(time.RFC3339, toks[0]); err == nil {
			if t.Year() < 1900 || t.Year() > 2199 {
				return when{}, quote(shorten(toks[0], 40)) + " is not a date rapport can use"
			}
			return when{at: t, zone: t.Location()}, ""
		}
	}
	// "2026-12-03T15:00" is a date and a time in one word.
	var split []string
	for _, tok := range toks {
		if m := isoDT.FindStringSubmatch(tok); m != nil {
			split = append(split, m[1], m[2])
		} else {
			split = append(split, tok)
		}
	}
	toks = split
	dd, i, msg := readDay(toks)
	if msg != "" {
		return when{}, msg
	}
	if i < len(toks) && word(toks[i]) == "at" {
		i++
	}
	if i >= len(toks) {
		return when{}, "the meeting needs a time of day as well as a date"
	}
	h, mi, used, msg := readClock(toks[i:])
	if msg != "" {
		return when{}, msg
	}
	i += used
	zone := opts.zone()
	if i < len(toks) {
		if i+1 < len(toks) {
			return when{}, "too many words after the time: " + quote(shorten(strings.Join(toks[i:], " "), 40))
		}
		loc, msg := loadZone(strings.TrimRight(toks[i], ".,"))
		if msg != "" {
			return when{}, msg
		}
		zone = loc
	}
	y, m, d, msg := dd.resolve(opts.Now, zone)
	if msg != "" {
		return when{}, msg
	}
	at := time.Date(y, m, d, h, mi, 0, 0, zone)
	if at.Hour() != h || at.Minute() != mi || at.Day() != d {
		return when{}, fmt.Sprintf("%02d:%02d on %d-%02d-%02d does not exist in %s (the clocks go forward)", h, mi, y, m, d, zone)
	}
	// A time the clocks go back over happens twice: take the first, so
	// that the meeting is never an hour late.
	for _, back := range []time.Duration{time.Hour, 30 * time.Minute} {
		if e := at.Add(-back); e.Hour() == h && e.Minute() == mi && e.Day() == d {
			at = e
			break
		}
	}
	return when{at: at, zone: zone}, ""
}

// ParseWhen reads words as a meeting time, as the scheduled command does:
// "2026-12-03 15:00", "2026-12-03T15:00", "3 Dec 2026 3pm", "tomorrow at
// 15:00", each with an IANA zone after it or not, or one RFC 3339 time.
// A time without a zone is in opts.Zone; today and tomorrow need
// opts.Now. The command line's mark reads its times with it too, so that
// a time reads the same wherever the owner writes it. The error says
// what is wrong and what to write instead. A word may hold spaces (the
// shell's "2026-12-03 15:00" is one argument): they split it.
func ParseWhen(words []string, opts Options) (time.Time, error) {
	w, msg := parseWhen(strings.Fields(strings.Join(words, " ")), opts)
	if msg != "" {
		return time.Time{}, errors.New(msg + " (" + whenHint + ")")
	}
	return w.at, nil
}

// ParseUntil reads words as the day a pause ends, as pause … until does:
// "2027-01-10", "10 Jan 2027", "tomorrow"; it returns the start of that
// day in opts.Zone. A day not after opts.Now is refused, unless Now is
// zero. The error says what is wrong and what to write instead. Words may
// hold spaces, as ParseWhen's.
func ParseUntil(words []string, opts Options) (time.Time, error) {
	until, msg := parseUntil(strings.Fields(strings.Join(words, " ")), opts)
	if msg != "" {
		return time.Time{}, errors.New(msg + " (" + dateHint + ")")
	}
	return until, nil
}

// parseUntil is ParseUntil, with the message alone.
func parseUntil(words []string, opts Options) (time.Time, string) {
	until, msg := parseDate(words, opts)
	if msg == "" && !opts.Now.IsZero() && !until.After(opts.Now) {
		msg = strings.Join(words, " ") + " is not after today"
	}
	return until, msg
}

// parseDate reads all of toks as a day and returns its start in the
// owner's zone.
func parseDate(toks []string, opts Options) (time.Time, string) {
	dd, n, msg := readDay(toks)
	if msg != "" {
		return time.Time{}, msg
	}
	if n != len(toks) {
		return time.Time{}, "too many words after the date: " + quote(shorten(strings.Join(toks[n:], " "), 40))
	}
	zone := opts.zone()
	y, m, d, msg := dd.resolve(opts.Now, zone)
	if msg != "" {
		return time.Time{}, msg
	}
	return time.Date(y, m, d, 0, 0, 0, 0, zone), ""
}

// parseSnooze reads a duration from toks ("5d", "36h", "2w", "5 days").
func parseSnooze(toks []string) (time.Duration, string) {
	s := strings.ToLower(strings.Join(toks, ""))
	m := duration.FindStringSubmatch(s)
	if m == nil || len(toks) > 2 {
		return 0, quote(shorten(strings.Join(toks, " "), 30)) + " is not a duration"
	}
	n, _ := strconv.Atoi(m[1])
	unit := time.Hour
	switch m[2][0] {
	case 'd':
		unit = 24 * time.Hour
	case 'w':
		unit = 7 * 24 * time.Hour
	}
	d := time.Duration(n) * unit
	if d < time.Hour || d > 366*24*time.Hour {
		return 0, quote(strings.Join(toks, " ")) + " is out of range (from 1h to 366d)"
	}
	return d, ""
}

// zone returns the owner's zone, UTC when none was given.
func (o Options) zone() *time.Location {
	if o.Zone == nil {
		return time.UTC
	}
	return o.Zone
}
