package workflow

import "time"

// Policy holds the owner's cadence: how long to wait before each step. The
// daemon builds it from the configuration.
type Policy struct {
	// Calendar decides business days (in the contact's zone when known).
	Calendar Calendar
	// NudgeAfter is how many business days after a request (or a nudge)
	// the next nudge is due.
	NudgeAfter int
	// MaxNudges is how many nudges at most follow one request.
	MaxNudges int
	// NoResponseAfter is how long after the last nudge (or the request, with
	// no nudges) the contact becomes no_response.
	NoResponseAfter time.Duration
	// AwayGrace is how many business days after an out-of-office return
	// date the next nudge is due.
	AwayGrace int
	// AwayUnknown is how long the next nudge waits after an out-of-office
	// answer that gave no return date.
	AwayUnknown time.Duration
	// MeetingOverAfter is how long after a meeting's end it counts as met,
	// the owner is asked how it went and the thank-you is drafted.
	MeetingOverAfter time.Duration
	// PrepBriefAt is the time of day, in the calendar's zone, of the brief
	// on the meeting's day; the brief comes at least an hour before the
	// meeting.
	PrepBriefAt time.Duration
	// KeepInTouchAfter is how long after the thank-you (and after each
	// keep-in-touch note) the next note is due.
	KeepInTouchAfter time.Duration
}

// DefaultPolicy returns the cadence of config.example.toml in zone loc.
func DefaultPolicy(loc *time.Location) Policy {
	return Policy{
		Calendar:         NewCalendar(loc, nil),
		NudgeAfter:       5,
		MaxNudges:        1,
		NoResponseAfter:  7 * 24 * time.Hour,
		AwayGrace:        1,
		AwayUnknown:      7 * 24 * time.Hour,
		MeetingOverAfter: 3 * time.Hour,
		PrepBriefAt:      8 * time.Hour,
		KeepInTouchAfter: 90 * 24 * time.Hour,
	}
}

// prepBrief returns when to brief the owner for a meeting starting at start,
// and false when it is too late for a brief.
func (p Policy) prepBrief(start, now time.Time) (time.Time, bool) {
	if !start.After(now) {
		return time.Time{}, false
	}
	local := start.In(p.Calendar.Zone)
	y, m, d := local.Date()
	at := time.Date(y, m, d, 0, 0, 0, 0, p.Calendar.Zone).Add(p.PrepBriefAt)
	if latest := start.Add(-time.Hour); at.After(latest) {
		at = latest
	}
	if at.Before(now) {
		at = now
	}
	return at, true
}
