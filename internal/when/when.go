// Package when is the one rule for the times rapport prints for people:
// every time is in the owner's zone and carries that zone's abbreviation
// (or, where the zone has none, its offset, as "+04"); a time that is about
// a contact's day (a meeting with them, a step that will reach them)
// carries their local time beside it when their clock reads otherwise:
//
//	Tue 8 Dec 2026 15:00–15:30 CET (09:00–09:30 EST for Jane)
//
// Dates that are calendar days rather than instants (a return date) are
// printed as the day they name, with no zone (Date). Times written for
// programs (JSON, CSV) are not this package's: they stay RFC 3339.
package when

import (
	"strings"
	"time"
)

// Layouts, one per form. The zone abbreviation is added by the functions,
// so that a span crossing a change of offset names both.
const (
	longDay  = "Mon 2 Jan 2006"
	shortDay = "Mon 2 Jan"
	stampDay = "2006-01-02"
	clock    = "15:04"
)

// Rule prints times in the owner's zone, and beside them the local time
// of one person when For named them. The zero Rule prints in the system's
// local zone, as Owner(nil) does.
type Rule struct {
	zone *time.Location
	them Person
}

// Owner returns the rule for an owner living in zone; nil means the
// system's local zone (what configuration falls back to without
// owner.time_zone).
func Owner(zone *time.Location) Rule {
	return Rule{zone: zone}
}

// For returns r with p's local time added beside the times of Time, Short,
// Clock and Span, whenever p's clock reads otherwise than the owner's at
// that moment. A Person with no zone adds nothing.
func (r Rule) For(p Person) Rule {
	r.them = p
	return r
}

// Zone returns the owner's zone the rule prints in.
func (r Rule) Zone() *time.Location {
	if r.zone == nil {
		return time.Local
	}
	return r.zone
}

// Time prints t with its year: "Tue 8 Dec 2026 15:00 CET", and the person's
// time beside it when For named one.
func (r Rule) Time(t time.Time) string {
	return r.span(t, time.Time{}, longDay)
}

// Short prints t without its year, for steps to come and table cells:
// "Tue 8 Dec 15:00 CET", and the person's time beside it.
func (r Rule) Short(t time.Time) string {
	return r.span(t, time.Time{}, shortDay)
}

// Clock prints t's time of day alone, for a line that already says which
// day ("today at 15:00 CET"); the person's time beside it names their day
// when it is not the owner's.
func (r Rule) Clock(t time.Time) string {
	return r.span(t, time.Time{}, "")
}

// Span prints a meeting from start to end: "Tue 8 Dec 2026 15:00–15:30 CET".
// The end names its day when that is another one, and each end names its
// zone when a change of offset (summer time) falls between them. A zero
// end, or one before start, prints start alone, as Time.
func (r Rule) Span(start, end time.Time) string {
	return r.span(start, end, longDay)
}

// Stamp prints when something happened, for tables of records (the
// timeline, problems, the outbox): "2026-12-08 15:00 CET". It never adds
// a person's time: a record is read against the owner's day.
func (r Rule) Stamp(t time.Time) string {
	t = t.In(r.Zone())
	return t.Format(stampDay+" "+clock) + " " + abbrev(t)
}

// Day prints the day t falls on in the owner's zone: "Tue 8 Dec 2026".
// It needs no zone: it says which day, not when in it.
func (r Rule) Day(t time.Time) string {
	return t.In(r.Zone()).Format(longDay)
}

// Date prints a calendar date held as midnight UTC (how rapport keeps a
// return date): "Tue 8 Dec 2026", the same day in every zone.
func Date(t time.Time) string {
	return t.UTC().Format(longDay)
}

// span prints start (and end, when it is after start) in the owner's zone
// with dayLayout ("" for the clock alone), then the person's time beside.
func (r Rule) span(start, end time.Time, dayLayout string) string {
	if !end.After(start) {
		end = time.Time{}
	}
	owner := r.Zone()
	s := interval(start.In(owner), end, owner, dayLayout, time.Time{})
	them := r.them.Zone
	if them == nil || (sameClock(start, owner, them) && (end.IsZero() || sameClock(end, owner, them))) {
		return s
	}
	// Their day is named only when it is not the owner's: the reader has
	// the owner's day in front of them already.
	return s + " (" + interval(start.In(them), end, them, shortDay, start.In(owner)) + " for " + r.them.label() + ")"
}

// interval writes start, in its own location, to end in zone. With a
// non-zero ownerStart, start's day is left out when it is ownerStart's.
func interval(start, end time.Time, zone *time.Location, dayLayout string, ownerStart time.Time) string {
	var b strings.Builder
	switch {
	case dayLayout == "":
	case !ownerStart.IsZero() && sameDay(start, ownerStart):
	default:
		b.WriteString(start.Format(dayLayout) + " ")
	}
	b.WriteString(start.Format(clock))
	if end.IsZero() {
		b.WriteString(" " + abbrev(start))
		return b.String()
	}
	end = end.In(zone)
	if abbrev(end) != abbrev(start) {
		b.WriteString(" " + abbrev(start))
	}
	b.WriteString("–")
	if !sameDay(start, end) {
		b.WriteString(end.Format(shortDay) + " ")
	}
	b.WriteString(end.Format(clock) + " " + abbrev(end))
	return b.String()
}

// abbrev is t's zone abbreviation in its location; the time zone database
// gives zones that have none a numeric one ("+04"), which Go prints as is.
func abbrev(t time.Time) string {
	if name, _ := t.Zone(); name != "" {
		return name
	}
	// A fixed zone made without a name: its offset says it.
	return t.Format("-07:00")
}

// sameClock reports whether the two zones read the same wall clock at t.
func sameClock(t time.Time, a, b *time.Location) bool {
	_, oa := t.In(a).Zone()
	_, ob := t.In(b).Zone()
	return oa == ob
}

// sameDay reports whether a and b, each read in its own location, fall on
// the same calendar day.
func sameDay(a, b time.Time) bool {
	ya, ma, da := a.Date()
	yb, mb, db := b.Date()
	return ya == yb && ma == mb && da == db
}
