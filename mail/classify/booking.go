package classify

import (
	"regexp"
	"strings"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// Booking says a scheduling service (Calendly, Cal.com, a Google
// appointment schedule, Microsoft Bookings) wrote the message to confirm,
// move or cancel a booking. The service writes for the person who booked,
// so the From address never says who that is: the invitee is among the
// calendar's organizer and attendees, or, without a calendar part, the
// address the text names.
type Booking struct {
	Service string `json:"service"` // "Calendly", "Cal.com", "Google Calendar", "Microsoft Bookings"
	// Invitee is the address the text names for the person who booked
	// ("Invitee Email: …", "Email: …"), lower-cased; "" when it names none.
	Invitee string `json:"invitee,omitempty"`
	// Cancelled says the subject announces a cancellation ("Canceled: …"),
	// which matters when no calendar part says so.
	Cancelled bool `json:"cancelled,omitempty"`
}

// booking reads m as a scheduling service's mail, or returns nil. A
// service is known by the domain it sends from, by Google Calendar's
// sender address (its appointment schedules send ordinary invitations),
// or by the BookingConfirmation.ics attachment Microsoft Bookings sends
// from the booking mailbox.
func (p *parsed) booking() *Booking {
	m := p.m
	// Only From: Google Calendar names itself in Sender on every
	// invitation a person sends, which is no booking.
	service := schedulingService(m.From.Email)
	if service == "" && !p.headerOnly {
		for _, cp := range p.calendarParts() {
			// Not any "booking.ics": other calendar programs name their
			// invitations so too.
			if strings.HasPrefix(ascii.Lower(cp.filename), "bookingconfirmation") {
				service = "Microsoft Bookings"
				break
			}
		}
	}
	if service == "" {
		return nil
	}
	b := &Booking{Service: service, Cancelled: bookingCancelled.MatchString(m.Subject)}
	if sm := inviteeLine.FindStringSubmatch(m.Text); sm != nil {
		b.Invitee = ascii.Lower(sm[1])
	}
	return b
}

// schedulingService names the service of a sender address, or "".
func schedulingService(from string) string {
	a := ascii.Lower(strings.TrimSpace(from))
	if a == googleCalendarSender {
		return "Google Calendar"
	}
	_, domain, ok := strings.Cut(a, "@")
	if !ok {
		return ""
	}
	for _, s := range schedulingSenders {
		if domain == s.domain || strings.HasSuffix(domain, "."+s.domain) {
			return s.service
		}
	}
	return ""
}

// SchedulingSender reports an address a scheduling service sends its
// confirmations from, so that such mail is read whole even though the
// sender is no contact.
func SchedulingSender(addr string) bool { return schedulingService(addr) != "" }

// bookingCancelled are the subjects of a cancelled booking: Calendly's
// "Canceled: …", Cal.com's "Cancelled: …" and "Event cancelled: …".
var bookingCancelled = regexp.MustCompile(`(?i)^\s*(?:(?:event|booking|meeting)\s+)?cancell?ed\b`)

// inviteeLine is the line of a confirmation's text that names the person
// who booked: Calendly's "Invitee Email:", Cal.com's "Email" under the
// attendee's name, with the address on the same line or the next (HTML
// turned into text puts a label and its value on lines of their own).
var inviteeLine = regexp.MustCompile(`(?im)^[ \t*]*(?:invitee(?:'s)? e-?mail|attendee e-?mail|e-?mail(?: address)?)[ \t*]*:?[ \t*]*\r?\n?[ \t*]*<?(?:mailto:)?([A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)`)
