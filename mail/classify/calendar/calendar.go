// Package calendar reads the event out of a text/calendar part (RFC 5545,
// with the iTIP methods of RFC 5546).
//
// It decodes with github.com/emersion/go-ical after mending what mail
// clients really send (a byte order mark, bare LF or CR line ends, broken
// folds, lower-case names, a missing END:VCALENDAR), and resolves times
// itself: go-ical knows neither Windows zone names nor VTIMEZONE.
package calendar

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// Event is the first VEVENT of a calendar object.
type Event struct {
	Method   string // METHOD, upper-cased: REQUEST, REPLY, CANCEL, …; "" when absent
	UID      string
	Sequence int    // SEQUENCE; 0 when absent
	Status   string // STATUS, upper-cased: CONFIRMED, TENTATIVE, CANCELLED; "" when absent

	// Start is DTSTART: in its TZID's zone (an IANA location, or a fixed
	// zone named after the TZID when only the object's VTIMEZONE defines
	// it), in UTC for UTC and floating times, and midnight UTC of the day
	// for all-day events. For a recurring event it is the first
	// occurrence (RRULE is not expanded). It is zero only when a CANCEL,
	// REPLY, REFRESH or DECLINECOUNTER has no DTSTART, which RFC 5546
	// allows.
	Start time.Time
	// End is DTEND; else DTSTART + DURATION; else the next day for an
	// all-day event and Start itself for a timed one (RFC 5545 section
	// 3.6.1). DTEND wins when a sender wrote both.
	End    time.Time
	AllDay bool // DTSTART is a DATE

	// TZID is the TZID parameter of DTSTART as written; "" for UTC,
	// floating and all-day times.
	TZID string
	// ZoneUnknown is set when TZID names a zone that neither the IANA
	// database, the Windows zone names, nor a VTIMEZONE in the object
	// resolves; Start and End were then read as UTC and may be off by
	// hours.
	ZoneUnknown bool

	Organizer     string // bare address, lower-cased; "" when absent
	OrganizerName string // its CN; "" when absent or the same as the address
	Attendees     []Attendee
	Summary       string
	Location      string
	URL           string // URL, or a meeting link found in LOCATION/DESCRIPTION/X- properties
}

// Attendee is one ATTENDEE line.
type Attendee struct {
	Email    string // bare address, lower-cased
	Name     string // CN; "" when absent or the same as the address
	PartStat string // PARTSTAT, upper-cased; NEEDS-ACTION when absent (the RFC 5545 default)
}

// Parse reads the calendar object in data (UTF-8 text) and returns its
// first VEVENT. It does no I/O beyond reading the zone database, and never
// panics. It returns an error naming the property and what is wrong with
// it ("calendar: DTSTART \"2026-13-01\": not a date-time") when data is
// not a calendar object, has no VEVENT, or its event has no readable
// DTSTART (see Event.Start), DTEND, DURATION or SEQUENCE.
func Parse(data []byte) (ev *Event, err error) {
	defer func() {
		// clean keeps the decoder away from its known panics; this is for
		// the unknown ones.
		if r := recover(); r != nil {
			ev, err = nil, fmt.Errorf("calendar: decoder failed: %v", r)
		}
	}()
	text, err := clean(data)
	if err != nil {
		return nil, err
	}
	cal, err := ical.NewDecoder(strings.NewReader(text)).Decode()
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	events := cal.Events()
	if len(events) == 0 {
		return nil, errors.New("calendar: no VEVENT in the calendar object")
	}
	zs := &zones{vtimezones: parseVTimezones(cal)}
	method := ""
	if p := cal.Props.Get("METHOD"); p != nil {
		method = strings.ToUpper(strings.TrimSpace(p.Value))
	}
	return readEvent(events[0].Component, method, zs)
}

// readEvent reads the properties of one VEVENT.
func readEvent(c *ical.Component, method string, zs *zones) (*Event, error) {
	ev := &Event{
		Method:   method,
		UID:      text(c, "UID"),
		Status:   strings.ToUpper(text(c, "STATUS")),
		Summary:  text(c, "SUMMARY"),
		Location: text(c, "LOCATION"),
		URL:      meetingURL(c),
	}
	if p := c.Props.Get("SEQUENCE"); p != nil {
		n, err := strconv.Atoi(strings.TrimSpace(p.Value))
		if err != nil {
			return nil, fmt.Errorf("calendar: SEQUENCE %q: not an integer", p.Value)
		}
		ev.Sequence = n
	}
	if err := readTimes(ev, c, zs); err != nil {
		return nil, err
	}
	if p := c.Props.Get("ORGANIZER"); p != nil {
		ev.Organizer = address(p)
		ev.OrganizerName = name(p, ev.Organizer)
	}
	for i := range c.Props.Values("ATTENDEE") {
		p := &c.Props.Values("ATTENDEE")[i]
		a := Attendee{Email: address(p), PartStat: strings.ToUpper(param(p, "PARTSTAT"))}
		if a.Email == "" {
			continue
		}
		a.Name = name(p, a.Email)
		if a.PartStat == "" {
			a.PartStat = "NEEDS-ACTION"
		}
		ev.Attendees = append(ev.Attendees, a)
	}
	return ev, nil
}

// readTimes sets Start, End, AllDay, TZID and ZoneUnknown.
func readTimes(ev *Event, c *ical.Component, zs *zones) error {
	startProp, endProp, durProp := c.Props.Get("DTSTART"), c.Props.Get("DTEND"), c.Props.Get("DURATION")
	if startProp == nil {
		switch ev.Method {
		case "CANCEL", "REPLY", "REFRESH", "DECLINECOUNTER":
		default:
			return errors.New("calendar: VEVENT has no DTSTART")
		}
		if endProp != nil {
			end, err := dateTime(endProp, zs)
			if err != nil {
				return err
			}
			ev.End = end.t
		}
		return nil
	}
	start, err := dateTime(startProp, zs)
	if err != nil {
		return err
	}
	ev.Start, ev.AllDay, ev.TZID, ev.ZoneUnknown = start.t, start.allDay, start.tzid, !start.known
	switch {
	case endProp != nil:
		end, err := dateTime(endProp, zs)
		if err != nil {
			return err
		}
		ev.End = end.t
	case durProp != nil:
		if ev.End, err = start.add(durProp); err != nil {
			return err
		}
	case start.allDay:
		ev.End = start.t.AddDate(0, 0, 1)
	default:
		ev.End = start.t
	}
	return nil
}
