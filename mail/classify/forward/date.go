package forward

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

var (
	cjkDateRE     = regexp.MustCompile(`(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?`)
	numericDateRE = regexp.MustCompile(`\b(\d{1,4})([./-])(\d{1,2})[./-](\d{2,4})\b`)
	gmtOffsetRE   = regexp.MustCompile(`(?i)\(?\b(?:gmt|utc)\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?\)?`)
	offsetRE      = regexp.MustCompile(`(?:^|\s)([+-])(\d{2}):?(\d{2})\b`)
	clockRE       = regexp.MustCompile(`\b(\d{1,2})[:h.](\d{2})(?:[:.](\d{2}))?`)
)

// parseDate reads the date of a forwarded header block, as whatever mail
// client and language wrote it: RFC 5322 ("Wed, 3 Nov 2021 15:51:30
// +0100"), "Wed, Oct 27, 2021 at 9:31 AM", "Monday, January 2, 2026 3:04
// PM", "Mi., 27. Okt. 2021 um 09:31 Uhr", "2 janv. 2026 à 15:04", "ср, 27
// окт. 2021 г. в 09:31", "2022年9月19日月曜日 17:55:44 -0400", "02/10/2023
// 4:52 PM EST" … It is a best effort: the day, month and year must all be
// found or the zero time is returned; a missing time of day is midnight;
// a missing zone is UTC. An all-numeric date is read day first, unless it
// comes with AM/PM or its first number cannot be a month's day.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 200 {
		return time.Time{}
	}
	if t, err := mail.ParseDate(s); err == nil {
		return t
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	var d dateParts
	rest := strings.ToLower(s)
	if m := cjkDateRE.FindStringSubmatchIndex(rest); m != nil {
		d.year, d.month, d.day = atoi(rest, m, 1), atoi(rest, m, 2), atoi(rest, m, 3)
		rest = rest[:m[0]] + " " + rest[m[1]:]
	} else if m := numericDateRE.FindStringSubmatchIndex(rest); m != nil {
		d.numeric = [3]int{atoi(rest, m, 1), atoi(rest, m, 3), atoi(rest, m, 4)}
		d.numericISO = m[3]-m[2] == 4
		rest = rest[:m[0]] + " " + rest[m[1]:]
	}
	if m := gmtOffsetRE.FindStringSubmatchIndex(rest); m != nil {
		d.offset, d.hasZone = atoi(rest, m, 2)*3600+atoi(rest, m, 3)*60, true
		if rest[m[2]:m[3]] != "+" {
			d.offset = -d.offset
		}
		rest = rest[:m[0]] + " " + rest[m[1]:]
	} else if m := offsetRE.FindStringSubmatchIndex(rest); m != nil {
		d.offset, d.hasZone = atoi(rest, m, 2)*3600+atoi(rest, m, 3)*60, true
		if rest[m[2]:m[3]] == "-" {
			d.offset = -d.offset
		}
		rest = rest[:m[0]] + " " + rest[m[1]:]
	}
	if m := clockRE.FindStringSubmatchIndex(rest); m != nil {
		d.hour, d.min, d.sec, d.hasClock = atoi(rest, m, 1), atoi(rest, m, 2), atoi(rest, m, 3), true
		rest = rest[:m[0]] + " " + rest[m[1]:]
	}
	d.words(rest)
	return d.time()
}

// dateParts collects what parseDate finds.
type dateParts struct {
	year, day             int
	month                 int
	numeric               [3]int // an all-numeric date, in the order written
	numericISO            bool   // numeric starts with a four-digit year
	hour, min, sec        int
	hasClock              bool
	pm, am                bool
	offset                int
	hasZone               bool
	monthWeak, monthFirst time.Month
}

// words reads the words and numbers left once the patterns are out:
// month names, AM/PM, zone abbreviations, the year and the day.
func (d *dateParts) words(rest string) {
	tokens := strings.FieldsFunc(rest, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.'
	})
	for _, tok := range tokens {
		if pm, ok := meridiem[tok]; ok {
			d.pm, d.am = pm, !pm
			continue
		}
		tok = strings.Trim(tok, ".")
		if off, ok := zoneAbbrevs[tok]; ok && !d.hasZone {
			d.offset, d.hasZone = off, true
			continue
		}
		if n, err := strconv.Atoi(tok); err == nil {
			switch {
			case len(tok) == 4 && d.year == 0:
				d.year = n
			case len(tok) <= 2 && d.day == 0 && n >= 1 && n <= 31:
				d.day = n
			}
			continue
		}
		if m := month(tok); m != 0 {
			if weekdayLike[tok] {
				if d.monthWeak == 0 {
					d.monthWeak = m
				}
			} else if d.monthFirst == 0 {
				d.monthFirst = m
			}
		}
	}
}

// time assembles the parts, or returns the zero time when the date is
// incomplete or impossible.
func (d *dateParts) time() time.Time {
	if d.year == 0 && d.numeric[0] != 0 {
		a, b, c := d.numeric[0], d.numeric[1], d.numeric[2]
		switch {
		case d.numericISO:
			d.year, d.month, d.day = a, b, c
		case b > 12 || (d.am || d.pm) && a <= 12:
			d.year, d.month, d.day = c, a, b
		default:
			d.year, d.month, d.day = c, b, a
		}
		if d.year < 100 {
			d.year += 2000
		}
	}
	if d.month == 0 {
		d.month = int(d.monthFirst)
		if d.month == 0 {
			d.month = int(d.monthWeak)
		}
	}
	if d.year < 1900 || d.year > 2200 || d.month < 1 || d.month > 12 || d.day < 1 {
		return time.Time{}
	}
	h := d.hour
	if !d.hasClock {
		d.am, d.pm = false, false
	}
	if d.pm && h < 12 {
		h += 12
	} else if d.am && h == 12 {
		h = 0
	}
	if h > 23 || d.min > 59 || d.sec > 60 {
		return time.Time{}
	}
	loc := time.UTC
	if d.hasZone && d.offset != 0 {
		loc = time.FixedZone("", d.offset)
	}
	t := time.Date(d.year, time.Month(d.month), d.day, h, d.min, min(d.sec, 59), 0, loc)
	if t.Day() != d.day {
		return time.Time{} // 31 February
	}
	return t
}

// atoi returns the number in submatch n of m, or 0.
func atoi(s string, m []int, n int) int {
	if m[2*n] < 0 {
		return 0
	}
	v, _ := strconv.Atoi(s[m[2*n]:m[2*n+1]])
	return v
}
