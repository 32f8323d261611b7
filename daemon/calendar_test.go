package daemon

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"rapport/config"
	"rapport/contacts"
	"rapport/internal/rig/fixture"
	"rapport/internal/rig/mailstack"
	"rapport/store"
	"rapport/workflow"
)

// Calendar mail on the real servers: a contact's invitation, its update,
// its cancellation and their acceptance of the owner's invitation arrive
// through Postfix into Dovecot as Google Calendar and Outlook write them;
// the owner forwards an invitation to rapport. The tests check what the
// owner sees: the contact's status, the meeting's time and place, its
// timers, and the notices and receipts.

// utcMinute is how the tests compare instants: in UTC, to the minute.
const utcMinute = "2006-01-02 15:04 MST"

// winterAfternoon returns 15:00 in Berlin on a day at least a week ahead
// on which Berlin keeps winter time, so that it is 14:00 UTC; a week
// ahead leaves the prep-brief timer in the future.
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
	ics             = fixture.ICS
	wall            = fixture.Wall
	utc             = fixture.UTC
	googleBerlin    = fixture.GoogleBerlin
	vtimezoneBerlin = fixture.VTimezoneBerlin
	attendee        = fixture.Attendee
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

// outlookMail wraps e as Outlook sends it (see fixture.OutlookMail).
func outlookMail(from, to, subject, id string, e event) []byte {
	return fixture.OutlookMail(from, to, subject, id, e.toFixture())
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

// repliedContact adds a contact who answered rapport's request some time
// ago: its notices were dealt with then, so none is drafted now.
func (h *harness) repliedContact(name, email string) *store.Contact {
	h.t.Helper()
	c := h.contact(name, email, workflow.StatusRequested, "req-1@owner.example")
	quiet := contacts.New(workflow.DefaultPolicy(time.UTC), nil)
	err := h.store.WithTx(context.Background(), func(tx *store.Tx) error {
		_, err := quiet.Apply(context.Background(), tx, c, workflow.Event{Kind: workflow.EventReplyReceived, MessageID: "r-1@acme.example"}, time.Now(), store.SourceMail)
		return err
	})
	if err != nil || c.State.Status != workflow.StatusReplied {
		h.t.Fatalf("%s = %s, %v; want replied", name, c.State.Status, err)
	}
	return c
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

// wantMeeting checks that c is scheduled to meet from start to end at
// place, with the brief due at 08:00 UTC (the harness's owner zone) on
// the meeting's day and the meeting over three hours after its end.
func wantMeeting(t *testing.T, c *store.Contact, start, end time.Time, place string) {
	t.Helper()
	if c.State.Status != workflow.StatusScheduled {
		t.Fatalf("%s = %s, want scheduled", c.Name, c.State.Status)
	}
	m := c.State.Meeting
	if m == nil {
		t.Fatalf("%s is scheduled with no meeting", c.Name)
	}
	got := fmt.Sprintf("%s – %s at %q", m.Start.UTC().Format(utcMinute), m.End.UTC().Format(utcMinute), m.Place)
	want := fmt.Sprintf("%s – %s at %q", start.UTC().Format(utcMinute), end.UTC().Format(utcMinute), place)
	if got != want {
		t.Errorf("meeting = %s, want %s", got, want)
	}
	s := start.UTC()
	brief := time.Date(s.Year(), s.Month(), s.Day(), 8, 0, 0, 0, time.UTC)
	timers := map[workflow.TimerKind]time.Time{workflow.TimerPrepBrief: brief, workflow.TimerMeetingOver: end.Add(3 * time.Hour)}
	for kind, at := range timers {
		if got, ok := c.State.Timers[kind]; !ok || !got.Equal(at) {
			t.Errorf("%s timer = %v (set %v), want %s", kind, got, ok, at.UTC().Format(utcMinute))
		}
	}
	if len(c.State.Timers) != len(timers) {
		t.Errorf("timers = %v, want only %s and %s", c.State.Timers, workflow.TimerPrepBrief, workflow.TimerMeetingOver)
	}
}

// A contact's invitation whose times are in a zone: Google's IANA TZID,
// Outlook's Windows zone name, and a zone known only from the object's
// own VTIMEZONE all put 15:00 in Berlin at 14:00 UTC. The place is the
// meeting link when there is one, else LOCATION.
func TestCalendarInvitationInAZone(t *testing.T) {
	start := winterAfternoon(t)
	end := start.Add(time.Hour)
	if hour := start.UTC().Hour(); hour != 14 {
		t.Fatalf("15:00 in Berlin is %d:00 UTC on %s, want 14:00 (winter time)", hour, start.Format(time.DateOnly))
	}
	tests := []struct {
		name  string
		tzid  string
		zone  []string
		extra []string
		wrap  func(from, to, subject, id string, e event) []byte
		place string
	}{
		{
			name: "google", tzid: "Europe/Berlin", zone: googleBerlin, wrap: googleMail,
			extra: []string{`LOCATION:Café Einstein\, Kurfürstenstraße 58\, 10785 Berlin`, `DESCRIPTION:Looking forward to it!`},
			place: "Café Einstein, Kurfürstenstraße 58, 10785 Berlin",
		},
		{
			name: "outlook", tzid: "W. Europe Standard Time", zone: vtimezoneBerlin("W. Europe Standard Time"), wrap: outlookMail,
			extra: []string{"LOCATION:Microsoft Teams Meeting",
				"X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ4%40thread.v2/0?context=%7b%7d"},
			place: "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ4%40thread.v2/0?context=%7b%7d",
		},
		{
			name: "own vtimezone", tzid: "Acme-Office-Time", zone: vtimezoneBerlin("Acme-Office-Time"), wrap: googleMail,
			extra: []string{"LOCATION:Room 4.12", `DESCRIPTION:Or join on https://acme.zoom.us/j/5550123?pwd=x7 if you are away.`},
			place: "https://acme.zoom.us/j/5550123?pwd=x7",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, stack, owner := dovecotHarness(t)
			jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
			h.start()
			e := event{
				method: "REQUEST", uid: "coffee-" + tt.name + "@acme.example", zone: tt.zone,
				start:     "DTSTART;TZID=" + tt.tzid + ":" + wall(start),
				end:       "DTEND;TZID=" + tt.tzid + ":" + wall(end),
				organizer: "jane@acme.example",
				attendees: []string{attendee("jane@acme.example", "ACCEPTED"), attendee(owner, "NEEDS-ACTION")},
				summary:   "Coffee with Alex", extra: tt.extra,
			}
			h.deliverFrom(stack, "jane@acme.example", owner,
				tt.wrap("Jane Doe <jane@acme.example>", owner, "Invitation: Coffee with Alex", "inv-1@acme.example", e))
			h.wantHandled("the invitation", jane, string(workflow.EventMeetingScheduled))
			wantMeeting(t, h.read(jane.ID), start, end, tt.place)
		})
	}
}

// An updated invitation (the same UID, a higher SEQUENCE, the time now in
// UTC) moves the meeting; the original arriving late, or the update
// again, changes nothing.
func TestCalendarUpdatedInvitation(t *testing.T) {
	h, stack, owner := dovecotHarness(t)
	jane := h.repliedContact("Jane Doe", "jane@acme.example")
	h.start()
	start := winterAfternoon(t)
	invite := event{
		method: "REQUEST", uid: "7kq0fhd3l2@google.com", zone: googleBerlin,
		start:     "DTSTART;TZID=Europe/Berlin:" + wall(start),
		end:       "DTEND;TZID=Europe/Berlin:" + wall(start.Add(time.Hour)),
		organizer: "jane@acme.example",
		attendees: []string{attendee("jane@acme.example", "ACCEPTED"), attendee(owner, "NEEDS-ACTION")},
		summary:   "Coffee with Alex", extra: []string{"LOCATION:Café Einstein"},
	}
	h.deliverFrom(stack, "jane@acme.example", owner, googleMail("Jane Doe <jane@acme.example>", owner, "Invitation: Coffee with Alex", "inv-1@acme.example", invite))
	h.wantHandled("the invitation", jane, string(workflow.EventMeetingScheduled))
	wantMeeting(t, h.read(jane.ID), start, start.Add(time.Hour), "Café Einstein")

	moved := time.Date(start.Year(), start.Month(), start.Day()+1, 9, 30, 0, 0, time.UTC)
	update := invite
	update.sequence, update.zone = 1, nil
	update.start, update.end = "DTSTART:"+utc(moved), "DTEND:"+utc(moved.Add(45*time.Minute))
	update.extra = []string{"LOCATION:Café Einstein Unter den Linden"}
	h.deliverFrom(stack, "jane@acme.example", owner, googleMail("Jane Doe <jane@acme.example>", owner, "Updated invitation: Coffee with Alex", "inv-2@acme.example", update))
	h.wantHandled("the update", jane, string(workflow.EventMeetingMoved))
	wantMeeting(t, h.read(jane.ID), moved, moved.Add(45*time.Minute), "Café Einstein Unter den Linden")

	// The first invitation again, as a server that retried it late
	// delivers it (a new copy, its own Message-ID), then the update again.
	h.deliverFrom(stack, "jane@acme.example", owner, googleMail("Jane Doe <jane@acme.example>", owner, "Invitation: Coffee with Alex", "inv-1-late@acme.example", invite))
	h.wantHandled("the stale invitation", jane, "")
	h.deliverFrom(stack, "jane@acme.example", owner, googleMail("Jane Doe <jane@acme.example>", owner, "Updated invitation: Coffee with Alex", "inv-2-again@acme.example", update))
	h.wantHandled("the update again", jane, "")
	c := h.read(jane.ID)
	wantMeeting(t, c, moved, moved.Add(45*time.Minute), "Café Einstein Unter den Linden")
	if c.State.Meeting.Sequence != 1 {
		t.Errorf("meeting sequence = %d, want 1", c.State.Meeting.Sequence)
	}
	kinds := h.history(jane.ID)
	if count(kinds, string(workflow.EventMeetingScheduled)) != 1 || count(kinds, string(workflow.EventMeetingMoved)) != 1 {
		t.Errorf("history = %v, want one meeting_scheduled and one meeting_moved", kinds)
	}
}

// A cancellation of the meeting puts the contact back to replied, drops
// the meeting's timers, and the owner gets a notice in their inbox.
func TestCalendarCancellation(t *testing.T) {
	stack := mailstack.Shared(t)
	h, owner := postfixHarness(t, stack, config.SendApprove)
	jane := h.repliedContact("Jane Doe", "jane@acme.example")
	h.start()
	start := winterAfternoon(t)
	invite := event{
		method: "REQUEST", uid: "040000008200E00074C5B7101A82E008000000001@acme.example", zone: vtimezoneBerlin("W. Europe Standard Time"),
		start:     "DTSTART;TZID=W. Europe Standard Time:" + wall(start),
		end:       "DTEND;TZID=W. Europe Standard Time:" + wall(start.Add(30*time.Minute)),
		organizer: "jane@acme.example",
		attendees: []string{attendee(owner, "NEEDS-ACTION")},
		summary:   "Intro call", extra: []string{"LOCATION:+49 30 555 0123"},
	}
	h.deliverFrom(stack, "jane@acme.example", owner, outlookMail("Jane Doe <jane@acme.example>", owner, "Intro call", "inv-1@acme.example", invite))
	h.wantHandled("the invitation", jane, string(workflow.EventMeetingScheduled))
	wantMeeting(t, h.read(jane.ID), start, start.Add(30*time.Minute), "+49 30 555 0123")

	cancel := invite
	cancel.method, cancel.sequence = "CANCEL", 1
	h.deliverFrom(stack, "jane@acme.example", owner, outlookMail("Jane Doe <jane@acme.example>", owner, "Canceled: Intro call", "cancel-1@acme.example", cancel))
	h.wantHandled("the cancellation", jane, string(workflow.EventMeetingCancelled))
	c := h.read(jane.ID)
	if c.State.Status != workflow.StatusReplied || c.State.Meeting != nil || len(c.State.Timers) != 0 {
		t.Fatalf("Jane after the cancellation = %s, meeting %+v, timers %v; want replied, no meeting, no timers",
			c.State.Status, c.State.Meeting, c.State.Timers)
	}
	notice := waitOutcome(t, h, jane.ID, "notice_"+workflow.NoticeMeetingCancelled)
	if notice.Audience != store.AudienceOwner || notice.Status != store.OutboxSent {
		t.Fatalf("the notice = %s to %s, want sent to the owner", notice.Status, notice.Audience)
	}
	want := fmt.Sprintf("rapport: meeting with Jane Doe (#%d) cancelled", jane.ID)
	for _, m := range h.inbox(stack, owner) {
		if m.Subject == want {
			when := start.In(h.cfg.Location()).Format("on Mon 2 Jan at 15:04")
			if !strings.Contains(m.Text, when+" is off") {
				t.Errorf("the notice reads %q, want it to say the meeting %s is off", m.Text, when)
			}
			return
		}
	}
	t.Fatalf("no notice %q in the owner's inbox", want)
}

// The contact accepts the owner's invitation: their calendar's REPLY
// schedules the meeting; a declining REPLY is only an answer.
func TestCalendarAcceptedReply(t *testing.T) {
	tests := []struct {
		name, partstat, subject string
		event                   string
		status                  workflow.Status
	}{
		{"accepted", "ACCEPTED", "Accepted: Coffee @ ", string(workflow.EventMeetingScheduled), workflow.StatusScheduled},
		{"declined", "DECLINED", "Declined: Coffee @ ", string(workflow.EventReplyReceived), workflow.StatusReplied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, stack, owner := dovecotHarness(t)
			jane := h.repliedContact("Jane Doe", "jane@acme.example")
			h.start()
			start := winterAfternoon(t).Add(-2 * time.Hour).UTC() // 12:00 UTC
			reply := event{
				method: "REPLY", uid: "owner-invite-1@owner.example", sequence: 0,
				start: "DTSTART:" + utc(start), end: "DTEND:" + utc(start.Add(time.Hour)),
				organizer: owner,
				attendees: []string{"ATTENDEE;PARTSTAT=" + tt.partstat + ";CN=Jane Doe:mailto:jane@acme.example"},
				summary:   "Coffee", extra: []string{"LOCATION:https://meet.google.com/abc-defg-hij"},
			}
			h.deliverFrom(stack, "jane@acme.example", owner,
				googleMail("Jane Doe <jane@acme.example>", owner, tt.subject+start.Format("Mon Jan 2, 2006 3pm - 4pm (UTC)"), "reply-1@acme.example", reply))
			h.wantHandled("Jane's answer", jane, tt.event)
			c := h.read(jane.ID)
			if tt.status != workflow.StatusScheduled {
				if c.State.Status != tt.status || c.State.Meeting != nil {
					t.Fatalf("Jane = %s with meeting %+v, want %s and no meeting", c.State.Status, c.State.Meeting, tt.status)
				}
				return
			}
			wantMeeting(t, c, start, start.Add(time.Hour), "https://meet.google.com/abc-defg-hij")

			// Declined later, the same meeting is off: no brief, no "met".
			reply.sequence, reply.attendees = 1, []string{"ATTENDEE;PARTSTAT=DECLINED;CN=Jane Doe:mailto:jane@acme.example"}
			h.deliverFrom(stack, "jane@acme.example", owner,
				googleMail("Jane Doe <jane@acme.example>", owner, "Declined: Coffee", "reply-2@acme.example", reply))
			h.wantHandled("Jane's change of mind", jane, string(workflow.EventMeetingCancelled))
			if c := h.read(jane.ID); c.State.Status != workflow.StatusReplied || len(c.State.Timers) != 0 {
				t.Fatalf("after declining Jane = %s with timers %v; want replied, nothing pending", c.State.Status, c.State.Timers)
			}
		})
	}
}

// The owner forwards to rapport an invitation they sent the contact: the
// meeting is scheduled, and the receipt says so.
func TestCalendarForwardedInvitation(t *testing.T) {
	h, stack, owner := commandHarness(t)
	jane := h.repliedContact("Jane Doe", "jane@acme.example")
	h.start()
	start := winterAfternoon(t)
	invite := event{
		method: "REQUEST", uid: "owner-invite-2@owner.example", zone: googleBerlin,
		start:     "DTSTART;TZID=Europe/Berlin:" + wall(start),
		end:       "DTEND;TZID=Europe/Berlin:" + wall(start.Add(time.Hour)),
		organizer: owner,
		attendees: []string{attendee(owner, "ACCEPTED"), attendee("jane@acme.example", "NEEDS-ACTION")},
		summary:   "Coffee with Jane", extra: []string{"LOCATION:Café Einstein"},
	}
	raw := googleMail("Alex Example <"+owner+">", plusAddress(owner), "Fwd: Invitation: Coffee with Jane", "fwd-inv-1@rapport.test", invite)
	submit(t, stack, owner, []string{plusAddress(owner)}, raw)
	h.submitted++
	if m := h.waitEvent("invitation"); m.contact != 0 && m.contact != jane.ID {
		t.Fatalf("the forwarded invitation was handled for contact #%d, want Jane (#%d)", m.contact, jane.ID)
	}
	wantMeeting(t, h.read(jane.ID), start, start.Add(time.Hour), "Café Einstein")
	r := h.waitReceipt(stack, owner, "fwd-inv-1@rapport.test")
	wantLines(t, "receipt", r.Text, fmt.Sprintf("#%d Jane Doe: replied → scheduled", jane.ID))
}
