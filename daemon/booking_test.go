package daemon

import (
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// A booking on the owner's Google appointment schedule, delivered by
// Postfix into Dovecot from Google Calendar's own address: the sender is
// no contact, yet the body is fetched and the meeting is the invitee's.
// The services' other shapes are tested in package inbound.
func TestBookingFromAServiceThroughPostfix(t *testing.T) {
	start := winterAfternoon(t)
	end := start.Add(30 * time.Minute)
	h, stack, owner := dovecotHarness(t)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()
	e := event{
		method: "REQUEST", uid: "appt-booking-1@google.com", zone: googleBerlin,
		start: "DTSTART;TZID=Europe/Berlin:" + wall(start), end: "DTEND;TZID=Europe/Berlin:" + wall(end),
		organizer: owner,
		attendees: []string{attendee(owner, "ACCEPTED"), attendee("jane@acme.example", "ACCEPTED")},
		summary:   "Informational chat (Jane Doe)",
		extra:     []string{"LOCATION:https://meet.google.com/xyz-abcd-efg"},
	}
	h.deliverFrom(stack, "calendar-notification@google.com", owner,
		googleMail("Google Calendar <calendar-notification@google.com>", owner, "Invitation: Informational chat (Jane Doe)", "appt-1@google.example", e))
	h.wantHandled("the booking", jane, string(workflow.EventMeetingScheduled))
	c := h.read(jane.ID)
	if m := c.State.Meeting; c.State.Status != workflow.StatusScheduled || m == nil || !m.Start.Equal(start) || !m.End.Equal(end) {
		t.Fatalf("Jane = %s, meeting %+v; want scheduled from %s to %s", c.State.Status, m, start.UTC(), end.UTC())
	}
}
