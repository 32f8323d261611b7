package workflow

import "time"

// Policy holds the owner's cadence: how long to wait before each step. The
// daemon builds it from the configuration.
type Policy struct {
	// Calendar decides business days (in the contact's zone when known).
	Calendar Calendar
	// OwnerZone is the owner's zone, in which the times meant for the owner
	// are read: PrepBriefAt and the evening cut-off of the meeting-over
	// timer. nil means Calendar.Zone, which is the owner's until the
	// calendar is moved to a contact's zone with [Calendar.In].
	OwnerZone *time.Location
	// NudgeAfter is how many business days after a request (or a nudge)
	// the next nudge is due, at the same wall-clock time in Calendar's zone.
	NudgeAfter int
	// MaxNudges is how many nudges at most follow one request.
	MaxNudges int
	// ColleagueAfter, when above 0, is the 3B7 routine: contacts at one
	// organisation are followed together. That many business days after
	// a request with no answer, the next person at the contact's
	// organisation not yet asked is asked (the AskColleague action), and
	// an answer from anyone there holds the nudges of everyone else
	// there until the owner says go on or hold (HoldColleagues). 0 is the
	// classic routine: each contact on their own.
	ColleagueAfter int
	// FirstNudgeAfter is how many business days after a request the first
	// nudge is due; 0 means NudgeAfter. Later nudges follow NudgeAfter.
	// The 3B7 routine sets it to 7.
	FirstNudgeAfter int
	// NoResponseAfter is how long after the last nudge (or the request, with
	// no nudges) the contact becomes no_response.
	NoResponseAfter time.Duration
	// AwayGrace is how many business days after an out-of-office return
	// date the next nudge is due; 0 nudges on the return date itself.
	AwayGrace int
	// AwayUnknown is how long the next nudge waits after an out-of-office
	// answer that gave no return date.
	AwayUnknown time.Duration
	// MeetingOverAfter is how long after a meeting's end it counts as met:
	// the owner is asked how it went and the thank-you is drafted. The
	// meeting-over timer comes the same day or the next morning: at the
	// end plus MeetingOverAfter, unless that falls on a later date than
	// the end, or at or after 21:00, in the owner's zone; then it comes at
	// PrepBriefAt on the day after the meeting ended. One that would come
	// before PrepBriefAt (a meeting in the small hours) comes at
	// PrepBriefAt that day.
	MeetingOverAfter time.Duration
	// PrepBriefAt is the wall-clock time of day, as the time since
	// midnight, in the owner's zone, of the brief on the meeting's day; the
	// brief comes at least an hour before the meeting, never after it
	// starts: a brief timer that fires at or after the start is dropped
	// without a notice. It is also the hour of the next-morning
	// meeting-over timer.
	PrepBriefAt time.Duration
	// ThankYouWithin is how many days after the day the owner met a
	// contact the thank-you should have left by: 1 is by the end of the
	// next day. See [Policy.ThankYouDue].
	ThankYouWithin int
	// KeepInTouchAfter is how long after the thank-you (and after each
	// interaction since: their mail, the owner's, a keep-in-touch note)
	// the next note is due, for a contact with no tier.
	KeepInTouchAfter time.Duration
	// KeepInTouchTiers is the wait, per tier, that replaces
	// KeepInTouchAfter for a contact of that tier: see
	// [Policy.KeepInTouchEvery]. A tier missing here waits
	// KeepInTouchAfter.
	KeepInTouchTiers map[Tier]time.Duration
}

// lateEvening is the wall-clock time from which the meeting-over notice
// waits for the next morning.
const lateEvening = 21 * time.Hour

// DefaultPolicy returns the cadence of config.example.toml in zone loc.
func DefaultPolicy(loc *time.Location) Policy {
	return Policy{
		Calendar:         NewCalendar(loc, nil),
		OwnerZone:        loc,
		NudgeAfter:       5,
		MaxNudges:        1,
		NoResponseAfter:  7 * 24 * time.Hour,
		AwayGrace:        1,
		AwayUnknown:      7 * 24 * time.Hour,
		MeetingOverAfter: 3 * time.Hour,
		PrepBriefAt:      8 * time.Hour,
		KeepInTouchAfter: 90 * 24 * time.Hour,
		KeepInTouchTiers: DefaultTierEvery(),
		ThankYouWithin:   1,
	}
}

// The 3B7 routine's numbers (Steve Dalton, The 2-Hour Job Search): after
// 3 business days with no answer, write to a second person at the
// company; after 7, follow up with the first.
const (
	ColleagueAfter3B7  = 3
	FirstNudgeAfter3B7 = 7
)

// PerOrganisation reports whether contacts at one organisation are
// followed together (the 3B7 routine: see ColleagueAfter).
func (p Policy) PerOrganisation() bool { return p.ColleagueAfter > 0 }

// nudgeAfter is how many business days after a request followed by
// nudges nudges the next nudge is due.
func (p Policy) nudgeAfter(nudges int) int {
	if nudges == 0 && p.FirstNudgeAfter > 0 {
		return p.FirstNudgeAfter
	}
	return p.NudgeAfter
}

// ownerZone returns the zone of the owner-facing times.
func (p Policy) ownerZone() *time.Location {
	if p.OwnerZone != nil {
		return p.OwnerZone
	}
	return p.Calendar.zone()
}

// onDay returns the wall-clock time clock (the time since midnight) in the
// owner's zone on the day days after the one t falls on there. Reading
// clock as wall-clock time keeps 08:00 at 08:00 on a day that is 23 or 25
// hours long.
func (p Policy) onDay(t time.Time, days int, clock time.Duration) time.Time {
	zone := p.ownerZone()
	y, m, d := t.In(zone).Date()
	h, mi := int(clock/time.Hour), int(clock%time.Hour/time.Minute)
	s := int(clock % time.Minute / time.Second)
	return time.Date(y, m, d+days, h, mi, s, 0, zone)
}

// prepBrief returns when to brief the owner for a meeting starting at start,
// and false when it is too late for a brief.
func (p Policy) prepBrief(start, now time.Time) (time.Time, bool) {
	if !start.After(now) {
		return time.Time{}, false
	}
	at := p.onDay(start, 0, p.PrepBriefAt)
	if latest := start.Add(-time.Hour); at.After(latest) {
		at = latest
	}
	if at.Before(now) {
		at = now
	}
	return at, true
}

// meetingOver returns when a meeting ending at end counts as over: see
// MeetingOverAfter.
func (p Policy) meetingOver(end time.Time) time.Time {
	zone := p.ownerZone()
	at := end.Add(p.MeetingOverAfter)
	local := at.In(zone)
	h, m, s := local.Clock()
	evening := time.Duration(h)*time.Hour+time.Duration(m)*time.Minute+time.Duration(s)*time.Second >= lateEvening
	if DateOf(local) == DateOf(end.In(zone)) && !evening {
		if morning := p.onDay(end, 0, p.PrepBriefAt); at.Before(morning) {
			return morning // a meeting in the small hours: not before the morning
		}
		return at
	}
	return p.onDay(end, 1, p.PrepBriefAt)
}

// ThankYouDue returns when the thank-you to a contact met at met becomes
// late: midnight in the owner's zone ending the day ThankYouWithin days
// after the day of met (a ThankYouWithin below 1 counts as 1). The
// thank-you is due by the end of the day before it, which the owner is
// told as a date.
func (p Policy) ThankYouDue(met time.Time) time.Time {
	days := max(p.ThankYouWithin, 1)
	return p.onDay(met, days+1, 0)
}
