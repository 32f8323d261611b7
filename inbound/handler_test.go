package inbound

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

const postfixBounce = "From: MAILER-DAEMON@mx.owner.example (Mail Delivery System)\r\n" +
	"To: alex@owner.example\r\nSubject: Undelivered Mail Returned to Sender\r\n" +
	"Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <bounce-1@mx.owner.example>\r\n" +
	"Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n" +
	"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n" +
	"--B\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your message could not be delivered.\r\n\r\n" +
	"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.owner.example\r\n\r\n" +
	"Final-Recipient: rfc822; gone@acme.example\r\nAction: failed\r\nStatus: 5.1.1\r\n" +
	"Diagnostic-Code: smtp; 550 5.1.1 <gone@acme.example>: Recipient address rejected\r\n\r\n" +
	"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: alex@owner.example\r\nTo: gone@acme.example\r\n" +
	"Subject: A short conversation\r\nMessage-ID: <req-9@owner.example>\r\n\r\n--B--\r\n"

func TestBounceClosesTheContact(t *testing.T) {
	f := newFixture(t)
	gone := f.contact("Gone Person", "gone@acme.example", workflow.StatusRequested, "req-9@owner.example")
	o := f.handle(postfixBounce)[0]
	if o.ContactID != gone.ID || o.Event != string(workflow.EventBounceReceived) {
		t.Fatalf("bounce outcome = %+v, want bounce_received for #%d", o, gone.ID)
	}
	if st := f.status(gone.ID); st.Status != workflow.StatusBounced || len(st.Timers) != 0 {
		t.Fatalf("after the bounce: %s, timers %v; want bounced, none", st.Status, st.Timers)
	}
}

func TestOutOfOfficeMovesTheNudge(t *testing.T) {
	f := newFixture(t)
	jane := f.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	before := f.status(jane.ID).Timers[workflow.TimerNudge]
	raw := mail("Jane Doe <jane@acme.example>", "Automatic reply: A short conversation", "ooo-1@acme.example", "req-1@owner.example",
		time.Now(), "Auto-Submitted: auto-replied")
	raw = strings.Replace(raw, "Happy to talk! How about Thursday?", "I am out of the office until "+time.Now().AddDate(0, 1, 0).Format("January 2, 2006")+" with limited access to email.", 1)
	o := f.handle(raw)[0]
	if o.Event != string(workflow.EventAutoReplyReceived) {
		t.Fatalf("out-of-office outcome = %+v", o)
	}
	st := f.status(jane.ID)
	if st.Status != workflow.StatusRequested || !st.Timers[workflow.TimerNudge].After(before.AddDate(0, 0, 14)) || st.ReturnDate.IsZero() {
		t.Fatalf("after the out-of-office: %s, nudge %s (was %s), back %s; want the nudge after the return date",
			st.Status, st.Timers[workflow.TimerNudge], before, st.ReturnDate)
	}
}

func TestInvitationSchedulesAndOldUpdatesAreIgnored(t *testing.T) {
	f := newFixture(t)
	jane := f.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	invite := func(seq int, start string) string {
		return "From: Jane Doe <jane@acme.example>\r\nTo: alex@owner.example\r\nSubject: Invitation: Coffee chat\r\n" +
			"Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <inv-" + start + "@acme.example>\r\nMIME-Version: 1.0\r\n" +
			"Content-Type: text/calendar; method=REQUEST; charset=utf-8\r\n\r\n" +
			"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:chat-1@acme.example\r\n" +
			"SEQUENCE:" + string(rune('0'+seq)) + "\r\nDTSTART:" + start + "\r\nDTEND:" + start[:11] + "3000Z\r\n" +
			"ORGANIZER;CN=Jane Doe:mailto:jane@acme.example\r\nATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:alex@owner.example\r\n" +
			"SUMMARY:Coffee chat\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	}
	if o := f.handle(invite(1, "20261203T090000Z"))[0]; o.Event != string(workflow.EventMeetingScheduled) {
		t.Fatalf("invitation outcome = %+v, want meeting_scheduled", o)
	}
	if o := f.handle(invite(2, "20261204T090000Z"))[0]; o.Event != string(workflow.EventMeetingMoved) {
		t.Fatalf("updated invitation outcome = %+v, want meeting_moved", o)
	}
	if o := f.handle(invite(1, "20261205T090000Z"))[0]; o.Event != "" {
		t.Fatalf("an older update was applied: %+v", o)
	}
	st := f.status(jane.ID)
	if st.Status != workflow.StatusScheduled || st.Meeting == nil || !st.Meeting.Start.Equal(time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("meeting = %+v, want scheduled on 4 December 09:00 UTC", st.Meeting)
	}
}

// An answer to an approval notice counts only when the owner's provider
// authenticated it: a forged From, or a result written by a server the
// owner did not name, leaves the draft waiting. A contact's mail that
// says "send" is a reply like any other.
func TestApprovalNeedsAuthentication(t *testing.T) {
	f := newFixture(t)
	jane := f.contact("Jane Doe", "jane@acme.example", workflow.StatusNew, "")
	f.contact("Sam Roe", "sam@firm.example", workflow.StatusRequested, "req-sam@owner.example")
	f.h.RequireAuth, f.h.AuthServIDs = true, []string{"mx.owner.example"}
	ctx := context.Background()
	draft := &store.Outgoing{ContactID: jane.ID, Template: "request", Status: store.OutboxDraft, MessageID: "req-1@owner.example",
		To: "jane@acme.example", Subject: "Hello", Body: "Hello Jane"}
	notice := &store.Outgoing{ContactID: jane.ID, Template: "notice_approve", Audience: store.AudienceOwner, Status: store.OutboxSent,
		MessageID: "notice-1@owner.example", To: "alex@owner.example", Subject: "approve", Body: "send or skip"}
	err := f.store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.InsertOutgoing(ctx, draft, time.Now()); err != nil {
			return err
		}
		notice.About = draft.ID
		return tx.InsertOutgoing(ctx, notice, time.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	answer := func(uid uint32, from string, extra ...string) Outcome {
		raw := mail(from, "Re: approve", fmt.Sprintf("answer-%d@owner.example", uid), "notice-1@owner.example", time.Now(), extra...)
		raw = strings.Replace(raw, "Happy to talk! How about Thursday?", "send", 1)
		return f.handle(raw)[0]
	}
	status := func() string {
		o, err := f.store.Read().Outgoing(ctx, draft.ID)
		if err != nil {
			t.Fatal(err)
		}
		return o.Status
	}
	if o := answer(1, "Alex <alex@owner.example>"); o.Event != "" || !strings.Contains(o.Note, "not authenticated") || status() != store.OutboxDraft {
		t.Fatalf("a forged answer: %+v, draft %s; want it ignored", o, status())
	}
	if o := answer(2, "Alex <alex@owner.example>", "Authentication-Results: mx.attacker.example; dkim=pass header.d=owner.example"); o.Event != "" || status() != store.OutboxDraft {
		t.Fatalf("an answer vouched for by a stranger's server: %+v, draft %s; want it ignored", o, status())
	}
	if o := answer(3, "Sam Roe <sam@firm.example>"); o.Event == "approved" || status() != store.OutboxDraft {
		t.Fatalf("another contact's \"send\": %+v, draft %s; want the draft untouched", o, status())
	}
	if o := answer(4, "Alex <alex@owner.example>", "Authentication-Results: mx.owner.example; dkim=pass header.d=owner.example"); o.Event != "approved" || status() != store.OutboxApproved {
		t.Fatalf("an authenticated answer: %+v, draft %s; want it approved", o, status())
	}
}
