package inbound

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// Scheduling services' mail (testdata/bookings, see its SOURCES.md): the
// service sends, the person who booked is in the calendar or the text,
// and the meeting is that contact's, at the calendar's time.

func booking(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "bookings", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestBookingFromAServiceSchedulesTheContactWhoBooked(t *testing.T) {
	const (
		scheduled = workflow.EventMeetingScheduled
		moved     = workflow.EventMeetingMoved
		cancelled = workflow.EventMeetingCancelled
		replied   = workflow.EventReplyReceived
	)
	tests := []struct {
		name  string
		mails []string
		want  []workflow.EventKind // the event of each mail
		seen  string               // Jane's status and meeting, in UTC (see seen), up to the timers
	}{
		{
			name: "Calendly invitation in America/New_York: 10:00 there is 15:00 UTC", mails: []string{"calendly_scheduled.eml"},
			want: []workflow.EventKind{scheduled}, seen: `scheduled: Thu 3 Dec 15:00–15:30 UTC at "https://meet.google.com/abc-defg-hij"`,
		},
		{
			name: "Calendly reschedule (SEQUENCE 1) moves it", mails: []string{"calendly_scheduled.eml", "calendly_rescheduled.eml"},
			want: []workflow.EventKind{scheduled, moved}, seen: `scheduled: Fri 4 Dec 16:30–17:00 UTC at "https://meet.google.com/abc-defg-hij"`,
		},
		{
			name: "Calendly cancellation (METHOD:CANCEL) cancels it", mails: []string{"calendly_scheduled.eml", "calendly_canceled.eml"},
			want: []workflow.EventKind{scheduled, cancelled}, seen: "replied; no timers",
		},
		{
			name: "the owner booked on the contact's Cal.com page: the organizer is the contact", mails: []string{"calcom_scheduled.eml"},
			want: []workflow.EventKind{scheduled}, seen: `scheduled: Thu 3 Dec 14:00–14:30 UTC at "https://app.cal.com/video/EXAMPLEUID2"`,
		},
		{
			name: "Cal.com reschedule with the same UID and new times moves it", mails: []string{"calcom_scheduled.eml", "calcom_rescheduled.eml"},
			want: []workflow.EventKind{scheduled, moved}, seen: `scheduled: Thu 3 Dec 16:00–16:30 UTC at "https://app.cal.com/video/EXAMPLEUID2"`,
		},
		{
			name: "Cal.com cancellation (STATUS:CANCELLED under METHOD:REQUEST) cancels it", mails: []string{"calcom_scheduled.eml", "calcom_cancelled.eml"},
			want: []workflow.EventKind{scheduled, cancelled}, seen: "replied; no timers",
		},
		{
			name: "Google appointment schedule in Europe/Berlin: 16:00 CET is 15:00 UTC", mails: []string{"google_appointment.eml"},
			want: []workflow.EventKind{scheduled}, seen: `scheduled: Thu 3 Dec 15:00–15:30 UTC at "https://meet.google.com/xyz-abcd-efg"`,
		},
		{
			name: "Microsoft Bookings in a Windows zone, from the booking mailbox", mails: []string{"msbookings_scheduled.eml"},
			want: []workflow.EventKind{scheduled}, seen: `scheduled: Thu 3 Dec 15:00–15:30 UTC at "https://teams.microsoft.com/l/meetup-join/19%3ameeting_BOOK%40thread.v2/0"`,
		},
		{
			name: "Google appointment schedule cancellation (METHOD:CANCEL) cancels it", mails: []string{"google_appointment.eml", "google_appointment_canceled.eml"},
			want: []workflow.EventKind{scheduled, cancelled}, seen: "replied; no timers",
		},
		{
			name: "Microsoft Bookings cancellation from the booking mailbox cancels it", mails: []string{"msbookings_scheduled.eml", "msbookings_cancelled.eml"},
			want: []workflow.EventKind{scheduled, cancelled}, seen: "replied; no timers",
		},
		{
			name: "Calendly without a calendar: the invitee in the text answered, the time is the owner's to write", mails: []string{"calendly_no_ics.eml"},
			want: []workflow.EventKind{replied}, seen: "replied; no timers",
		},
		{
			name: "Calendly \"Canceled:\" without a calendar cancels the meeting", mails: []string{"calendly_scheduled.eml", "calendly_no_ics_canceled.eml"},
			want: []workflow.EventKind{scheduled, cancelled}, seen: "replied; no timers",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOwnerFixture(t)
			jane := f.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
			for i, name := range tt.mails {
				o := f.handleMail(booking(t, name))
				if o.ContactID != jane.ID || o.Event != string(tt.want[i]) {
					t.Fatalf("%s: %+v; want %s for #%d", name, o, tt.want[i], jane.ID)
				}
			}
			if got := seen(f.read(jane.ID)); !strings.HasPrefix(got, tt.seen) {
				t.Errorf("Jane = %s\nwant    %s…", got, tt.seen)
			}
			if p := f.problems(); len(p) != 0 {
				t.Errorf("problems = %v, want none", p)
			}
			for _, m := range f.toOwner() {
				// The service's links view or cancel the booking made.
				if strings.Contains(m.Body, "book via link") {
					t.Errorf("%s offers a link to book:\n%s", m.Template, m.Body)
				}
			}
		})
	}
}

func TestBookingNeverMovesSomeoneItDoesNotName(t *testing.T) {
	t.Run("a stranger's booking is a problem for the digest, and no contact changes", func(t *testing.T) {
		f := newOwnerFixture(t)
		jane := f.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
		o := f.handleMail(booking(t, "calendly_stranger.eml"))
		if o.ContactID != 0 || o.Event != "" {
			t.Fatalf("the stranger's booking: %+v; want no contact, no event", o)
		}
		if got := seen(f.read(jane.ID)); got != "requested; no timers" && !strings.HasPrefix(got, "requested") {
			t.Errorf("Jane = %s, want untouched", got)
		}
		list, err := f.store.Read().ProblemsSince(context.Background(), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].Kind != store.ProblemBooking {
			t.Fatalf("problems = %+v, want one booking", list)
		}
		wantLines(t, "the problem", list[0].Detail,
			"a booking by someone who is not a contact: add them? Bob Stranger <bob@stranger.example>",
			"Calendly for Thu 3 Dec 15:00 UTC", "write add Bob Stranger <bob@stranger.example>")
	})
	t.Run("a booking that names the contact only in From changes nothing", func(t *testing.T) {
		f := newOwnerFixture(t)
		f.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
		// The service's display name is the contact's, its address is
		// the service's: From proves nothing.
		raw := strings.ReplaceAll(string(booking(t, "calendly_stranger.eml")), "From: Calendly <notifications@calendly.com>", "From: Jane Doe <notifications@calendly.com>")
		if o := f.handleMail([]byte(raw)); o.ContactID != 0 || o.Event != "" {
			t.Fatalf("%+v; want no contact, no event", o)
		}
	})
	t.Run("a booking naming two contacts changes neither and asks the owner", func(t *testing.T) {
		f := newOwnerFixture(t)
		jane := f.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
		bob := f.contact("Bob Stranger", "bob@stranger.example", workflow.StatusRequested, "req-2@owner.example")
		bobLine := "ATTENDEE;CN=Bob Stranger;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:bob@stranger.example"
		raw := strings.Replace(string(booking(t, "calendly_stranger.eml")), bobLine,
			bobLine+"\r\nATTENDEE;CN=Jane Doe;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:jane@acme.example", 1)
		if o := f.handleMail([]byte(raw)); o.ContactID != 0 || o.Event != "" {
			t.Fatalf("%+v; want no contact, no event", o)
		}
		for _, c := range []*store.Contact{jane, bob} {
			if s := f.read(c.ID).State.Status; s != workflow.StatusRequested {
				t.Errorf("%s = %s, want untouched", c.Name, s)
			}
		}
		list, err := f.store.Read().ProblemsSince(context.Background(), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].Kind != store.ProblemBooking {
			t.Fatalf("problems = %+v, want one booking", list)
		}
		wantLines(t, "the problem", list[0].Detail, "a booking naming several contacts", "Bob Stranger", "Jane Doe",
			"rapport changed nobody; write scheduled #")
	})
	t.Run("a stranger's cancellation is not worth a line", func(t *testing.T) {
		f := newOwnerFixture(t)
		raw := strings.ReplaceAll(strings.ReplaceAll(string(booking(t, "calendly_canceled.eml")), "jane@acme.example", "bob@stranger.example"), "Jane Doe", "Bob Stranger")
		f.handleMail([]byte(raw))
		if p := f.problems(); len(p) != 0 {
			t.Errorf("problems = %v, want none", p)
		}
	})
}

func TestReplyOfferingABookingLinkTellsTheOwner(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string // lines of the reply notice
		not        string   // a line it must not hold
	}{
		{
			name: "a Calendly link is named, as text",
			body: "Hi Alex,\r\n\r\nHappy to talk: grab a slot here: https://calendly.com/jane-doe/30min?a=1&b=2.\r\n\r\nJane\r\n",
			want: []string{"book via link: https://calendly.com/jane-doe/30min?a=1&b=2\n"},
		},
		{
			name: "a Microsoft Bookings page too",
			body: "Use <https://outlook.office365.com/book/JaneDoe@acme.example/> to pick a time.\r\n",
			want: []string{"book via link: https://outlook.office365.com/book/JaneDoe@acme.example/"},
		},
		{
			name: "the owner's own link quoted back is not hers",
			body: "Booked, see you then.\r\n\r\n> Or book me here: https://cal.com/alex/chat\r\n",
			not:  "book via link",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOwnerFixture(t)
			jane := f.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
			// The request was recorded on the machine's clock: the reply
			// must come after it to be the thread the notice quotes.
			after := time.Now().Add(time.Hour)
			f.h.Now = func() time.Time { return after }
			raw := "From: " + janeFrom + "\r\nTo: " + owner + "\r\nSubject: Re: Your path into planning\r\nDate: Mon, 23 Nov 2026 09:00:00 +0100\r\n" +
				"Message-ID: <r1@acme.example>\r\nIn-Reply-To: <req-1@owner.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + tt.body
			if o := f.handleMail([]byte(raw)); o.ContactID != jane.ID || o.Event != string(workflow.EventReplyReceived) {
				t.Fatalf("the reply: %+v; want reply_received", o)
			}
			mail := f.toOwner()
			if len(mail) != 1 || mail[0].Template != "notice_reply" {
				t.Fatalf("mail to the owner = %+v; want the reply notice", mail)
			}
			wantLines(t, "the notice", mail[0].Body, tt.want...)
			if tt.not != "" && strings.Contains(mail[0].Body, tt.not) {
				t.Errorf("the notice holds %q:\n%s", tt.not, mail[0].Body)
			}
		})
	}
}

func TestWorthReadsAServiceConfirmationThatLooksLikeBulkMail(t *testing.T) {
	f := newOwnerFixture(t)
	raw := "From: Calendly <notifications@calendly.com>\r\nTo: " + owner + "\r\nSubject: New Event: Jane Doe\r\n" +
		"List-Unsubscribe: <https://calendly.com/unsubscribe/x>\r\nPrecedence: bulk\r\nMessage-ID: <n1@calendly.example>\r\n\r\n"
	head := classify.ParseHeader([]byte(raw))
	worth, err := f.h.Worth(context.Background(), f.store.Read(), []Head{{Parsed: head}})
	if err != nil {
		t.Fatal(err)
	}
	if !worth[0] {
		t.Errorf("Worth = false for a Calendly notification (kind %s): its body names who booked", head.Kind)
	}
}

// A cancellation from a sender who is no contact (a booking mailbox, an
// assistant) cancels only the meeting rapport keeps under its UID.
func TestCancellationFromAStrangerNeedsTheMeetingsUID(t *testing.T) {
	const uid = "040000008200E00074C5B7101A82E0080000000BOOKING1"
	tests := []struct {
		name      string
		first     string // a mail handled before, or ""
		rewrite   func(string) string
		wantEvent workflow.EventKind
		seen      string
	}{
		{name: "the UID of her meeting cancels it", first: "msbookings_scheduled.eml",
			rewrite: func(s string) string { return s }, wantEvent: workflow.EventMeetingCancelled, seen: "replied; no timers"},
		{name: "another UID changes nothing", first: "msbookings_scheduled.eml",
			rewrite: func(s string) string { return strings.ReplaceAll(s, uid, "another-meeting@owner-bookings.example") }, seen: "scheduled"},
		{name: "no meeting kept: nothing to cancel",
			rewrite: func(s string) string { return s }, seen: "requested"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOwnerFixture(t)
			jane := f.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
			if tt.first != "" {
				f.handleMail(booking(t, tt.first))
			}
			o := f.handleMail([]byte(tt.rewrite(string(booking(t, "msbookings_cancelled.eml")))))
			if tt.wantEvent == "" {
				if o.Event != "" {
					t.Fatalf("the cancellation: %+v; want no event", o)
				}
			} else if o.ContactID != jane.ID || o.Event != string(tt.wantEvent) {
				t.Fatalf("the cancellation: %+v; want %s for #%d", o, tt.wantEvent, jane.ID)
			}
			if got := seen(f.read(jane.ID)); !strings.HasPrefix(got, tt.seen) {
				t.Errorf("Jane = %s\nwant    %s…", got, tt.seen)
			}
		})
	}
}
