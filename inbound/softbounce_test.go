package inbound

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/outbox/digest"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// dsn writes a Postfix-shaped delivery report about rapport's request
// req-1@owner.example to kim@example.org: action and status as the
// report gives them, and the returned header (so that the report threads
// to the request) unless byAddress, when only the failed address names
// the contact.
func dsn(id, action, status string, byAddress bool) string {
	subject, words := "Undelivered Mail Returned to Sender", "452 4.2.2 <kim@example.org>: Mailbox full, try again later"
	switch {
	case action == "delayed":
		subject = "Delayed Mail (still being retried)"
	case strings.HasPrefix(status, "5"):
		words = "550 5.1.1 <kim@example.org>: Recipient address rejected: User unknown"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "From: MAILER-DAEMON@mx.owner.example (Mail Delivery System)\r\nTo: alex@owner.example\r\nSubject: %s\r\n", subject)
	fmt.Fprintf(&b, "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <%s>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n", id)
	b.WriteString("Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n")
	b.WriteString("--B\r\nContent-Type: text/plain\r\n\r\nThis is the mail system at host mx.owner.example.\r\n\r\n")
	fmt.Fprintf(&b, "<kim@example.org>: host mx.example.org[192.0.2.25] said: %s\r\n\r\n", words)
	b.WriteString("--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.owner.example\r\n\r\n")
	fmt.Fprintf(&b, "Final-Recipient: rfc822; kim@example.org\r\nAction: %s\r\nStatus: %s\r\nDiagnostic-Code: smtp; %s\r\n\r\n", action, status, words)
	if !byAddress {
		b.WriteString("--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: alex@owner.example\r\nTo: kim@example.org\r\n" +
			"Subject: A short conversation\r\nMessage-ID: <req-1@owner.example>\r\n\r\n")
	}
	b.WriteString("--B--\r\n")
	return b.String()
}

// A delay is written down and never counted; a soft failure counts for
// the address, and the third in a row without mail from it between them
// makes it failed, as a permanent failure does at once. Each row is one
// message handled in a batch of its own (or, for "crash", handled in a
// transaction that dies before its commit); the outcome is the event
// applied, else the note on why none was.
func TestSoftBouncesCountUntilTheAddressFails(t *testing.T) {
	type step struct{ raw, want string }
	delay := func(n int) step {
		return step{dsn(fmt.Sprintf("delay-%d@mx.owner.example", n), "delayed", "4.4.1", false), "a delivery delay: the server is still trying"}
	}
	soft := func(n int, want string) step {
		return step{dsn(fmt.Sprintf("soft-%d@mx.owner.example", n), "failed", "4.2.2", false), want}
	}
	bounced := string(workflow.EventBounceReceived)
	reply := step{mail("Kim Lee <kim@example.org>", "Re: A short conversation", "reply-1@example.org", "req-1@owner.example", time.Now()),
		string(workflow.EventReplyReceived)}
	colleague := step{mail("Dana Park <dana@example.org>", "Re: A short conversation", "dana-1@example.org", "req-1@owner.example", time.Now()),
		string(workflow.EventReplyReceived)}
	away := step{mail("Kim Lee <kim@example.org>", "Automatic reply: A short conversation", "ooo-1@example.org", "req-1@owner.example", time.Now(),
		"Auto-Submitted: auto-replied"), string(workflow.EventAutoReplyReceived)}
	const crash = "crash"
	tests := []struct {
		name  string
		steps []step
	}{
		{"delays never count", []step{delay(1), delay(2), delay(3), delay(4), soft(1, "soft bounce 1 of 3")}},
		{"three soft failures fail the address", []step{soft(1, "soft bounce 1 of 3"), soft(2, "soft bounce 2 of 3"), soft(3, bounced)}},
		{"found by the failed address alone", []step{
			{dsn("a@mx.owner.example", "failed", "4.2.2", true), "soft bounce 1 of 3"},
			{dsn("b@mx.owner.example", "failed", "4.7.1", true), "soft bounce 2 of 3"},
			{dsn("c@mx.owner.example", "failed", "4.4.7", true), bounced}}},
		{"delays between failures change nothing", []step{soft(1, "soft bounce 1 of 3"), delay(1), soft(2, "soft bounce 2 of 3"), delay(2), soft(3, bounced)}},
		{"a reply from the address starts the count again", []step{soft(1, "soft bounce 1 of 3"), soft(2, "soft bounce 2 of 3"), reply,
			soft(3, "soft bounce 1 of 3"), soft(4, "soft bounce 2 of 3")}},
		{"so does an automatic reply from it", []step{soft(1, "soft bounce 1 of 3"), soft(2, "soft bounce 2 of 3"), away, soft(3, "soft bounce 1 of 3")}},
		{"a colleague's answer in the thread does not", []step{soft(1, "soft bounce 1 of 3"), soft(2, "soft bounce 2 of 3"), colleague, soft(3, bounced)}},
		{"the same report read twice counts once", []step{soft(1, "soft bounce 1 of 3"), soft(1, "seen before"), soft(2, "soft bounce 2 of 3")}},
		{"a report whose batch died before its commit counts once", []step{{soft(1, "").raw, crash}, soft(1, "soft bounce 1 of 3"), soft(2, "soft bounce 2 of 3")}},
		{"a permanent failure needs no count", []step{soft(1, "soft bounce 1 of 3"), {dsn("hard@mx.owner.example", "failed", "5.1.1", false), bounced}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			kim := f.contact("Kim Lee", "kim@example.org", workflow.StatusRequested, "req-1@owner.example")
			for i, s := range tt.steps {
				if s.want == crash {
					f.crash(s.raw)
					continue
				}
				o := f.handle(s.raw)[0]
				got := o.Event
				if got == "" {
					got = o.Note
				}
				if got != s.want || o.ContactID != kim.ID && o.New {
					t.Fatalf("step %d: outcome %q (contact #%d), want %q for #%d", i+1, got, o.ContactID, s.want, kim.ID)
				}
			}
		})
	}
}

// crash handles raw in a transaction that fails after Handle, as a batch
// does when rapport dies before committing it.
func (f *fixture) crash(raw string) {
	f.t.Helper()
	f.uid++
	header, _, _ := strings.Cut(raw, "\r\n\r\n")
	batch := []Message{{UID: f.uid, Header: []byte(header + "\r\n\r\n"), Parsed: classify.Parse([]byte(raw))}}
	died := errors.New("rapport died")
	err := f.store.WithTx(context.Background(), func(tx *store.Tx) error {
		if _, err := f.h.Handle(context.Background(), tx, "INBOX", batch, false); err != nil {
			return err
		}
		return died
	})
	if !errors.Is(err, died) {
		f.t.Fatalf("Handle() in the dying batch: %v", err)
	}
}

// What the owner sees: a delay only in the contact's timeline; each soft
// bounce before the third in the timeline and the digest ("soft bounce 1
// of 3"); the third as a bounce, with the notice and the digest's bounces
// a permanent failure gets.
func TestSoftBouncesAsTheOwnerSeesThem(t *testing.T) {
	f := newOwnerFixture(t)
	kim := f.contact("Kim Lee", "kim@example.org", workflow.StatusRequested, "req-1@owner.example")
	notices := func() (n int) {
		for _, o := range f.toOwner() {
			if o.Template == "notice_"+workflow.NoticeBounce {
				n++
			}
		}
		return n
	}
	timeline := func() []store.Entry {
		list, err := f.store.Read().History(context.Background(), kim.ID)
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	last := func() store.Entry { l := timeline(); return l[len(l)-1] }

	f.handleMail([]byte(dsn("delay-1@mx.owner.example", "delayed", "4.4.1", false)))
	if e := last(); e.Kind != store.EntryDelivery || !strings.HasPrefix(e.Detail, "delivery delayed: kim@example.org, 4.4.1") {
		t.Fatalf("after a delay the timeline ends with %s %q, want the delay", e.Kind, e.Detail)
	}
	if p := f.problems(); len(p) != 0 || notices() != 0 || f.read(kim.ID).State.Status != workflow.StatusRequested {
		t.Fatalf("after a delay: problems %v, %d bounce notices, status %s; want none, none, requested", p, notices(), f.read(kim.ID).State.Status)
	}

	for i := 1; i <= 2; i++ {
		f.handleMail([]byte(dsn(fmt.Sprintf("soft-%d@mx.owner.example", i), "failed", "4.2.2", false)))
		want := fmt.Sprintf("soft bounce %d of 3: kim@example.org, 4.2.2: 452 4.2.2 <kim@example.org>: Mailbox full", i)
		if e := last(); e.Kind != store.EntryDelivery || !strings.HasPrefix(e.Detail, want) {
			t.Fatalf("after soft bounce %d the timeline ends with %s %q, want %q", i, e.Kind, e.Detail, want)
		}
	}
	if notices() != 0 || f.read(kim.ID).State.Status != workflow.StatusRequested {
		t.Fatalf("after two soft bounces: %d bounce notices, status %s; want none yet, requested", notices(), f.read(kim.ID).State.Status)
	}
	info, err := digest.Build(context.Background(), f.store.Read(), digest.Options{Now: ownerNow, Since: ownerNow.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	var soft []string
	for _, g := range info.Problems {
		for _, it := range g.Items {
			if g.Key == "soft_bounces" {
				soft = append(soft, it.Text)
			}
		}
	}
	if len(soft) != 2 || !strings.Contains(soft[1], "#1 Kim Lee: soft bounce 1 of 3, the mail did not arrive: kim@example.org, 4.2.2: 452 4.2.2") ||
		!strings.Contains(soft[0], "soft bounce 2 of 3") {
		t.Fatalf("the digest's soft bounces = %q; want 2 of 3, then 1 of 3", soft)
	}

	o := f.handleMail([]byte(dsn("soft-3@mx.owner.example", "failed", "4.2.2", false)))
	if o.Event != string(workflow.EventBounceReceived) || f.read(kim.ID).State.Status != workflow.StatusBounced || notices() != 1 {
		t.Fatalf("after the third soft bounce: %+v, status %s, %d bounce notices; want bounced and one notice", o, f.read(kim.ID).State.Status, notices())
	}
	// The notice says why a temporary failure closed the contact.
	for _, n := range f.toOwner() {
		if n.Template == "notice_"+workflow.NoticeBounce && !strings.Contains(strings.Join(strings.Fields(n.Body), " "),
			"The last 3 messages to that address failed with temporary errors, and nothing came from it in between: rapport now treats the address as failed.") {
			t.Fatalf("the bounce notice does not say the address failed by soft bounces:\n%s", n.Body)
		}
	}
	if e := last(); e.Kind != string(workflow.EventBounceReceived) || !strings.HasPrefix(e.Why, "three soft bounces: bounce from ") ||
		!strings.Contains(e.Detail, "kim@example.org failed with 4.2.2") {
		t.Fatalf("the bounce's history = %s why %q detail %q; want three soft bounces and the status", e.Kind, e.Why, e.Detail)
	}
	info, err = digest.Build(context.Background(), f.store.Read(), digest.Options{Now: ownerNow, Since: ownerNow.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Problems) == 0 || info.Problems[0].Key != "bounces" || info.Problems[0].Items[0].ID != kim.ID {
		t.Fatalf("the digest's problems = %+v; want Kim in the bounces first", info.Problems)
	}
}
