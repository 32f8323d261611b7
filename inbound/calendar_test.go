package inbound

import (
	"slices"
	"strings"
	"testing"
	"time"

	rig "github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/workflow"
)

// Calendar mail as Google Calendar and Outlook write it (see package
// fixture): a contact's invitation, its update and cancellation, their
// answer to the owner's invitation, and the owner forwarding an
// invitation to rapport. The tests read what the owner sees: the status,
// the meeting's time and place, its timers, and the mail to the owner.

const janeFrom = "Jane Doe <jane@acme.example>"

func berlin(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// notice is a mail to the owner as a test expects it: its template,
// subject, and lines of its text.
type notice struct {
	template, subject string
	lines             []string
}

// calStep is one calendar mail and the event it must be applied as ("" for
// none).
type calStep struct {
	raw   []byte
	event workflow.EventKind
}

func TestInvitationFromTheContactSchedulesTheMeeting(t *testing.T) {
	start := time.Date(2026, 12, 3, 15, 0, 0, 0, berlin(t)) // winter time: 14:00 UTC
	tests := []struct {
		name  string
		tzid  string
		zone  []string
		extra []string
		wrap  func(from, to, subject, id string, e rig.Event) []byte
		want  string
	}{
		{
			name: "Google invitation in Europe/Berlin schedules coffee at the café", tzid: "Europe/Berlin", zone: rig.GoogleBerlin, wrap: rig.GoogleMail,
			extra: []string{`LOCATION:Café Einstein\, Kurfürstenstraße 58\, 10785 Berlin`, `DESCRIPTION:Looking forward to it!`},
			want:  `scheduled: Thu 3 Dec 14:00–15:00 UTC at "Café Einstein, Kurfürstenstraße 58, 10785 Berlin"; meeting_over Thu 3 Dec 18:00, prep_brief Thu 3 Dec 08:00`,
		},
		{
			name: "Outlook invitation in a Windows zone schedules the Teams meeting", tzid: "W. Europe Standard Time",
			zone: rig.VTimezoneBerlin("W. Europe Standard Time"), wrap: rig.OutlookMail,
			extra: []string{"LOCATION:Microsoft Teams Meeting",
				"X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ4%40thread.v2/0?context=%7b%7d"},
			want: `scheduled: Thu 3 Dec 14:00–15:00 UTC at "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ4%40thread.v2/0?context=%7b%7d"; meeting_over Thu 3 Dec 18:00, prep_brief Thu 3 Dec 08:00`,
		},
		{
			name: "invitation in a zone known only from its own VTIMEZONE takes the Zoom link over the room", tzid: "Acme-Office-Time",
			zone: rig.VTimezoneBerlin("Acme-Office-Time"), wrap: rig.GoogleMail,
			extra: []string{"LOCATION:Room 4.12", `DESCRIPTION:Or join on https://acme.zoom.us/j/5550123?pwd=x7 if you are away.`},
			want:  `scheduled: Thu 3 Dec 14:00–15:00 UTC at "https://acme.zoom.us/j/5550123?pwd=x7"; meeting_over Thu 3 Dec 18:00, prep_brief Thu 3 Dec 08:00`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOwnerFixture(t)
			jane := f.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
			e := rig.Event{
				Method: "REQUEST", UID: "coffee-1@acme.example", Zone: tt.zone,
				Start: "DTSTART;TZID=" + tt.tzid + ":" + rig.Wall(start), End: "DTEND;TZID=" + tt.tzid + ":" + rig.Wall(start.Add(time.Hour)),
				Organizer: "jane@acme.example",
				Attendees: []string{rig.Attendee("jane@acme.example", "ACCEPTED"), rig.Attendee(owner, "NEEDS-ACTION")},
				Summary:   "Coffee with Alex", Extra: tt.extra, Date: ownerNow,
			}
			o := f.handleMail(tt.wrap(janeFrom, owner, "Invitation: Coffee with Alex", "inv-1@acme.example", e))
			if o.ContactID != jane.ID || o.Event != string(workflow.EventMeetingScheduled) {
				t.Fatalf("the invitation: %+v; want meeting_scheduled for #%d", o, jane.ID)
			}
			if got := seen(f.read(jane.ID)); got != tt.want {
				t.Errorf("Jane = %s\nwant    %s", got, tt.want)
			}
			if mail := f.toOwner(); len(mail) != 0 {
				t.Errorf("mail to the owner = %+v, want none: a scheduled meeting needs no notice", mail)
			}
		})
	}
}

func TestCalendarMailChangesTheMeeting(t *testing.T) {
	start := time.Date(2026, 12, 3, 15, 0, 0, 0, berlin(t)) // 14:00 UTC
	google := func(subject, id string, e rig.Event) []byte { return rig.GoogleMail(janeFrom, owner, subject, id, e) }
	outlook := func(subject, id string, e rig.Event) []byte { return rig.OutlookMail(janeFrom, owner, subject, id, e) }

	invite := rig.Event{
		Method: "REQUEST", UID: "7kq0fhd3l2@google.com", Zone: rig.GoogleBerlin,
		Start: "DTSTART;TZID=Europe/Berlin:" + rig.Wall(start), End: "DTEND;TZID=Europe/Berlin:" + rig.Wall(start.Add(time.Hour)),
		Organizer: "jane@acme.example",
		Attendees: []string{rig.Attendee("jane@acme.example", "ACCEPTED"), rig.Attendee(owner, "NEEDS-ACTION")},
		Summary:   "Coffee with Alex", Extra: []string{"LOCATION:Café Einstein"}, Date: ownerNow,
	}
	// Google's update: a higher SEQUENCE, the time now in UTC.
	moved := time.Date(2026, 12, 4, 9, 30, 0, 0, time.UTC)
	update := invite
	update.Sequence, update.Zone = 1, nil
	update.Start, update.End = "DTSTART:"+rig.UTC(moved), "DTEND:"+rig.UTC(moved.Add(45*time.Minute))
	update.Extra = []string{"LOCATION:Café Einstein Unter den Linden"}

	const windows = "W. Europe Standard Time"
	call := rig.Event{
		Method: "REQUEST", UID: "040000008200E00074C5B7101A82E008000000001@acme.example", Zone: rig.VTimezoneBerlin(windows),
		Start: "DTSTART;TZID=" + windows + ":" + rig.Wall(start), End: "DTEND;TZID=" + windows + ":" + rig.Wall(start.Add(30*time.Minute)),
		Organizer: "jane@acme.example", Attendees: []string{rig.Attendee(owner, "NEEDS-ACTION")},
		Summary: "Intro call", Extra: []string{"LOCATION:+49 30 555 0123"}, Date: ownerNow,
	}
	later := call // Outlook's update keeps the zone and raises the SEQUENCE
	later.Sequence = 1
	later.Start, later.End = "DTSTART;TZID="+windows+":"+rig.Wall(start.Add(2*time.Hour)), "DTEND;TZID="+windows+":"+rig.Wall(start.Add(150*time.Minute))
	cancel := call
	cancel.Method, cancel.Sequence = "CANCEL", 1
	otherCancel := cancel
	otherCancel.UID = "another-meeting@acme.example"

	// Jane's calendar answering the owner's own invitation.
	ownerStart := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	answer := func(partstat string, seq int) rig.Event {
		return rig.Event{
			Method: "REPLY", UID: "owner-invite-1@owner.example", Sequence: seq,
			Start: "DTSTART:" + rig.UTC(ownerStart), End: "DTEND:" + rig.UTC(ownerStart.Add(time.Hour)), Organizer: owner,
			Attendees: []string{"ATTENDEE;PARTSTAT=" + partstat + ";CN=Jane Doe:mailto:jane@acme.example"},
			Summary:   "Coffee", Extra: []string{"LOCATION:https://meet.google.com/abc-defg-hij"}, Date: ownerNow,
		}
	}

	const (
		scheduled = workflow.EventMeetingScheduled
		movedEv   = workflow.EventMeetingMoved
		cancelled = workflow.EventMeetingCancelled
	)
	atCafe := `scheduled: Thu 3 Dec 14:00–15:00 UTC at "Café Einstein"; meeting_over Thu 3 Dec 18:00, prep_brief Thu 3 Dec 08:00`
	atLinden := `scheduled: Fri 4 Dec 09:30–10:15 UTC at "Café Einstein Unter den Linden"; meeting_over Fri 4 Dec 13:15, prep_brief Fri 4 Dec 08:00`
	onCall := `scheduled: Thu 3 Dec 14:00–14:30 UTC at "+49 30 555 0123"; meeting_over Thu 3 Dec 17:30, prep_brief Thu 3 Dec 08:00`
	tests := []struct {
		name     string
		steps    []calStep
		want     string   // what the owner sees of Jane (see seen)
		meetings []string // Jane's history entries about meetings
		notice   *notice  // the one mail to the owner; nil for none
	}{
		{
			name:     "Google update moves the meeting to the new time and place",
			steps:    []calStep{{google("Invitation: Coffee with Alex", "inv-1@acme.example", invite), scheduled}, {google("Updated invitation: Coffee with Alex", "inv-2@acme.example", update), movedEv}},
			want:     atLinden,
			meetings: []string{"meeting_scheduled", "meeting_moved"},
		},
		{
			name:     "Outlook update moves the meeting",
			steps:    []calStep{{outlook("Intro call", "call-1@acme.example", call), scheduled}, {outlook("Updated: Intro call", "call-2@acme.example", later), movedEv}},
			want:     `scheduled: Thu 3 Dec 16:00–16:30 UTC at "+49 30 555 0123"; meeting_over Thu 3 Dec 19:30, prep_brief Thu 3 Dec 08:00`,
			meetings: []string{"meeting_scheduled", "meeting_moved"},
		},
		{
			name: "the original arriving late, or the update again, changes nothing",
			steps: []calStep{
				{google("Invitation: Coffee with Alex", "inv-1@acme.example", invite), scheduled},
				{google("Updated invitation: Coffee with Alex", "inv-2@acme.example", update), movedEv},
				{google("Invitation: Coffee with Alex", "inv-1-late@acme.example", invite), ""},
				{google("Updated invitation: Coffee with Alex", "inv-2-again@acme.example", update), ""},
			},
			want:     atLinden,
			meetings: []string{"meeting_scheduled", "meeting_moved"},
		},
		{
			name:     "the same invitation sent again is already recorded",
			steps:    []calStep{{google("Invitation: Coffee with Alex", "inv-1@acme.example", invite), scheduled}, {google("Invitation: Coffee with Alex", "inv-1-again@acme.example", invite), ""}},
			want:     atCafe,
			meetings: []string{"meeting_scheduled"},
		},
		{
			name:     "cancellation by the contact reopens the contact and tells the owner",
			steps:    []calStep{{outlook("Intro call", "call-1@acme.example", call), scheduled}, {outlook("Canceled: Intro call", "cancel-1@acme.example", cancel), cancelled}},
			want:     "replied; no timers",
			meetings: []string{"meeting_scheduled", "meeting_cancelled"},
			notice:   &notice{"notice_meeting_cancelled", "rapport: meeting with Jane Doe (#1) cancelled", []string{"Your meeting with Jane Doe (#1) on Thu 3 Dec at 14:00 UTC is off."}},
		},
		{
			name:     "a cancellation of another meeting changes nothing",
			steps:    []calStep{{outlook("Intro call", "call-1@acme.example", call), scheduled}, {outlook("Canceled: Other", "cancel-2@acme.example", otherCancel), ""}},
			want:     onCall,
			meetings: []string{"meeting_scheduled"},
		},
		{
			name:  "a cancellation with no meeting scheduled changes nothing",
			steps: []calStep{{outlook("Canceled: Intro call", "cancel-1@acme.example", cancel), ""}},
			want:  "replied; no timers",
		},
		{
			name:     "accepting the owner's invitation schedules the meeting at the Meet link",
			steps:    []calStep{{google("Accepted: Coffee @ Thu Dec 3, 2026 12pm - 1pm (UTC)", "reply-1@acme.example", answer("ACCEPTED", 0)), scheduled}},
			want:     `scheduled: Thu 3 Dec 12:00–13:00 UTC at "https://meet.google.com/abc-defg-hij"; meeting_over Thu 3 Dec 16:00, prep_brief Thu 3 Dec 08:00`,
			meetings: []string{"meeting_scheduled"},
		},
		{
			name:   "declining the owner's invitation is only their answer",
			steps:  []calStep{{google("Declined: Coffee @ Thu Dec 3, 2026 12pm - 1pm (UTC)", "reply-1@acme.example", answer("DECLINED", 0)), workflow.EventReplyReceived}},
			want:   "replied; no timers",
			notice: &notice{"notice_reply", "rapport: Jane Doe replied (#1)", []string{"replying to this notice with one line"}},
		},
		{
			name: "accepted, then declined: the meeting is off, no brief, no met",
			steps: []calStep{
				{google("Accepted: Coffee", "reply-1@acme.example", answer("ACCEPTED", 0)), scheduled},
				{google("Declined: Coffee", "reply-2@acme.example", answer("DECLINED", 1)), cancelled},
			},
			want:     "replied; no timers",
			meetings: []string{"meeting_scheduled", "meeting_cancelled"},
			notice:   &notice{"notice_meeting_cancelled", "rapport: meeting with Jane Doe (#1) cancelled", []string{"on Thu 3 Dec at 12:00 UTC is off"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOwnerFixture(t)
			jane := f.replied("Jane Doe", "jane@acme.example")
			for i, s := range tt.steps {
				if o := f.handleMail(s.raw); o.ContactID != jane.ID || o.Event != string(s.event) {
					t.Fatalf("mail %d: %+v; want event %q for #%d", i+1, o, s.event, jane.ID)
				}
			}
			if got := seen(f.read(jane.ID)); got != tt.want {
				t.Errorf("Jane = %s\nwant    %s", got, tt.want)
			}
			var meetings []string
			for _, k := range f.history(jane.ID) {
				if strings.HasPrefix(k, "meeting_") {
					meetings = append(meetings, k)
				}
			}
			if !slices.Equal(meetings, tt.meetings) {
				t.Errorf("Jane's history of meetings = %v, want %v", meetings, tt.meetings)
			}
			mail := f.toOwner()
			if tt.notice == nil {
				if len(mail) != 0 {
					t.Errorf("mail to the owner = %+v, want none", mail)
				}
				return
			}
			if len(mail) != 1 || mail[0].Template != tt.notice.template || mail[0].To != ownerTo || mail[0].Subject != tt.notice.subject {
				t.Fatalf("mail to the owner = %+v; want one %s to %s: %q", mail, tt.notice.template, ownerTo, tt.notice.subject)
			}
			wantLines(t, "the notice", mail[0].Body, tt.notice.lines...)
		})
	}
}

// The owner forwards to rapport an invitation they sent: it is with the
// one contact among its guests, and the receipt says what became of it.
func TestOwnersForwardedInvitation(t *testing.T) {
	start := time.Date(2026, 12, 3, 15, 0, 0, 0, berlin(t))
	forward := func(guest string) []byte {
		e := rig.Event{
			Method: "REQUEST", UID: "owner-invite-2@owner.example", Zone: rig.GoogleBerlin,
			Start: "DTSTART;TZID=Europe/Berlin:" + rig.Wall(start), End: "DTEND;TZID=Europe/Berlin:" + rig.Wall(start.Add(time.Hour)),
			Organizer: owner, Attendees: []string{rig.Attendee(owner, "ACCEPTED"), rig.Attendee(guest, "NEEDS-ACTION")},
			Summary: "Coffee", Extra: []string{"LOCATION:Café Einstein"}, Date: ownerNow,
		}
		return rig.GoogleMail(ownerTo, rapportAddr, "Fwd: Invitation: Coffee", "fwd-inv-1@owner.example", e)
	}
	tests := []struct {
		name     string
		raw      []byte
		event    string
		want     string   // what the owner sees of Jane
		receipt  []string // lines of the receipt; nil for none
		problems []string
	}{
		{
			name: "the forwarded invitation schedules the meeting and the receipt says so", raw: proven(forward("jane@acme.example")),
			event:   "invitation",
			want:    `scheduled: Thu 3 Dec 14:00–15:00 UTC at "Café Einstein"; meeting_over Thu 3 Dec 18:00, prep_brief Thu 3 Dec 08:00`,
			receipt: []string{"✓ #1 Jane Doe: replied → scheduled"},
		},
		{
			name: "an invitation with nobody rapport knows changes nothing; the receipt says to add them", raw: proven(forward("ana@initech.example")),
			event:   "invitation",
			want:    "replied; no timers",
			receipt: []string{"✗ the invitation is with no contact rapport knows", "→ add them first"},
		},
		{
			name: "a forwarded invitation without the owner's proof changes nothing and gets no receipt", raw: forward("jane@acme.example"),
			want:     "replied; no timers",
			problems: []string{"unauthenticated"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOwnerFixture(t)
			jane := f.replied("Jane Doe", "jane@acme.example")
			if o := f.handleMail(tt.raw); o.Event != tt.event {
				t.Fatalf("the forwarded invitation: %+v; want event %q", o, tt.event)
			}
			if got := seen(f.read(jane.ID)); got != tt.want {
				t.Errorf("Jane = %s\nwant    %s", got, tt.want)
			}
			if got := f.problems(); !slices.Equal(got, tt.problems) {
				t.Errorf("problems for the digest = %v, want %v", got, tt.problems)
			}
			receipts := f.receipts("fwd-inv-1@owner.example")
			if tt.receipt == nil {
				if len(receipts) != 0 {
					t.Fatalf("receipts = %+v, want none", receipts)
				}
				return
			}
			if len(receipts) != 1 || receipts[0].To != ownerTo || receipts[0].Subject != "Re: Fwd: Invitation: Coffee" {
				t.Fatalf("receipts = %+v; want one to %s, Re: Fwd: Invitation: Coffee", receipts, ownerTo)
			}
			wantLines(t, "the receipt", receipts[0].Body, tt.receipt...)
		})
	}
}
