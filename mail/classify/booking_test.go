package classify

import (
	"slices"
	"strings"
	"testing"
)

func TestSchedulingLinks(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"Calendly link in a sentence, trailing full stop dropped", "Sure! Grab a slot here: https://calendly.com/jane-doe/30min.", []string{"https://calendly.com/jane-doe/30min"}},
		{"Cal.com link without a scheme", "Book me at cal.com/jane/15min and we'll talk", []string{"https://cal.com/jane/15min"}},
		{"Google appointment schedule short link in angle brackets", "Pick any time <https://calendar.app.google/AbCdEf123>", []string{"https://calendar.app.google/AbCdEf123"}},
		{"Microsoft Bookings page", "Use (https://outlook.office365.com/book/JaneDoe@acme.example/) please", []string{"https://outlook.office365.com/book/JaneDoe@acme.example/"}},
		{"Outlook's other pages are no booking page", "see https://outlook.office365.com/mail/inbox", nil},
		{"a service's home page books nobody", "we use https://calendly.com/ at work", nil},
		{"an address at a service is no link", "write to support@calendly.com", nil},
		{"a look-alike host is not the service", "https://calendly.com.evil.example/x and https://notcal.com/jane", nil},
		{"a link that manages a booking made is no page to book on", "View: https://calendly.com/scheduled_events/ABC and https://app.cal.com/video/XYZ, cancel https://cal.com/booking/XYZ?cancel=true", nil},
		{"subdomain of a known host", "https://acme.youcanbook.me/ slot", nil},
		{"subdomain with a path", "https://acme.youcanbook.me/jane", []string{"https://acme.youcanbook.me/jane"}},
		{"the owner's link quoted back is not theirs", "Done, booked.\n\n> Here is my link: https://calendly.com/alex/chat\n", nil},
		{"nothing after On … wrote:", "Thanks!\n\nOn Mon, 23 Nov 2026, Alex wrote:\nhttps://calendly.com/alex/chat\n", nil},
		{"the same link twice is named once, at most three", "https://calendly.com/a/1 https://calendly.com/a/1 https://cal.com/b/2 https://tidycal.com/c/3 https://zcal.co/d/4",
			[]string{"https://calendly.com/a/1", "https://cal.com/b/2", "https://tidycal.com/c/3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SchedulingLinks(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("SchedulingLinks(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestBookingMail(t *testing.T) {
	const ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:x1\r\nDTSTART:20261203T140000Z\r\nDTEND:20261203T143000Z\r\n" +
		"ORGANIZER:mailto:alex@owner.example\r\nATTENDEE;CN=Jane Doe:mailto:jane@acme.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	mail := func(from, subject, body, attachment string) []byte {
		var b strings.Builder
		b.WriteString("From: " + from + "\r\nTo: alex@owner.example\r\nSubject: " + subject + "\r\nMessage-ID: <b1@x.example>\r\n")
		b.WriteString("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n" + body + "\r\n")
		if attachment != "" {
			b.WriteString("--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"" + attachment + "\"\r\n\r\n" + ics)
		}
		b.WriteString("--b--\r\n")
		return []byte(b.String())
	}
	tests := []struct {
		name               string
		raw                []byte
		service, invitee   string
		cancelled, hasLink bool
	}{
		{"Calendly's notification names the invitee on the line under its label", mail("Calendly <notifications@calendly.com>", "New Event: Jane Doe", "Invitee:\r\nJane Doe\r\n\r\nInvitee Email:\r\njane@acme.example\r\n", ""), "Calendly", "jane@acme.example", false, false},
		{"Calendly's cancellation", mail("Calendly <no-reply@calendly.com>", "Canceled: Jane Doe and Alex", "Invitee Email: <jane@acme.example>", ""), "Calendly", "jane@acme.example", true, false},
		{"Cal.com sends as the organizer's name from its own address", mail("Jane Doe <noreply@cal.com>", "Cancelled event: 30 Min", "Email\r\njane@acme.example", "invite.ics"), "Cal.com", "jane@acme.example", true, false},
		{"Google Calendar's sender", mail("Google Calendar <calendar-notification@google.com>", "Invitation: chat", "Invitation from Google Calendar", "invite.ics"), "Google Calendar", "", false, false},
		{"Microsoft Bookings' attachment from any mailbox", mail("Careers <careers@owner-bookings.example>", "New booking", "Customer: Jane Doe", "BookingConfirmation.ics"), "Microsoft Bookings", "", false, false},
		{"a person's mail with a link is no booking", mail("Jane Doe <jane@acme.example>", "Re: chat", "Grab a slot: https://calendly.com/jane/30min", ""), "", "", false, true},
		{"a calendar program's booking.ics is no Bookings confirmation", mail("Jane Doe <jane@acme.example>", "Meeting", "see attached", "booking.ics"), "", "", false, false},
		{"a look-alike domain is no service", mail("Calendly <notifications@calendly.com.evil.example>", "New Event: x", "Invitee Email: x@y.example", ""), "", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Parse(tt.raw)
			if (len(m.BookingLinks) > 0) != tt.hasLink {
				t.Errorf("BookingLinks = %q, want some: %v", m.BookingLinks, tt.hasLink)
			}
			if tt.service == "" {
				if m.Booking != nil {
					t.Fatalf("Booking = %+v, want none", m.Booking)
				}
				return
			}
			if m.Booking == nil {
				t.Fatalf("no Booking; kind %s (%s)", m.Kind, m.Reason)
			}
			if m.Booking.Service != tt.service || m.Booking.Invitee != tt.invitee || m.Booking.Cancelled != tt.cancelled {
				t.Errorf("Booking = %+v, want %s, invitee %q, cancelled %v", *m.Booking, tt.service, tt.invitee, tt.cancelled)
			}
		})
	}
}
