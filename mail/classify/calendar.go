package classify

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/mail/classify/calendar"
)

// calendarTypes returns the media types of an iCalendar part.
func calendarTypes() []string {
	return []string{"text/calendar", "application/ics", "text/x-vcalendar", "application/x-ics"}
}

// calendarParts returns the iCalendar parts, including attachments named
// *.ics sent as application/octet-stream.
func (p *parsed) calendarParts() []*part {
	out := p.leavesOf(calendarTypes()...)
	for _, l := range p.tree.leaves {
		if l.mediaType == "application/octet-stream" && strings.HasSuffix(strings.ToLower(l.filename), ".ics") {
			out = append(out, l)
		}
	}
	return out
}

// hasCalendar reports an iCalendar part, or for a header alone a
// calendar Content-Type or Outlook's Content-Class.
func (p *parsed) hasCalendar() bool {
	if p.headerOnly {
		return p.headerCalendar()
	}
	return len(p.calendarParts()) > 0
}

func (p *parsed) headerCalendar() bool {
	for _, t := range calendarTypes() {
		if p.typ == t {
			return true
		}
	}
	return strings.Contains(p.lowerHeader("Content-Class"), "calendarmessage") ||
		strings.EqualFold(p.h.get("X-Mail-Calendar-Part"), "yes")
}

// calendar reads the first iCalendar part that parses. A message whose
// part is missing or unreadable is still a calendar message when its
// subject is one a calendar writes ("Invitation:", "Accepted:", "Event
// accepted:", "Canceled event:" …); Method then comes from the subject.
func (p *parsed) calendar() (*Calendar, string) {
	parts := p.calendarParts()
	for _, cp := range parts {
		ev, err := parseCalendar([]byte(cp.text()))
		if err != nil || ev == nil {
			continue
		}
		c := fromEvent(ev)
		if c.Method == "" {
			c.Method = strings.ToUpper(strings.TrimSpace(cp.params["method"]))
		}
		return c, cp.mediaType + " part"
	}
	method := subjectMethod(p.subject)
	switch {
	case method != "" && (len(parts) > 0 || p.headerCalendar() || calendarSubjectStrict.MatchString(p.subject)):
		return &Calendar{Method: method, Summary: subjectSummary(p.subject)}, "calendar subject"
	case p.headerOnly && p.headerCalendar():
		return &Calendar{Method: strings.ToUpper(p.params["method"]), Summary: subjectSummary(p.subject)}, "calendar Content-Type"
	}
	return nil, ""
}

// parseCalendar calls calendar.Parse, turning a panic into an error so
// one bad part cannot take the message down.
func parseCalendar(data []byte) (ev *calendar.Event, err error) {
	defer func() {
		if r := recover(); r != nil {
			ev, err = nil, fmt.Errorf("calendar: parser failure: %v", r)
		}
	}()
	return calendar.Parse(data)
}

func fromEvent(ev *calendar.Event) *Calendar {
	c := &Calendar{
		Method:        strings.ToUpper(strings.TrimSpace(ev.Method)),
		UID:           ev.UID,
		Sequence:      ev.Sequence,
		Status:        strings.ToUpper(ev.Status),
		Start:         ev.Start,
		End:           ev.End,
		AllDay:        ev.AllDay,
		Organizer:     ascii.Lower(ev.Organizer),
		OrganizerName: ev.OrganizerName,
		ZoneUnknown:   ev.ZoneUnknown,
		Summary:       ev.Summary,
		Location:      ev.Location,
		URL:           ev.URL,
	}
	for _, a := range ev.Attendees {
		c.Attendees = append(c.Attendees, Attendee{Email: a.Email, Name: a.Name, PartStat: strings.ToUpper(a.PartStat)})
	}
	return c
}

// subjectMethod returns the iTIP method a calendar subject implies, or "".
func subjectMethod(subject string) string {
	sm := calendarSubject.FindStringSubmatch(subject)
	if sm == nil {
		return ""
	}
	w := strings.ToLower(sm[1])
	switch {
	case strings.Contains(w, "cancel") || strings.Contains(w, "abgesagt") || strings.Contains(w, "annul") || strings.Contains(w, "cancelad"):
		return "CANCEL"
	case strings.Contains(w, "accept") || strings.Contains(w, "declin") || strings.Contains(w, "tentative") ||
		strings.Contains(w, "angenommen") || strings.Contains(w, "abgelehnt") || strings.Contains(w, "refus") ||
		strings.Contains(w, "acept") || strings.Contains(w, "rechaz"):
		return "REPLY"
	}
	return "REQUEST"
}

// subjectSummary is the event title after the calendar prefix.
func subjectSummary(subject string) string {
	if loc := calendarSubject.FindStringIndex(subject); loc != nil {
		return strings.TrimSpace(subject[loc[1]:])
	}
	return ""
}

var calendarSubject = regexp.MustCompile(`(?i)^\s*(invitation|updated invitation(?: with note)?|invitation updated|new event|updated event|event (?:accepted|declined|tentatively accepted|canceled|cancelled|updated)|accepted|declined|tentatively accepted|tentative|canceled(?: event)?|cancelled(?: event)?|meeting request|meeting cancell?ed|einladung|aktualisierte einladung|angenommen|abgelehnt|mit vorbehalt angenommen|abgesagt|invitation mise à jour|accepté|refusé|annulé|invitación|invitación actualizada|aceptado|rechazado|cancelado)\s*[:：]`)

// calendarSubjectStrict are the subjects only calendar software writes,
// enough on their own when the invitation part is missing.
var calendarSubjectStrict = regexp.MustCompile(`(?i)^\s*(?:invitation|updated invitation|event (?:accepted|declined|tentatively accepted|canceled|cancelled)|accepted|declined|tentatively accepted|canceled event|cancelled event)\s*[:：].*(?:@|\d)|^\s*event (?:accepted|declined|tentatively accepted|canceled|cancelled)\s*:`)
