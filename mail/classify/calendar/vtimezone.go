package calendar

import (
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// vtimezone is a zone defined inside the calendar object (RFC 5545
// section 3.6.5), as Outlook and Exchange send for every TZID and other
// programs send for zones of their own.
type vtimezone struct {
	tzid        string
	licLocation string // X-LIC-LOCATION, an IANA name some programs add
	observances []observance
}

// observance is one STANDARD or DAYLIGHT sub-component: from each onset
// on, the offset is to.
type observance struct {
	from, to int       // TZOFFSETFROM, TZOFFSETTO in seconds
	start    time.Time // DTSTART, wall clock (in UTC as a carrier)
	rdates   []int64   // RDATE onsets, as instants
	rule     *yearly   // RRULE, when it is one this package understands
}

// parseVTimezones reads the VTIMEZONE components of cal by upper-cased
// TZID. Observances it cannot read are skipped; a VTIMEZONE with none
// left is dropped.
func parseVTimezones(cal *ical.Calendar) map[string]*vtimezone {
	out := make(map[string]*vtimezone)
	for _, c := range cal.Children {
		if c.Name != "VTIMEZONE" {
			continue
		}
		vz := &vtimezone{tzid: text(c, "TZID"), licLocation: text(c, "X-LIC-LOCATION")}
		for _, o := range c.Children {
			if o.Name != "STANDARD" && o.Name != "DAYLIGHT" {
				continue
			}
			if ob, ok := parseObservance(o); ok {
				vz.observances = append(vz.observances, ob)
			}
		}
		if vz.tzid != "" && len(vz.observances) > 0 {
			out[strings.ToUpper(vz.tzid)] = vz
		}
	}
	return out
}

func parseObservance(c *ical.Component) (observance, bool) {
	to, okTo := utcOffset(text(c, "TZOFFSETTO"))
	from, okFrom := utcOffset(text(c, "TZOFFSETFROM"))
	if !okTo {
		return observance{}, false
	}
	if !okFrom {
		from = to
	}
	start, ok := parseWall(text(c, "DTSTART"))
	if !ok {
		return observance{}, false
	}
	ob := observance{from: from, to: to, start: start, rule: parseYearly(text(c, "RRULE"))}
	for _, p := range c.Props.Values("RDATE") {
		for _, v := range strings.Split(p.Value, ",") {
			v = strings.TrimSpace(v)
			if t, ok := parseWall(strings.TrimSuffix(v, "Z")); ok {
				u := t.Unix()
				if !strings.HasSuffix(v, "Z") {
					u -= int64(from)
				}
				ob.rdates = append(ob.rdates, u)
			}
		}
	}
	return ob, true
}

// offset returns the offset of the observance with the latest onset at or
// before unix; before every onset, the TZOFFSETFROM of the earliest.
func (vz *vtimezone) offset(unix int64) int {
	year := time.Unix(unix, 0).UTC().Year()
	var (
		best     int64
		bestOff  int
		found    bool
		earliest = vz.observances[0]
	)
	consider := func(onset int64, off int) {
		if onset <= unix && (!found || onset > best) {
			best, bestOff, found = onset, off, true
		}
	}
	for _, ob := range vz.observances {
		if ob.start.Before(earliest.start) {
			earliest = ob
		}
		consider(ob.start.Unix()-int64(ob.from), ob.to)
		for _, u := range ob.rdates {
			consider(u, ob.to)
		}
		if ob.rule == nil {
			continue
		}
		for y := year - 1; y <= year+1; y++ {
			if t, ok := ob.rule.onset(ob.start, y); ok {
				consider(t.Unix()-int64(ob.from), ob.to)
			}
		}
	}
	if !found {
		return earliest.from
	}
	return bestOff
}

// location returns a fixed zone named after the TZID with the offset in
// force at unix.
func (vz *vtimezone) location(unix int64) *time.Location {
	return time.FixedZone(vz.tzid, vz.offset(unix))
}

// utcOffset parses a UTC-OFFSET value: "+0200", "-0800", "+013952", and
// the common misspelling "+02:00".
func utcOffset(s string) (int, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ":", "")
	if (len(s) != 5 && len(s) != 7) || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	n, err := strconv.Atoi(s[1:])
	if err != nil || n < 0 {
		return 0, false
	}
	if len(s) == 5 {
		n *= 100
	}
	h, m, sec := n/10000, n/100%100, n%100
	if h > 23 || m > 59 || sec > 59 {
		return 0, false
	}
	off := h*3600 + m*60 + sec
	if s[0] == '-' {
		off = -off
	}
	return off, true
}

// parseWall parses a local DATE-TIME ("20260329T020000") or DATE into a
// wall-clock time carried in UTC.
func parseWall(s string) (time.Time, bool) {
	for _, layout := range [...]string{"20060102T150405", "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
