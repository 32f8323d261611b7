package daemon

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// Every scheduling service's mail in one daemon run on the real servers,
// with the daemon's clock set to the day the bookings were made: the
// confirmations, a reschedule and the cancellations are the fixtures of
// package inbound (inbound/testdata/bookings, sources in its SOURCES.md),
// delivered by Postfix into Dovecot from each service's own address.

// bookingPerson is who booked through one service: the fixture's Jane
// Doe is renamed to them, so that four contacts share one mailbox.
type bookingPerson struct {
	service, name, email, zone string
	from                       string // the service's envelope sender
	booked, moved, cancelled   string // fixture files; moved may be ""
	// start and end are the meeting as the calendar part says it.
	start, end time.Time
	// shown is the status line of the meeting the owner in Berlin reads,
	// their time with the contact's beside it.
	shown string
}

// serviceMail reads a booking fixture as written for Jane Doe and the
// owner alex@owner.example, and rewrites it for p and owner.
func serviceMail(t *testing.T, file string, p bookingPerson, owner string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "inbound", "testdata", "bookings", file))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.NewReplacer("Jane Doe", p.name, "jane@acme.example", p.email, "alex@owner.example", owner).Replace(string(raw))
	return []byte(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n"))
}

// waitApplied waits until a message is handled for contact with event,
// past the others (notices and receipts coming back to the inbox).
func (h *harness) waitApplied(what string, contact int64, event workflow.EventKind) {
	h.t.Helper()
	for {
		m := h.waitHandled()
		if m.contact != contact {
			continue
		}
		if m.event != string(event) {
			h.t.Fatalf("%s handled as %q for #%d, want %s", what, m.event, contact, event)
		}
		return
	}
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestBookingFromEachServiceScheduledThenCancelled(t *testing.T) {
	berlin, newYork := zone(t, "Europe/Berlin"), zone(t, "America/New_York")
	// Mon 23 Nov 2026, the morning the fixtures were sent: the meetings,
	// on 3 and 4 Dec, are ahead.
	l := newLife(t, berlin, time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	l.cfg.Commands.Addresses = []string{plusAddress(l.owner)}
	people := []bookingPerson{
		{
			service: "Calendly", name: "Jane Doe", email: "jane@acme.example", zone: "America/New_York", from: "notifications@calendly.com",
			booked: "calendly_scheduled.eml", moved: "calendly_rescheduled.eml", cancelled: "calendly_canceled.eml",
			// The reschedule: 11:30 in New York on Friday.
			start: time.Date(2026, 12, 4, 11, 30, 0, 0, newYork), end: time.Date(2026, 12, 4, 12, 0, 0, 0, newYork),
			shown: "meeting Fri 4 Dec 2026 17:30–18:00 CET (11:30–12:00 EST for Jane)",
		},
		{
			service: "Cal.com", name: "Priya Nair", email: "priya@initech.example", zone: "Asia/Kolkata", from: "noreply@cal.com",
			booked: "calcom_scheduled.eml", cancelled: "calcom_cancelled.eml",
			start: time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC), end: time.Date(2026, 12, 3, 14, 30, 0, 0, time.UTC),
			shown: "meeting Thu 3 Dec 2026 15:00–15:30 CET (19:30–20:00 IST for Priya)",
		},
		{
			service: "Google appointment schedule", name: "Sam Lee", email: "sam@globex.example", zone: "America/Los_Angeles", from: "calendar-notification@google.com",
			booked: "google_appointment.eml", cancelled: "google_appointment_canceled.eml",
			start: time.Date(2026, 12, 3, 16, 0, 0, 0, berlin), end: time.Date(2026, 12, 3, 16, 30, 0, 0, berlin),
			shown: "meeting Thu 3 Dec 2026 16:00–16:30 CET (07:00–07:30 PST for Sam)",
		},
		{
			// Tokyo is already on Friday: the line names their day.
			service: "Microsoft Bookings", name: "Kenji Sato", email: "kenji@umbrella.example", zone: "Asia/Tokyo", from: "careerchats@owner-bookings.example",
			booked: "msbookings_scheduled.eml", cancelled: "msbookings_cancelled.eml",
			start: time.Date(2026, 12, 3, 16, 0, 0, 0, berlin), end: time.Date(2026, 12, 3, 16, 30, 0, 0, berlin),
			shown: "meeting Thu 3 Dec 2026 16:00–16:30 CET (Fri 4 Dec 00:00–00:30 JST for Kenji)",
		},
	}
	contacts := make([]*store.Contact, len(people))
	for i, p := range people {
		contacts[i] = l.contactIn(p.name, p.email, p.zone, fmt.Sprintf("req-%d@owner.example", i+1))
	}
	l.start()

	// The confirmations.
	for i, p := range people {
		l.deliverFrom(l.stack, p.from, l.owner, serviceMail(t, p.booked, p, l.owner))
		l.waitApplied(p.service+"'s confirmation", contacts[i].ID, workflow.EventMeetingScheduled)
	}
	jane := people[0]
	if m := l.contact(contacts[0].ID).State.Meeting; m == nil || !m.Start.Equal(time.Date(2026, 12, 3, 10, 0, 0, 0, newYork)) {
		t.Fatalf("after Calendly's confirmation Jane's meeting is %+v, want Thu 3 Dec 10:00 in New York", m)
	}
	l.deliverFrom(l.stack, jane.from, l.owner, serviceMail(t, jane.moved, jane, l.owner))
	l.waitApplied("Calendly's reschedule", contacts[0].ID, workflow.EventMeetingMoved)

	// What the store holds is the calendar's instant, and the owner, who
	// asks by mail, reads it in Berlin with the contact's clock beside.
	var ask []string
	for i, p := range people {
		c := l.contact(contacts[i].ID)
		if m := c.State.Meeting; c.State.Status != workflow.StatusScheduled || m == nil || !m.Start.Equal(p.start) || !m.End.Equal(p.end) {
			t.Errorf("%s (%s) = %s, meeting %+v; want scheduled from %s to %s", p.name, p.service, c.State.Status, m, p.start.UTC(), p.end.UTC())
		}
		ask = append(ask, fmt.Sprintf("status #%d", c.ID))
	}
	submit(t, l.stack, l.owner, []string{plusAddress(l.owner)}, ownerMail(l.owner, plusAddress(l.owner), "Meetings", "ask-1@rapport.test", "", strings.Join(ask, "\n")+"\n"))
	l.submitted++
	receipt := l.waitReceipt(l.stack, l.owner, "ask-1@rapport.test")
	for _, p := range people {
		wantLines(t, "the status receipt", receipt.Text, p.shown)
	}

	// The cancellations: each contact's meeting is off, and the owner is
	// told of each in their inbox, at the time it was.
	for i, p := range people {
		l.deliverFrom(l.stack, p.from, l.owner, serviceMail(t, p.cancelled, p, l.owner))
		l.waitApplied(p.service+"'s cancellation", contacts[i].ID, workflow.EventMeetingCancelled)
		if c := l.contact(contacts[i].ID); c.State.Meeting != nil || c.State.Status == workflow.StatusScheduled {
			t.Errorf("after the cancellation %s = %s, meeting %+v; want no meeting", p.name, c.State.Status, c.State.Meeting)
		}
	}
	l.waitNotices(contacts, "notice_"+workflow.NoticeMeetingCancelled)
	inbox := l.inbox(l.stack, l.owner)
	for i, p := range people {
		subject := fmt.Sprintf("rapport: meeting with %s (#%d) cancelled", p.name, contacts[i].ID)
		var found bool
		for _, m := range inbox {
			if m.Subject == subject {
				found = true
				when := fmt.Sprintf("on %s at %s is off", p.start.In(berlin).Format("Mon 2 Jan"), p.start.In(berlin).Format("15:04 MST"))
				wantLines(t, "the notice of "+p.service+"'s cancellation", m.Text, when)
			}
		}
		if !found {
			t.Errorf("the owner's inbox holds no %q", subject)
		}
	}
}

// contactIn adds a contact living in zone to whom rapport sent the
// request requestID, on the daemon's clock (see fixture.Contact).
func (l *lifeHarness) contactIn(name, email, zone, requestID string) *store.Contact {
	l.t.Helper()
	ctx := context.Background()
	c := &store.Contact{Name: name, Email: email, TimeZone: zone}
	err := l.store.WithTx(ctx, func(tx *store.Tx) error {
		if err := l.track.Add(ctx, tx, c, l.clock.Now(), store.SourceCLI, "test"); err != nil {
			return err
		}
		ev := workflow.Event{Kind: workflow.EventRequestSent, MessageID: requestID}
		if _, err := l.track.Apply(ctx, tx, c, ev, l.clock.Now(), store.SourceCLI); err != nil {
			return err
		}
		_, err := tx.RecordMessage(ctx, &store.Message{Key: requestID, MessageID: requestID, Direction: store.DirectionOut, ContactID: c.ID})
		return err
	})
	if err != nil {
		l.t.Fatal(err)
	}
	return c
}

// waitNotices waits until the notice of that kind about each of the
// contacts has left for the owner.
func (l *lifeHarness) waitNotices(list []*store.Contact, template string) {
	l.t.Helper()
	want := map[int64]bool{}
	for _, c := range list {
		want[c.ID] = true
	}
	for len(want) > 0 {
		select {
		case o := <-l.sent:
			if o.Template != template || !want[o.ContactID] {
				continue
			}
			if o.Status != store.OutboxSent {
				l.t.Fatalf("%s for #%d: %s, want sent", template, o.ContactID, o.Status)
			}
			delete(want, o.ContactID)
		case <-time.After(30 * time.Second):
			l.t.Fatalf("no %s left for %v", template, want)
		}
	}
}
