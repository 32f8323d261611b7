package daemon

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
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

// wantNoReceipt fails the test if rapport wrote any receipt: what, such
// as "a forged mail", says whose mail must not have had one.
func (h *harness) wantNoReceipt(what string) {
	h.t.Helper()
	list, err := h.store.Read().ListOutbox(context.Background(), store.OutboxFilter{Audience: store.AudienceOwner})
	if err != nil {
		h.t.Fatal(err)
	}
	for _, o := range list {
		if o.Template == "receipt" {
			h.t.Fatalf("%s got a receipt: %q", what, o.Subject)
		}
	}
}

// drafted moves c to drafted: the request is written, and in approve
// mode its notice_approve goes to the owner.
func (h *harness) drafted(c *store.Contact) {
	h.t.Helper()
	ctx := context.Background()
	err := h.store.WithTx(ctx, func(tx *store.Tx) error {
		_, err := h.track.Apply(ctx, tx, c, workflow.Event{Kind: workflow.EventRequestDrafted}, time.Now(), store.SourceCLI)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
}

// sentTemplate waits for the next message of template that the sender
// settles.
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
	// Mail to the owner is marked automatic (RFC 3834): no responder of
	// theirs answers it.
	ours := 0
	for _, m := range h.inbox(stack, owner) {
		if _, err := h.store.Read().OutgoingByMessageID(ctx, m.MessageID); err != nil {
			continue // the owner's own
		}
		ours++
		if m.AutoSubmitted != "auto-generated" {
			t.Errorf("%q reached the owner with Auto-Submitted %q, want auto-generated", m.Subject, m.AutoSubmitted)
		}
	}
	if ours < 2 {
		t.Errorf("%d of rapport's messages in the owner's inbox, want the notice and the receipt", ours)
	}
}

// A display name that holds a contact's address does not make the mail
// theirs: the address is the one in angle brackets.
func TestDovecotDisplayNameSpoofIsNotAnAnswer(t *testing.T) {
	h, stack, owner := dovecotHarness(t)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()
	spoof := mail("jane@acme.example <eve@evil.example>", "Re: A short conversation", "spoof-1@evil.example", "", time.Now())
	if err := stack.Deliver("eve@evil.example", []string{owner}, []byte(spoof)); err != nil {
		t.Fatal(err)
	}
	if m := h.waitHandled(); m.contact != 0 || m.event != "" {
		t.Fatalf("the spoof was handled as %+v, want a stranger's mail", m)
	}
	if st := h.status(jane.ID); st.Status != workflow.StatusRequested {
		t.Fatalf("Jane = %s after a stranger named her in a display name, want requested", st.Status)
	}
}

// A contact's answer too big to read whole still counts as their answer,
// and the digest's problems say the owner must read it.
func TestDovecotAnswerTooBigToReadIsAnAnswer(t *testing.T) {
	h, stack, owner := dovecotHarness(t)
	h.cfg.IMAP.MaxMessageMiB = 1
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()
	reply := mail("Jane Doe <jane@acme.example>", "Re: A short conversation", "big-1@acme.example", "req-1@owner.example", time.Now())
	reply = strings.Replace(reply, "Happy to talk! How about Thursday?\r\n", "Happy to talk!\r\n"+strings.Repeat(strings.Repeat("x", 76)+"\r\n", 20000), 1)
	if err := stack.Deliver("jane@acme.example", []string{owner}, []byte(reply)); err != nil {
		t.Fatal(err)
	}
	if m := h.waitHandled(); m.event != string(workflow.EventReplyReceived) {
		t.Fatalf("the big answer was handled as %+v, want reply_received", m)
	}
	if st := h.status(jane.ID); st.Status != workflow.StatusReplied {
		t.Fatalf("Jane = %s, want replied", st.Status)
	}
	if p := h.problems(store.ProblemUnreadable); len(p) != 1 || !strings.Contains(p[0], "size limit") {
		t.Fatalf("problems = %q, want the answer too big to read", p)
	}
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

// Notices a crash left unsettled are found in the owner's INBOX, where
// they land, though the Sent folder has no copy: the one interrupted after
// the end of data, and the one an earlier run left uncertain.
func TestNoticesSettledFromTheInbox(t *testing.T) {
	sink := startSink(t, nil)
	h, stack, owner, _ := sendHarness(t, sink.mailer(t))
	jane := h.newContact("Jane Doe", "jane@acme.example", workflow.StatusNew)
	interrupted := &store.Outgoing{ContactID: jane.ID, Template: "notice_reply", Audience: store.AudienceOwner, Status: store.OutboxSending,
		MessageID: "notice-1@owner.example", To: owner, Subject: "rapport: Jane Doe replied (#1)", Body: "Jane replied."}
	uncertain := &store.Outgoing{ContactID: jane.ID, Template: "notice_reply", Audience: store.AudienceOwner, Status: store.OutboxUncertain,
		MessageID: "notice-2@owner.example", To: owner, Subject: "rapport: Jane Doe replied (#1)", Body: "Jane replied again."}
	missing := &store.Outgoing{ContactID: jane.ID, Template: "notice_reply", Audience: store.AudienceOwner, Status: store.OutboxSending,
		MessageID: "notice-3@owner.example", To: owner, Subject: "rapport: Jane Doe replied (#1)", Body: "Lost."}
	for _, o := range []*store.Outgoing{interrupted, uncertain, missing} {
		h.insert(o)
	}
	ctx := context.Background()
	for _, o := range []*store.Outgoing{interrupted, missing} {
		if err := h.store.WithTx(ctx, func(tx *store.Tx) error { return tx.MarkEndOfData(ctx, o.ID, time.Now()) }); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"notice-1@owner.example", "notice-2@owner.example"} {
		raw := mail("rapport <"+owner+">", "rapport: Jane Doe replied (#1)", id, "", time.Now(), "Auto-Submitted: auto-generated")
		if err := stack.Deliver(owner, []string{owner}, []byte(raw)); err != nil {
			t.Fatal(err)
		}
	}
	name, _, _ := strings.Cut(owner, "@")
	if err := stack.WaitDelivered(ctx, name, 2); err != nil {
		t.Fatal(err)
	}
	h.start()
	settled := map[int64]string{}
	for len(settled) < 3 {
		o := <-h.sent
		settled[o.ID] = o.Status
	}
	if settled[interrupted.ID] != store.OutboxSent || settled[uncertain.ID] != store.OutboxSent || settled[missing.ID] != store.OutboxUncertain {
		t.Fatalf("interrupted %s, uncertain %s, missing %s; want sent, sent (both are in the INBOX), uncertain",
			settled[interrupted.ID], settled[uncertain.ID], settled[missing.ID])
	}
	if n := len(sink.messages()); n != 0 {
		t.Fatalf("the server received %d messages, want none: nothing is sent twice", n)
	}
}

// The owner's vacation responder answers an approval notice with text
// that holds "send": nothing is approved, no receipt answers the
// responder, and the digest's problems say why. So for a responder that
// marks nothing but sends rapport's own notice back.
func TestVacationAnswerToANoticeIsIgnored(t *testing.T) {
	h, stack, owner := commandHarness(t)
	h.start()
	ctx := context.Background()
	jane := h.newContact("Jane Doe", "jane@acme.example", workflow.StatusNew)
	h.drafted(jane)
	notice := h.sentTemplate("notice_approve")
	for i, extra := range []string{"Auto-Submitted: auto-replied", "X-Autoreply: yes"} {
		id := fmt.Sprintf("vacation-%d@owner.example", i)
		raw := strings.Replace(string(ownerMail(owner, owner, "Automatic reply: "+notice.Subject, id, notice.MessageID,
			"send\n\nI am away until Monday.\n")), "MIME-Version", extra+"\r\nMIME-Version", 1)
		submit(t, stack, owner, []string{owner}, []byte(raw))
		h.submitted++
	}
	// A responder that marks nothing and sends the notice back as its own
	// text, "send" and all.
	echo := ownerMail(owner, owner, "Re: "+notice.Subject, "echo-1@owner.example", notice.MessageID,
		"Thank you for your mail. You wrote:\n\n"+notice.Body+"\n")
	submit(t, stack, owner, []string{owner}, echo)
	h.submitted++
	for range 3 {
		h.waitEvent("")
	}
	draft, err := h.store.Read().Outgoing(ctx, notice.About)
	if err != nil || draft.Status != store.OutboxDraft {
		t.Fatalf("the draft is %v (%v) after the responder answered, want still a draft", draft, err)
	}
	if p := h.problems(store.ProblemIgnored); len(p) != 3 || !strings.Contains(p[0], "Auto-Submitted") || !strings.Contains(p[2], "rapport's own notice") {
		t.Fatalf("problems = %q, want the three automatic answers, with why", p)
	}
	h.wantNoReceipt("an automatic answer")
}

// Answers to approval notices that change nothing are answered all the
// same: "send" to a draft that still holds a placeholder, and "send" to a
// notice whose draft the owner settled from the command line.
func TestApprovalsThatChangeNothingGetAReceipt(t *testing.T) {
	h, stack, owner := commandHarness(t)
	h.start()
	ctx := context.Background()
	jane := h.newContact("Jane Doe", "jane@acme.example", workflow.StatusNew)
	sam := h.newContact("Sam Roe", "sam@globex.example", workflow.StatusNew)
	for _, c := range []*store.Contact{jane, sam} {
		h.drafted(c)
	}
	notices := map[int64]store.Outgoing{}
	for len(notices) < 2 {
		o := h.sentTemplate("notice_approve")
		notices[o.ContactID] = o
	}
	// Jane's draft gets a placeholder; Sam's is skipped from the command line.
	err := h.store.WithTx(ctx, func(tx *store.Tx) error {
		d, err := tx.Outgoing(ctx, notices[jane.ID].About)
		if err != nil {
			return err
		}
		text := d.Body + "\n\nI loved [the talk you gave]."
		if err := tx.MoveOutgoing(ctx, d.ID, []string{store.OutboxDraft}, store.OutboxChange{To: store.OutboxDraft, Body: &text}, time.Now()); err != nil {
			return err
		}
		return outbox.Skip(ctx, tx, notices[sam.ID].About, time.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*store.Contact{jane, sam} {
		n := notices[c.ID]
		id := fmt.Sprintf("send-%d@owner.example", c.ID)
		submit(t, stack, owner, []string{owner}, ownerMail(owner, owner, "Re: "+n.Subject, id, n.MessageID, "send\n\nOn Mon, rapport wrote:\n> send\n"))
		h.submitted++
		r := h.waitReceipt(stack, owner, id)
		want := map[int64]string{jane.ID: "[the talk you gave]", sam.ID: "was already skipped"}[c.ID]
		wantLines(t, c.Name+"'s receipt", r.Text, want)
	}
	if p := h.problems(store.ProblemIgnored); len(p) != 2 {
		t.Fatalf("problems = %q, want both answers that changed nothing", p)
	}
	if d, _ := h.store.Read().Outgoing(ctx, notices[jane.ID].About); d.Status != store.OutboxDraft {
		t.Fatalf("Jane's draft with a placeholder is %s, want still a draft", d.Status)
	}
}

// A command whose proof was forged below the receiving server's fields,
// as a provider that does not strip them delivers it, and one proven only
// by SPF for another mailbox, change nothing, get no receipt, and are in
// the digest's problems.
func TestDovecotForgedProofBelowReceived(t *testing.T) {
	h, stack, owner := commandHarness(t)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()
	_, domain, _ := strings.Cut(owner, "@")
	id := mailstack.AuthServID
	forged := "Authentication-Results: " + id + "; dkim=fail header.d=" + domain + "\r\n" +
		"Received: from evil.example (evil.example [203.0.113.9]) by " + id + " with ESMTP id 1A2B3C\r\n" +
		"Authentication-Results: " + id + "; dkim=pass header.d=" + domain + "; dmarc=pass header.from=" + domain + "\r\n" +
		string(ownerMail(owner, plusAddress(owner), "rapport", "forged-1@evil.example", "", fmt.Sprintf("note #%d FORGED\n", jane.ID)))
	appendMail(t, stack, owner, forged)
	spfOnly := "Authentication-Results: " + id + "; spf=pass smtp.mailfrom=bob@" + domain + "\r\n" +
		string(ownerMail(owner, plusAddress(owner), "rapport", "forged-2@evil.example", "", fmt.Sprintf("note #%d SPF ONLY\n", jane.ID)))
	appendMail(t, stack, owner, spfOnly)
	for range 2 {
		h.waitHandled()
	}
	for _, e := range h.history(jane.ID) {
		if e == store.EntryNote {
			t.Fatalf("a forged command wrote a note: %v", h.history(jane.ID))
		}
	}
	if p := h.problems(store.ProblemUnauthenticated); len(p) != 2 {
		t.Fatalf("problems = %q, want both forged mails", p)
	}
	h.wantNoReceipt("a forged mail")
}

// A delivery report whose parts are base64 (as a relay into Office 365
// writes them) closes the contact, and the bounce notice names the failed
// address as the report gives it, the status and the server's own words.
func TestDovecotBounceNoticeSaysWhatFailed(t *testing.T) {
	h, stack, owner := commandHarness(t)
	jane := h.contact("Jane Doe", "Jane.Doe@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()
	b64 := func(s string) string {
		return base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(s, "\n", "\r\n")))
	}
	status := "Reporting-MTA: dns; mx.relay.example\n\nFinal-Recipient: rfc822; jane.doe@acme.example\nAction: failed\n" +
		"Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <jane.doe@acme.example>: Recipient address rejected: User unknown in virtual mailbox table\n"
	returned := "From: Alex Example <" + owner + ">\nTo: Jane Doe <jane.doe@acme.example>\nSubject: A short conversation\n" +
		"Message-ID: <req-1@owner.example>\nReply-To: alex.private@home.example\n\nHi Jane,\n"
	dsn := "From: Mail Delivery System <MAILER-DAEMON@relay.example>\r\nTo: " + owner + "\r\nSubject: \r\n" +
		"Date: " + time.Now().Format(time.RFC1123Z) + "\r\nMessage-ID: <dsn-1@relay.example>\r\nAuto-Submitted: auto-replied\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n" +
		"--b\r\nContent-Type: text/plain; charset=iso-2022-jp\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64("Delivery failed.\n") + "\r\n" +
		"--b\r\nContent-Type: message/delivery-status\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64(status) + "\r\n" +
		"--b\r\nContent-Type: text/rfc822-headers\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64(returned) + "\r\n--b--\r\n"
	if err := stack.Deliver("", []string{owner}, []byte(dsn)); err != nil {
		t.Fatal(err)
	}
	if m := h.waitHandled(); m.contact != jane.ID || m.event != string(workflow.EventBounceReceived) {
		t.Fatalf("the report was handled as %+v, want Jane's bounce", m)
	}
	notice := h.sentTemplate("notice_bounce")
	for _, want := range []string{"could not be delivered to jane.doe@acme.example", "Status 5.1.1", "550 5.1.1 <jane.doe@acme.example>: Recipient address rejected"} {
		if !strings.Contains(notice.Body, want) {
			t.Errorf("the bounce notice lacks %q:\n%s", want, notice.Body)
		}
	}
	if strings.Contains(notice.Body, "alex.private@home.example") {
		t.Errorf("the bounce notice names an address quoted from the returned message:\n%s", notice.Body)
	}
}

// An answer to an approval notice that the owner's provider did not
// authenticate approves nothing, and is in the digest's problems.
func TestDovecotForgedApprovalIsAProblem(t *testing.T) {
	h, stack, owner := commandHarness(t)
	h.start()
	ctx := context.Background()
	jane := h.newContact("Jane Doe", "jane@acme.example", workflow.StatusNew)
	h.drafted(jane)
	notice := h.sentTemplate("notice_approve")
	forged := ownerMail(owner, owner, "Re: "+notice.Subject, "forged-send@evil.example", notice.MessageID, "send\n")
	if err := stack.Deliver(owner, []string{owner}, forged); err != nil {
		t.Fatal(err)
	}
	h.waitEvent("")
	if d, _ := h.store.Read().Outgoing(ctx, notice.About); d.Status != store.OutboxDraft {
		t.Fatalf("a forged send left the draft %s, want still a draft", d.Status)
	}
	if p := h.problems(store.ProblemUnauthenticated); len(p) != 1 || !strings.Contains(p[0], owner) {
		t.Fatalf("problems = %q, want the forged approval", p)
	}
}

// A contact's answer to a request that a crash left uncertain proves the
// request arrived: it is marked sent first, then the answer applies, so no
// nudge follows once the owner would have confirmed the send by hand.
// The same for one still "sending" past the end of data.
func TestDovecotAnswerSettlesAnUncertainRequest(t *testing.T) {
	h, stack, owner := dovecotHarness(t)
	ctx := context.Background()
	kim := h.newContact("Kim Away", "kim@acme.example", workflow.StatusNew)
	lee := h.newContact("Lee Quick", "lee@globex.example", workflow.StatusNew)
	rows := map[int64]*store.Outgoing{}
	for i, c := range []*store.Contact{kim, lee} {
		h.drafted(c)
		o := &store.Outgoing{ContactID: c.ID, Template: workflow.TemplateRequest, Status: store.OutboxSending,
			MessageID: fmt.Sprintf("req-%d@owner.example", c.ID), To: c.Email, Subject: "A short conversation", Body: "Hello"}
		h.insert(o)
		err := h.store.WithTx(ctx, func(tx *store.Tx) error {
			if err := tx.MarkEndOfData(ctx, o.ID, time.Now()); err != nil || i == 1 {
				return err
			}
			return tx.MoveOutgoing(ctx, o.ID, []string{store.OutboxSending}, store.OutboxChange{To: store.OutboxUncertain}, time.Now())
		})
		if err != nil {
			t.Fatal(err)
		}
		rows[c.ID] = o
	}
	h.start()
	back := time.Now().AddDate(0, 0, 10)
	away := mail("Kim Away <kim@acme.example>", "Automatic reply: A short conversation", "ooo-1@acme.example", rows[kim.ID].MessageID, time.Now(),
		"Auto-Submitted: auto-replied")
	away = strings.Replace(away, "Happy to talk! How about Thursday?", "I am out of the office until "+back.Format("2 January 2006")+".", 1)
	reply := mail("Lee Quick <lee@globex.example>", "Re: A short conversation", "r-lee@globex.example", rows[lee.ID].MessageID, time.Now())
	for _, raw := range []string{away, reply} {
		if err := stack.Deliver("x@example.org", []string{owner}, []byte(raw)); err != nil {
			t.Fatal(err)
		}
	}
	want := map[int64]workflow.EventKind{kim.ID: workflow.EventAutoReplyReceived, lee.ID: workflow.EventReplyReceived}
	for range 2 {
		m := h.waitHandled()
		if want[m.contact] == "" || m.event != string(want[m.contact]) {
			t.Fatalf("handled %+v; want Kim's automatic reply and Lee's reply, each applied", m)
		}
	}
	for id, o := range rows {
		got, _ := h.store.Read().Outgoing(ctx, o.ID)
		if got.Status != store.OutboxSent {
			t.Errorf("the request to #%d is %s after the contact answered it, want sent", id, got.Status)
		}
		hist := h.history(id)
		if !slices.Contains(hist, string(workflow.EventRequestSent)) {
			t.Errorf("#%d history %v lacks request_sent", id, hist)
		}
	}
	st := h.status(kim.ID)
	if st.ReturnDate.IsZero() {
		t.Fatalf("Kim's return date was not kept: %+v", st)
	}
	if at, ok := st.Timers[workflow.TimerNudge]; ok && at.Before(back) {
		t.Errorf("Kim's nudge is due %s, before she is back %s", at, back)
	}
	if s := h.status(lee.ID); s.Status != workflow.StatusReplied || len(s.Timers) != 0 {
		t.Errorf("Lee = %s with timers %v, want replied and no nudge", s.Status, s.Timers)
	}
}
