package daemon

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// Reports that a message did not arrive but the address may be good,
// delivered through Postfix into Dovecot and read by the daemon: a
// warning that the server is still trying is only noted; soft bounces
// count, a second copy of one counts once, and the third closes the
// contact with the notice a permanent bounce gives.
func TestDovecotSoftBouncesCloseTheContactAtTheThird(t *testing.T) {
	h, stack, owner := commandHarness(t)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()
	report := func(id, action, status string) []byte {
		subject := "Undelivered Mail Returned to Sender"
		if action == "delayed" {
			subject = "Delayed Mail (still being retried)"
		}
		words := status + " <jane@acme.example>: Mailbox full, try again later"
		return []byte("From: MAILER-DAEMON@mx.relay.example (Mail Delivery System)\r\nTo: " + owner + "\r\nSubject: " + subject + "\r\n" +
			"Date: " + time.Now().Format(time.RFC1123Z) + "\r\nMessage-ID: <" + id + ">\r\nAuto-Submitted: auto-replied\r\n" +
			"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n" +
			"--b\r\nContent-Type: text/plain\r\n\r\n<jane@acme.example>: host mx.acme.example[192.0.2.25] said: 452 " + words + "\r\n\r\n" +
			"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.relay.example\r\n\r\n" +
			"Final-Recipient: rfc822; jane@acme.example\r\nAction: " + action + "\r\nStatus: " + status + "\r\n" +
			"Diagnostic-Code: smtp; 452 " + words + "\r\n\r\n" +
			"--b\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: Alex Example <" + owner + ">\r\nTo: Jane Doe <jane@acme.example>\r\n" +
			"Subject: A short conversation\r\nMessage-ID: <req-1@owner.example>\r\n\r\n--b--\r\n")
	}
	deliver := func(raw []byte, event string) {
		t.Helper()
		if err := stack.Deliver("", []string{owner}, raw); err != nil {
			t.Fatal(err)
		}
		if m := h.waitHandled(); m.contact != jane.ID || m.event != event {
			t.Fatalf("the report was handled as %+v, want Jane's with event %q", m, event)
		}
	}
	bounceNotices := func() int {
		list, err := h.store.Read().ListOutbox(context.Background(), store.OutboxFilter{Audience: store.AudienceOwner})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, o := range list {
			if o.Template == "notice_"+workflow.NoticeBounce {
				n++
			}
		}
		return n
	}

	deliver(report("delay-1@mx.relay.example", "delayed", "4.2.2"), "")
	deliver(report("soft-1@mx.relay.example", "failed", "4.2.2"), "")
	deliver(report("soft-1@mx.relay.example", "failed", "4.2.2"), "") // a second copy of the same report
	deliver(report("soft-2@mx.relay.example", "failed", "4.2.2"), "")
	if p := h.problems(store.ProblemSoftBounce); len(p) != 2 || !strings.Contains(p[0], "soft bounce 1 of 3") || !strings.Contains(p[1], "soft bounce 2 of 3") {
		t.Fatalf("the digest's soft bounces = %q; want 1 of 3 and 2 of 3, the copy and the delay not counted", p)
	}
	if n, st := bounceNotices(), h.status(jane.ID).Status; n != 0 || st != workflow.StatusRequested {
		t.Fatalf("after two soft bounces: %d bounce notices, status %s; want none, requested", n, st)
	}
	if got, want := strings.Join(h.history(jane.ID), " "), strings.Repeat(" "+store.EntryDelivery, 3); !strings.HasSuffix(got, want) {
		t.Fatalf("Jane's history = %s; want it to end with the delay and the two soft bounces", got)
	}

	deliver(report("soft-3@mx.relay.example", "failed", "4.2.2"), string(workflow.EventBounceReceived))
	notice := h.sentTemplate("notice_" + workflow.NoticeBounce)
	for _, want := range []string{"could not be delivered to jane@acme.example", "Status 4.2.2", "452 4.2.2 <jane@acme.example>: Mailbox full"} {
		if !strings.Contains(notice.Body, want) {
			t.Errorf("the bounce notice lacks %q:\n%s", want, notice.Body)
		}
	}
	if st := h.status(jane.ID); st.Status != workflow.StatusBounced || len(st.Timers) != 0 {
		t.Fatalf("after the third soft bounce Jane is %s with timers %v, want bounced with none", st.Status, st.Timers)
	}
	if n := bounceNotices(); n != 1 {
		t.Fatalf("%d bounce notices, want one", n)
	}
}
