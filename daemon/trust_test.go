package daemon

import (
	"context"
	"strings"
	"testing"
	"time"

	"rapport/internal/mailstack"
	"rapport/store"
	"rapport/workflow"
)

// Trust on real mail, on Dovecot and Postfix: an answer is known by its
// thread whoever writes it, the owner is proven only by what the
// receiving server wrote, and nothing rapport reads and leaves is ignored
// in silence.

// appendMail files raw in the user's INBOX as a provider that does not
// strip forged header fields would deliver it: nothing is added or taken
// away.
func appendMail(t *testing.T, stack *mailstack.Stack, addr, raw string) {
	t.Helper()
	c := ownerClient(t, stack, addr)
	cmd := c.Append("INBOX", int64(len(raw)), nil)
	if _, err := cmd.Write([]byte(raw)); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := cmd.Wait(); err != nil {
		t.Fatalf("APPEND: %v", err)
	}
}

// problems returns the details of the problems of kind recorded so far.
func (h *harness) problems(kind string) []string {
	h.t.Helper()
	list, err := h.store.Read().ProblemsSince(context.Background(), time.Time{})
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, p := range list {
		if p.Kind == kind {
			out = append(out, p.Detail)
		}
	}
	return out
}

// sentTo waits for the next message of template that the sender settles.
func (h *harness) sentTemplate(template string) store.Outgoing {
	h.t.Helper()
	for {
		select {
		case o := <-h.sent:
			if o.Template == template {
				return o
			}
		case <-time.After(30 * time.Second):
			h.t.Fatalf("no %s left", template)
			return store.Outgoing{}
		}
	}
}

// Fatima answers her request from her home address: it is her answer, the
// address becomes hers, the owner is told how to undo it, and undoing it
// by mail works.
func TestDovecotAnswerFromAnotherAddress(t *testing.T) {
	h, stack, owner := commandHarness(t)
	fatima := h.contact("Fatima Al-Sayed", "fatima@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()

	reply := mail("Fatima Al-Sayed <fatima@home.example>", "Re: A short conversation", "r1@home.example", "req-1@owner.example", time.Now())
	if err := stack.Deliver("fatima@home.example", []string{owner}, []byte(reply)); err != nil {
		t.Fatal(err)
	}
	if m := h.waitHandled(); m.event != string(workflow.EventReplyReceived) {
		t.Fatalf("her answer from home was handled as %+v, want reply_received", m)
	}
	st := h.status(fatima.ID)
	if st.Status != workflow.StatusReplied {
		t.Fatalf("Fatima = %s, want replied", st.Status)
	}
	if _, ok := st.Timers[workflow.TimerNudge]; ok {
		t.Fatalf("a nudge is still due after she answered")
	}
	ctx := context.Background()
	if id, err := h.store.Read().ContactIDByEmail(ctx, "fatima@home.example"); err != nil || id != fatima.ID {
		t.Fatalf("fatima@home.example belongs to #%d (%v), want #%d", id, err, fatima.ID)
	}
	notice := h.sentTemplate("notice_reply")
	if !strings.Contains(notice.Body, "from fatima@home.example, now one of their addresses") ||
		!strings.Contains(notice.Body, "forget fatima@home.example") {
		t.Fatalf("the reply notice does not tell of the new address and how to undo it:\n%s", notice.Body)
	}

	answer := ownerMail(owner, owner, "Re: "+notice.Subject, "forget-1@owner.example", notice.MessageID, "forget fatima@home.example\n")
	submit(t, stack, owner, []string{owner}, answer)
	h.submitted++
	h.waitEvent("commands")
	if id, _ := h.store.Read().ContactIDByEmail(ctx, "fatima@home.example"); id != 0 {
		t.Fatalf("fatima@home.example still belongs to #%d after forget", id)
	}
	r := h.waitReceipt(stack, owner, "forget-1@owner.example")
	wantLines(t, "receipt", r.Text, "fatima@home.example is no longer one of their addresses")
}

// The last look before a nudge finds an answer by its thread, from an
// address rapport has never seen, before the watcher has handled it.
func TestLastLookFindsAnAnswerByThread(t *testing.T) {
	sink := startSink(t, nil)
	h, stack, owner, clock := sendHarness(t, sink.mailer(t))
	fatima := h.contact("Fatima Al-Sayed", "fatima@acme.example", workflow.StatusRequested, "req-1@owner.example")
	d, err := New(Options{Config: h.cfg, Store: h.store, Tracker: h.track, Log: testSlog(t), CommandTimeout: 10 * time.Second,
		TLS: stack.TLSConfig(), Mailer: h.mailer, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	s := d.send // driven by hand, with no watcher to handle the mailbox
	ctx := context.Background()
	nudge := &store.Outgoing{ContactID: fatima.ID, Template: "nudge", Status: store.OutboxApproved, MessageID: "nudge-1@owner.example",
		InReplyTo: "req-1@owner.example", To: "fatima@acme.example", Subject: "Re: A short conversation", Body: "Following up"}
	h.insert(nudge)
	clock.Add(time.Minute)
	reply := mail("Fatima <f.alsayed@mailbox.example>", "Re: A short conversation", "r1@mailbox.example", "req-1@owner.example", time.Now())
	if err := stack.Deliver("f.alsayed@mailbox.example", []string{owner}, []byte(reply)); err != nil {
		t.Fatal(err)
	}
	name, _, _ := strings.Cut(owner, "@")
	if err := stack.WaitDelivered(ctx, name, 1); err != nil {
		t.Fatal(err)
	}
	if err := s.sendOne(ctx, *nudge); err != nil {
		t.Fatal(err)
	}
	got, _ := h.store.Read().Outgoing(ctx, nudge.ID)
	if got.Status != store.OutboxApproved || !strings.Contains(got.LastError, "held back") {
		t.Fatalf("with her answer in the mailbox the nudge is %s (%q), want held back", got.Status, got.LastError)
	}
	if n := len(sink.messages()); n != 0 {
		t.Fatalf("the server received %d nudges, want none", n)
	}
}
