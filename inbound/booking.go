package inbound

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// matchBooking is a scheduling service's mail (classify.Booking) about a
// booking by one of the contact's addresses.
const matchBooking = "a scheduling service confirms their booking"

// invitee is a person a booking names, with the name it gives them.
type invitee struct{ email, name string }

// invitees are the people a booking names other than the owner and the
// service itself: the address its text gives for whoever booked, then
// the calendar's organizer (the contact whose page the owner booked on)
// and attendees (whoever booked on the owner's page). The From address
// is never one: the service writes it, and it proves nothing.
func (in *Handler) invitees(m *classify.Message) []invitee {
	var list []invitee
	seen := map[string]int{} // index in list + 1
	add := func(addr, name string) {
		a := ascii.Lower(strings.TrimSpace(addr))
		if i := seen[a]; i > 0 {
			if list[i-1].name == "" {
				list[i-1].name = name // the text named the address, the calendar names the person
			}
			return
		}
		if a == "" || !strings.Contains(a, "@") || in.Owner[a] ||
			a == ascii.Lower(m.From.Email) || classify.SchedulingSender(a) {
			return
		}
		list = append(list, invitee{a, name})
		seen[a] = len(list)
	}
	add(m.Booking.Invitee, "")
	if cal := m.Calendar; cal != nil {
		add(cal.Organizer, cal.OrganizerName)
		for _, a := range cal.Attendees {
			add(a.Email, a.Name)
		}
	}
	return list
}

// bookingContact finds the contact a booking is with: the one existing
// contact among its invitees. It returns nil with the reason when there
// is none or more than one, with the invitees who are no contact, or the
// contacts it could be with.
func (in *Handler) bookingContact(ctx context.Context, tx *store.Tx, m *classify.Message) (*store.Contact, string, []invitee, []*store.Contact, error) {
	var found []*store.Contact
	var strangers []invitee
	for _, p := range in.invitees(m) {
		c, err := tx.ContactByEmail(ctx, p.email)
		if errors.Is(err, store.ErrNotFound) {
			strangers = append(strangers, p)
			continue
		}
		if err != nil {
			return nil, "", nil, nil, err
		}
		if !containsContact(found, c.ID) {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 0:
		return nil, "a booking with no contact", strangers, nil, nil
	case 1:
		return found[0], matchBooking, nil, nil, nil
	}
	return nil, fmt.Sprintf("a booking with %d contacts: nothing changed", len(found)), nil, found, nil
}

// sharedBooking tells the owner, through the digest's problems, of a
// booking that names several contacts: rapport cannot tell whose meeting
// it is, so it changes nobody, and says how to record it.
func (in *Handler) sharedBooking(ctx context.Context, tx *store.Tx, m *classify.Message, several []*store.Contact) error {
	if len(several) == 0 {
		return nil
	}
	var who []string
	for _, c := range several {
		who = append(who, fmt.Sprintf("#%d %s", c.ID, oneLine(c.Name, 60)))
	}
	in.Log.Info("a booking that names several contacts", "service", m.Booking.Service, "message_id", m.MessageID)
	return tx.AddProblem(ctx, &store.Problem{At: in.Now(), Kind: store.ProblemBooking,
		Detail: fmt.Sprintf("a booking naming several contacts, %s (%s, %q): rapport changed nobody; write scheduled #%d DATE TIME for the one it is with",
			strings.Join(who, ", "), m.Booking.Service, oneLine(m.Subject, 80), several[0].ID)})
}

func containsContact(list []*store.Contact, id int64) bool {
	for _, c := range list {
		if c.ID == id {
			return true
		}
	}
	return false
}

// bookingEvent is the event of a scheduling service's mail about c: the
// calendar it carries decides as any invitation does (a new booking
// schedules, a higher SEQUENCE or other times move, METHOD:CANCEL
// cancels, and so does STATUS:CANCELLED, which Cal.com sends with
// METHOD:REQUEST); without one, a "Canceled:" subject cancels, and a
// confirmation is their answer, for the owner to write the time the
// text gives (rapport does not trust times written as text).
func bookingEvent(c *store.Contact, m *classify.Message) (*workflow.Event, string) {
	if cal := m.Calendar; cal != nil && (!cal.Start.IsZero() || cal.Method == "CANCEL") {
		if cal.Status == "CANCELLED" && cal.Method != "CANCEL" {
			cancel := *cal
			cancel.Method = "CANCEL"
			return contacts.MeetingEvent(c, &cancel)
		}
		return contacts.MeetingEvent(c, cal)
	}
	if m.Booking.Cancelled {
		// No UID says which meeting: the service says the booking of
		// this contact is off, and rapport knows one meeting of theirs.
		cancel := &classify.Calendar{Method: "CANCEL"}
		if c.State.Meeting != nil {
			cancel.UID, cancel.Sequence = c.State.Meeting.UID, c.State.Meeting.Sequence
		}
		return contacts.MeetingEvent(c, cancel)
	}
	return &workflow.Event{Kind: workflow.EventReplyReceived,
		Why: fmt.Sprintf("a %s booking without a calendar: write scheduled #%d DATE TIME", m.Booking.Service, c.ID)}, ""
}

// strangerBooking tells the owner, through the digest's problems, of a
// booking by people who are not contacts: rapport changes nobody for it,
// and the owner may want to add them. A cancellation is not worth a line.
func (in *Handler) strangerBooking(ctx context.Context, tx *store.Tx, m *classify.Message, strangers []invitee) error {
	cancel := m.Booking.Cancelled || m.Calendar != nil && (m.Calendar.Method == "CANCEL" || m.Calendar.Status == "CANCELLED")
	if len(strangers) == 0 || cancel {
		return nil
	}
	var who []string
	for _, p := range strangers {
		if p.name != "" && !strings.EqualFold(p.name, p.email) {
			who = append(who, fmt.Sprintf("%s <%s>", oneLine(p.name, 60), oneLine(p.email, 100)))
		} else {
			who = append(who, oneLine(p.email, 100))
		}
	}
	when := ""
	if m.Calendar != nil && !m.Calendar.Start.IsZero() {
		when = " for " + m.Calendar.Start.In(in.Track.Zone()).Format("Mon 2 Jan 15:04 MST")
	}
	in.Log.Info("a booking by someone who is not a contact", "service", m.Booking.Service, "message_id", m.MessageID)
	return tx.AddProblem(ctx, &store.Problem{At: in.Now(), Kind: store.ProblemBooking,
		Detail: fmt.Sprintf("a booking by someone who is not a contact: add them? %s (%s%s, %q): write add %s",
			strings.Join(who, ", "), m.Booking.Service, when, oneLine(m.Subject, 80), who[0])})
}

// matchMeetingUID is a cancellation sent by someone who is no contact
// that names, by its UID, the meeting rapport keeps for one.
const matchMeetingUID = "cancels their meeting, named by its UID"

// cancelledMeetingOf finds the contact whose meeting a cancellation from
// a stranger calls off: a booking mailbox (Microsoft Bookings sends from
// the business's mailbox, under any attachment name), an assistant or a
// shared calendar cancels for the organizer. The UID names the event
// (RFC 5545 section 3.8.4.7), so the cancellation is of that contact's
// meeting when exactly one of the people it names holds it; anything
// else (no UID, another meeting, several) changes nobody.
func (in *Handler) cancelledMeetingOf(ctx context.Context, tx *store.Tx, m *classify.Message) (*store.Contact, error) {
	cal := m.Calendar
	if cal == nil || cal.UID == "" || (cal.Method != "CANCEL" && cal.Status != "CANCELLED") {
		return nil, nil
	}
	people := []string{cal.Organizer}
	for _, a := range cal.Attendees {
		people = append(people, a.Email)
	}
	var found *store.Contact
	for _, addr := range people {
		a := ascii.Lower(strings.TrimSpace(addr))
		if a == "" || in.Owner[a] {
			continue
		}
		c, err := tx.ContactByEmail(ctx, a)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if mt := c.State.Meeting; mt == nil || mt.UID != cal.UID || (found != nil && found.ID == c.ID) {
			continue
		}
		if found != nil {
			return nil, nil
		}
		found = c
	}
	return found, nil
}
