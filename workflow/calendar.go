package workflow

import "time"

// Calendar knows which days are business days in one time zone.
type Calendar struct {
	Zone     *time.Location
	Weekdays [7]bool       // indexed by time.Weekday; true for a working day
	Holidays map[Date]bool // days off besides the weekend
}

// Date is a calendar day without a zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the day t falls on in its own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// NewCalendar returns a Monday-to-Friday calendar in loc (UTC when nil) with
// the given holidays.
func NewCalendar(loc *time.Location, holidays []Date) Calendar {
	if loc == nil {
		loc = time.UTC
	}
	c := Calendar{Zone: loc, Holidays: make(map[Date]bool, len(holidays))}
	for d := time.Monday; d <= time.Friday; d++ {
		c.Weekdays[d] = true
	}
	for _, h := range holidays {
		c.Holidays[h] = true
	}
	return c
}

// In returns the same calendar in another zone (a contact's), keeping the
// working days and holidays.
func (c Calendar) In(loc *time.Location) Calendar {
	if loc != nil {
		c.Zone = loc
	}
	return c
}

// IsBusinessDay reports whether the day t falls on, in the calendar's zone,
// is a working day and not a holiday.
func (c Calendar) IsBusinessDay(t time.Time) bool {
	local := t.In(c.zone())
	return c.Weekdays[local.Weekday()] && !c.Holidays[DateOf(local)]
}

// AddBusinessDays returns the time n business days after t, at the same
// wall-clock time in the calendar's zone (so a request sent on Thursday at
// 10:00 is nudged five business days later on Thursday at 10:00, across a
// daylight-saving change too). n <= 0 returns t. A calendar with no working
// day at all counts every day.
func (c Calendar) AddBusinessDays(t time.Time, n int) time.Time {
	if n <= 0 {
		return t
	}
	if c.Weekdays == [7]bool{} {
		return c.addDays(t, n)
	}
	local := t.In(c.zone())
	for i := 1; n > 0; i++ {
		next := c.addDays(local, i)
		if c.IsBusinessDay(next) {
			n--
			if n == 0 {
				return next
			}
		}
		if i > 3660 { // ten years of holidays: a broken calendar, not a loop
			return next
		}
	}
	return local
}

// addDays moves t by n calendar days keeping its wall-clock time in the
// calendar's zone.
func (c Calendar) addDays(t time.Time, n int) time.Time {
	local := t.In(c.zone())
	y, m, d := local.Date()
	h, mi, s := local.Clock()
	return time.Date(y, m, d+n, h, mi, s, local.Nanosecond(), c.zone())
}

func (c Calendar) zone() *time.Location {
	if c.Zone == nil {
		return time.UTC
	}
	return c.Zone
}

// atClockOf returns the day day falls on, in the calendar's zone, at the
// wall-clock time clock shows there.
func (c Calendar) atClockOf(day, clock time.Time) time.Time {
	y, m, d := day.In(c.zone()).Date()
	h, mi, s := clock.In(c.zone()).Clock()
	return time.Date(y, m, d, h, mi, s, 0, c.zone())
}
