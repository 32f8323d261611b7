package daemon

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// Calendar mail on the real servers: a contact's invitation arrives
// through Postfix into Dovecot as Google Calendar writes it. What each
// kind of calendar mail means (updates, cancellations, answers to the
// owner's invitation, Outlook's zones, the owner forwarding one) is
// decided in package inbound and tested there on a database alone.

// winterAfternoon returns 15:00 in Berlin on a day at least a week ahead
// on which Berlin keeps winter time, so that it is 14:00 UTC.
func winterAfternoon(t *testing.T) time.Time {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	d := time.Now().In(berlin).AddDate(0, 0, 7)
	start := time.Date(d.Year(), d.Month(), d.Day(), 15, 0, 0, 0, berlin)
	for {
		if _, off := start.Zone(); off == 3600 {
			return start
		}
		start = time.Date(start.Year(), start.Month(), start.Day()+1, 15, 0, 0, 0, berlin)
	}
}

// The calendar mail is written once for daemon and inbound, by package
// fixture; these are the names the daemon's tests call it by.
var (
	ics          = fixture.ICS
	wall         = fixture.Wall
	googleBerlin = fixture.GoogleBerlin
	attendee     = fixture.Attendee
)

// event is a fixture.Event, under the field names the daemon's tests
// write it with.
type event struct {
	method, uid string
	sequence    int
	zone        []string // a VTIMEZONE, or nil
	start, end  string   // DTSTART and DTEND lines, whole
	organizer   string   // an address
	attendees   []string // ATTENDEE lines, whole
	summary     string
	extra       []string // more VEVENT lines: LOCATION, DESCRIPTION, X-…
}

func (e event) toFixture() fixture.Event {
	return fixture.Event{Method: e.method, UID: e.uid, Sequence: e.sequence, Zone: e.zone, Start: e.start, End: e.end,
		Organizer: e.organizer, Attendees: e.attendees, Summary: e.summary, Extra: e.extra}
}

// googleMail wraps e as Google Calendar sends it (see fixture.GoogleMail).
func googleMail(from, to, subject, id string, e event) []byte {
	return fixture.GoogleMail(from, to, subject, id, e.toFixture())
}

// deliverFrom has Postfix deliver a contact's mail to the owner, and
// counts it among the messages the owner's inbox must hold.
func (h *harness) deliverFrom(stack *mailstack.Stack, from, owner string, raw []byte) {
	h.t.Helper()
	if err := stack.Deliver(from, []string{owner}, raw); err != nil {
		h.t.Fatalf("Deliver() error = %v", err)
	}
	h.submitted++
}

// wantHandled waits for the next message and checks the contact and the
// event it was applied as ("" for none).
func (h *harness) wantHandled(what string, c *store.Contact, event string) {
	h.t.Helper()
	if m := h.waitHandled(); m.contact != c.ID || m.event != event {
		h.t.Fatalf("%s handled as %+v, want contact #%d with event %q", what, m, c.ID, event)
	}
}

// read returns the contact as stored.
func (h *harness) read(id int64) *store.Contact {
	h.t.Helper()
	c, err := h.store.Read().Contact(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// A contact's Google Calendar invitation, delivered by Postfix into
// Dovecot and read over IDLE, schedules the meeting at its time and place.
func TestCalendarInvitationThroughPostfix(t *testing.T) {
	start := winterAfternoon(t)
	end := start.Add(time.Hour)
	h, stack, owner := dovecotHarness(t)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()
	e := event{
		method: "REQUEST", uid: "coffee-google@acme.example", zone: googleBerlin,
		start: "DTSTART;TZID=Europe/Berlin:" + wall(start), end: "DTEND;TZID=Europe/Berlin:" + wall(end),
		organizer: "jane@acme.example",
		attendees: []string{attendee("jane@acme.example", "ACCEPTED"), attendee(owner, "NEEDS-ACTION")},
		summary:   "Coffee with Alex",
		extra:     []string{`LOCATION:Café Einstein\, Kurfürstenstraße 58\, 10785 Berlin`, `DESCRIPTION:Looking forward to it!`},
	}
	h.deliverFrom(stack, "jane@acme.example", owner,
		googleMail("Jane Doe <jane@acme.example>", owner, "Invitation: Coffee with Alex", "inv-1@acme.example", e))
	h.wantHandled("the invitation", jane, string(workflow.EventMeetingScheduled))
	c := h.read(jane.ID)
	const place = "Café Einstein, Kurfürstenstraße 58, 10785 Berlin"
	if m := c.State.Meeting; c.State.Status != workflow.StatusScheduled || m == nil || !m.Start.Equal(start) || !m.End.Equal(end) || m.Place != place {
		t.Fatalf("Jane = %s, meeting %+v; want scheduled from %s to %s at %q", c.State.Status, m, start.UTC(), end.UTC(), place)
	}
}
