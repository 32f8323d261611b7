package daemon

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/jordan-wright/email"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/internal/offsetclock"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// sendHarness is a daemon on Dovecot that may send at any hour, with a
// clock the test moves.
func sendHarness(t *testing.T, mailer Mailer) (*harness, *mailstack.Stack, string, *offsetclock.Clock) {
	t.Helper()
	h, stack, owner := dovecotHarness(t)
	h.cfg.Workflow.SendWindow = config.SendWindow{Days: "Mon-Sun", Hours: "00:00-24:00"}
	h.cfg.Workflow.MinGap.Duration = time.Millisecond
	h.cfg.Workflow.DailyCap = 1000
	clock := &offsetclock.Clock{}
	h.now = clock.Now
	h.mailer = mailer
	return h, stack, owner, clock
}

// postfixHarness is a daemon on Dovecot that sends through Postfix's
// submission port as the owner, drafting from the default templates in the
// given send mode, at any hour.
func postfixHarness(t *testing.T, stack *mailstack.Stack, mode string) (*harness, string) {
	t.Helper()
	h, _, owner := dovecotHarness(t)
	h.cfg.Workflow.SendMode = mode
	h.cfg.Digest.Enabled = false // the digest tests turn it on; elsewhere it would be one more mail
	// Postfix vouches for mail submitted with a login (see mailstack.Stack).
	h.cfg.Commands.AuthServIDs = []string{mailstack.AuthServID}
	h.cfg.Workflow.SendWindow = config.SendWindow{Days: "Mon-Sun", Hours: "00:00-24:00"}
	h.cfg.Workflow.MinGap.Duration = time.Millisecond
	h.cfg.SMTP = config.SMTP{Server: config.Server{Host: "127.0.0.1", TLS: config.TLSStartTLS, Username: owner, Password: "owner-secret"}}
	_, port, _ := strings.Cut(stack.SubmissionAddr, ":")
	fmt.Sscan(port, &h.cfg.SMTP.Port)
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	h.drafter = &outbox.Drafter{Config: h.cfg, Templates: func() (*templates.Set, error) { return set, nil },
		Kick: func() { h.daemon.Kick() }}
	h.track = contacts.New(workflow.DefaultPolicy(time.UTC), h.drafter)
	h.smtpTLS = stack.TLSConfig()
	return h, owner
}

// waitSent waits for the sender to commit the outcome of message id.
func (h *harness) waitSent(id int64) store.Outgoing {
	h.t.Helper()
	for {
		select {
		case o := <-h.sent:
			if o.ID == id {
				return o
			}
		case <-time.After(30 * time.Second):
			h.t.Fatalf("the sender did nothing with message %d", id)
			return store.Outgoing{}
		}
	}
}

// queue stores an approved message to c.
func (h *harness) queue(c *store.Contact, template, subject string) *store.Outgoing {
	h.t.Helper()
	o := &store.Outgoing{ContactID: c.ID, Template: template, Status: store.OutboxApproved,
		MessageID: fmt.Sprintf("%s-%d-%d@owner.example", template, c.ID, time.Now().UnixNano()),
		To:        c.Name + " <" + c.Email + ">", Subject: subject, Body: "Hello " + c.Name + ",\n\nA short note.\n"}
	h.insert(o)
	if h.daemon != nil {
		h.daemon.Kick()
	}
	return o
}

func (h *harness) insert(o *store.Outgoing) {
	h.t.Helper()
	err := h.store.WithTx(context.Background(), func(tx *store.Tx) error { return tx.InsertOutgoing(context.Background(), o, h.clockNow()) })
	if err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) clockNow() time.Time {
	if h.now != nil {
		return h.now()
	}
	return time.Now()
}

// The whole way out, on the real servers: the workflow asks for a request,
// the template writes it, the sender hands it to Postfix, and Dovecot
// files it in the contact's mailbox exactly as written; the nudge that
// follows stays in the same thread. A copy of each lands in the owner's
// Sent folder.
func TestSendThroughPostfixIntoDovecot(t *testing.T) {
	stack := mailstack.Shared(t)
	janeAddr, err := stack.AddUser(fmt.Sprintf("jane%d", userSeq.Add(1)), "jane-secret")
	if err != nil {
		t.Fatal(err)
	}
	h, owner := postfixHarness(t, stack, config.SendDirect)
	h.cfg.Owner.Name = "Zoë Ówner"
	h.start()

	ctx := context.Background()
	jane := &store.Contact{Name: "Jane \"JD\" Doe\r\nBcc: victim@" + mailstack.Domain, Email: janeAddr, Company: "Acme", Field: "robotics"}
	apply := func(c *store.Contact, ev workflow.Event, at time.Time) {
		t.Helper()
		err := h.store.WithTx(ctx, func(tx *store.Tx) error {
			if c.ID == 0 {
				if err := h.track.Add(ctx, tx, c, at, store.SourceCLI, "test"); err != nil {
					return err
				}
			}
			_, err := h.track.Apply(ctx, tx, c, ev, at, store.SourceCLI)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	apply(jane, workflow.Event{Kind: workflow.EventRequestDrafted}, time.Now())
	req := waitOutcome(t, h, jane.ID, "request")
	if req.Status != store.OutboxSent {
		t.Fatalf("request = %s (%s), want sent", req.Status, req.LastError)
	}
	if err := stack.WaitDelivered(ctx, janeAddr, 1); err != nil {
		t.Fatal(err)
	}
	c, _ := h.store.Read().Contact(ctx, jane.ID)
	if c.State.Status != workflow.StatusRequested {
		t.Fatalf("after the request left, Jane is %s, want requested", c.State.Status)
	}
	// The nudge, as its timer would draft it days later.
	apply(c, workflow.Event{Kind: workflow.EventTimerFired, Timer: workflow.TimerNudge}, time.Now().AddDate(0, 0, 10))
	nudge := waitOutcome(t, h, jane.ID, "nudge")
	if nudge.Status != store.OutboxSent {
		t.Fatalf("nudge = %s (%s), want sent", nudge.Status, nudge.LastError)
	}
	if err := stack.WaitDelivered(ctx, janeAddr, 2); err != nil {
		t.Fatal(err)
	}

	got := fetchAll(t, stack, janeAddr, "jane-secret", "INBOX")
	if len(got) != 2 {
		t.Fatalf("Jane's mailbox holds %d messages, want 2", len(got))
	}
	for i, want := range []store.Outgoing{req, nudge} {
		e, err := email.NewEmailFromReader(bytes.NewReader(got[i]))
		if err != nil {
			t.Fatalf("message %d does not parse: %v", i, err)
		}
		if id := strings.Trim(e.Headers.Get("Message-Id"), "<>"); id != want.MessageID {
			t.Errorf("message %d Message-ID = %q, want %q", i, id, want.MessageID)
		}
		if e.Subject != want.Subject {
			t.Errorf("message %d subject = %q, want %q", i, e.Subject, want.Subject)
		}
		if !strings.Contains(e.From, "Zo") || !strings.Contains(e.From, owner) {
			t.Errorf("message %d From = %q, want the owner", i, e.From)
		}
		if e.Headers.Get("Bcc") != "" || e.Headers.Get("X-Injected") != "" || strings.Contains(string(got[i]), "\r\nBcc:") {
			t.Errorf("message %d carries an injected header:\n%s", i, got[i])
		}
		if !strings.Contains(string(e.Text), "Jane") {
			t.Errorf("message %d body does not greet Jane:\n%s", i, e.Text)
		}
	}
	e, _ := email.NewEmailFromReader(bytes.NewReader(got[1]))
	if irt := strings.Trim(e.Headers.Get("In-Reply-To"), "<>"); irt != req.MessageID {
		t.Errorf("the nudge answers %q, want the request %q", irt, req.MessageID)
	}
	if !strings.Contains(e.Headers.Get("References"), req.MessageID) || !strings.HasPrefix(e.Subject, "Re: ") {
		t.Errorf("the nudge is not in the request's thread: References %q, Subject %q", e.Headers.Get("References"), e.Subject)
	}
	if sent := fetchAll(t, stack, owner, "owner-secret", "Sent"); len(sent) != 2 {
		t.Errorf("the owner's Sent folder holds %d messages, want the 2 sent", len(sent))
	}
}

// waitOutcome waits for the sender's outcome of the contact's message made
// from template.
func waitOutcome(t *testing.T, h *harness, contact int64, template string) store.Outgoing {
	t.Helper()
	for {
		select {
		case o := <-h.sent:
			if o.ContactID == contact && o.Template == template {
				return o
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("no %s to #%d left", template, contact)
		}
	}
}

// fetchAll returns every message of a folder, oldest first.
func fetchAll(t *testing.T, stack *mailstack.Stack, addr, password, folder string) [][]byte {
	t.Helper()
	c := ownerClientAs(t, stack, addr, password)
	sel, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatal(err)
	}
	if sel.NumMessages == 0 {
		return nil
	}
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, m := range msgs {
		out = append(out, m.FindBodySection(section))
	}
	return out
}

// newContact stores a contact in a status, as the workflow would leave it.
func (h *harness) newContact(name, addr string, status workflow.Status) *store.Contact {
	h.t.Helper()
	return h.contact(name, addr, status, "")
}

// A server that says "later" gets the message again later, once; a server
// that refuses the recipient fails it with the server's words; a
// connection lost after the whole message was sent leaves it uncertain,
// and it is never sent again without the owner.
func TestSendFaults(t *testing.T) {
	sink := startSink(t, func(n int) string { return []string{"451", "ok", "550", "drop", "ok"}[min(n, 4)] })
	h, _, _, clock := sendHarness(t, sink.mailer(t))
	jane := h.newContact("Jane Doe", "jane@acme.example", workflow.StatusNew)
	sam := h.contact("Sam Roe", "sam@firm.example", workflow.StatusRequested, "req-sam@owner.example")
	h.start()

	later := h.queue(jane, "keep_in_touch", "News")
	o := h.waitSent(later.ID)
	if o.Status != store.OutboxApproved || !strings.Contains(o.LastError, "451") || !o.NotBefore.After(clock.Now()) || o.Attempts != 1 {
		t.Fatalf("after a 451: %s, %q, not before %s, %d attempts; want approved for later", o.Status, o.LastError, o.NotBefore, o.Attempts)
	}
	clock.Add(time.Hour)
	h.daemon.Kick()
	if o := h.waitSent(later.ID); o.Status != store.OutboxSent || o.Attempts != 2 {
		t.Fatalf("the retry: %s after %d attempts (%s), want sent on the second", o.Status, o.Attempts, o.LastError)
	}

	refused := h.queue(sam, "keep_in_touch", "More news")
	if o := h.waitSent(refused.ID); o.Status != store.OutboxFailed || !strings.Contains(o.LastError, "550 5.1.1 user unknown") {
		t.Fatalf("after a 550: %s, %q; want failed with the server's words", o.Status, o.LastError)
	}
	// A refused address is as good as a bounce: the contact is closed and
	// the owner gets the bounce notice.
	if st := h.status(sam.ID); st.Status != workflow.StatusBounced {
		t.Fatalf("after the server refused Sam's address he is %s, want bounced", st.Status)
	}

	dropped := h.queue(jane, "keep_in_touch", "Even more news")
	if o := h.waitSent(dropped.ID); o.Status != store.OutboxUncertain || !strings.Contains(o.LastError, "rapport outbox sent") {
		t.Fatalf("after the connection dropped: %s, %q; want uncertain", o.Status, o.LastError)
	}
	// Hours later, with another message to send: only that one goes.
	clock.Add(6 * time.Hour)
	control := h.queue(jane, "keep_in_touch", "Last news")
	if o := h.waitSent(control.ID); o.Status != store.OutboxSent {
		t.Fatalf("the next message: %s (%s), want sent", o.Status, o.LastError)
	}
	got, _ := h.store.Read().Outgoing(context.Background(), dropped.ID)
	if got.Status != store.OutboxUncertain || got.Attempts != 1 {
		t.Fatalf("the uncertain message is now %s after %d attempts; it must wait for the owner", got.Status, got.Attempts)
	}
	var subjects []string
	for _, m := range sink.messages() {
		for _, line := range strings.Split(string(m), "\r\n") {
			if s, ok := strings.CutPrefix(line, "Subject: "); ok {
				subjects = append(subjects, s)
			}
		}
	}
	if strings.Join(subjects, "|") != "News|Even more news|Last news" {
		t.Fatalf("the server received %q; want each message once (the refused one never)", subjects)
	}
}

// A message left "sending" by a process that died is settled at start:
// past the end-of-data mark and found in the Sent folder, it was sent (and
// the contact moves on); not found, it is uncertain, and neither is sent
// again. One that never reached the end of data is sent again, once.
func TestInterruptedSendsAreSettledFromTheSentFolder(t *testing.T) {
	sink := startSink(t, nil)
	h, stack, owner, _ := sendHarness(t, sink.mailer(t))
	jane := h.newContact("Jane Doe", "jane@acme.example", workflow.StatusNew)
	sam := h.newContact("Sam Roe", "sam@firm.example", workflow.StatusNew)
	kim := h.newContact("Kim Poe", "kim@shop.example", workflow.StatusNew)
	left := &store.Outgoing{ContactID: jane.ID, Template: "request", Status: store.OutboxSending, MessageID: "req-jane@owner.example",
		To: "jane@acme.example", Subject: "A short conversation", Body: "Hello"}
	lost := &store.Outgoing{ContactID: sam.ID, Template: "request", Status: store.OutboxSending, MessageID: "req-sam@owner.example",
		To: "sam@firm.example", Subject: "A short conversation", Body: "Hello"}
	unfinished := &store.Outgoing{ContactID: kim.ID, Template: "request", Status: store.OutboxSending, MessageID: "req-kim@owner.example",
		To: "kim@shop.example", Subject: "A short conversation", Body: "Hello"}
	h.insert(left)
	h.insert(lost)
	h.insert(unfinished)
	for _, o := range []*store.Outgoing{left, lost} {
		err := h.store.WithTx(context.Background(), func(tx *store.Tx) error { return tx.MarkEndOfData(context.Background(), o.ID, time.Now()) })
		if err != nil {
			t.Fatal(err)
		}
	}
	// The copy rapport filed in Sent just before it died.
	c := ownerClient(t, stack, owner)
	raw := mail("Owner <"+owner+">", "A short conversation", "req-jane@owner.example", "", time.Now())
	cmd := c.Append("Sent", int64(len(raw)), nil)
	cmd.Write([]byte(raw))
	cmd.Close()
	if _, err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	h.start()
	if o := h.waitSent(left.ID); o.Status != store.OutboxSent {
		t.Fatalf("the message found in Sent is %s, want sent", o.Status)
	}
	if o := h.waitSent(lost.ID); o.Status != store.OutboxUncertain {
		t.Fatalf("the message not found in Sent is %s, want uncertain", o.Status)
	}
	if st := h.status(jane.ID); st.Status != workflow.StatusRequested {
		t.Fatalf("Jane is %s after her request was found sent, want requested", st.Status)
	}
	if o := h.waitSent(unfinished.ID); o.Status != store.OutboxSent || o.Attempts != 1 {
		t.Fatalf("the message that never reached the end of data is %s after %d attempts, want sent at the first", o.Status, o.Attempts)
	}
	got := sink.messages()
	if len(got) != 1 || !strings.Contains(string(got[0]), "<req-kim@owner.example>") {
		t.Fatalf("the server received %d messages; want only the one that never reached the end of data", len(got))
	}
}

// A reply that arrives while a nudge waits for its time cancels the nudge:
// it never reaches the contact.
func TestReplyCancelsAWaitingNudge(t *testing.T) {
	sink := startSink(t, nil)
	h, stack, owner, clock := sendHarness(t, sink.mailer(t))
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()
	nudge := &store.Outgoing{ContactID: jane.ID, Template: "nudge", Status: store.OutboxApproved, MessageID: "nudge-1@owner.example",
		InReplyTo: "req-1@owner.example", To: "jane@acme.example", Subject: "Re: A short conversation", Body: "Following up",
		NotBefore: clock.Now().Add(time.Hour)}
	h.insert(nudge)
	reply := mail("Jane Doe <jane@acme.example>", "Re: A short conversation", "reply-1@acme.example", "req-1@owner.example", time.Now())
	if err := stack.Deliver("jane@acme.example", []string{owner}, []byte(reply)); err != nil {
		t.Fatal(err)
	}
	if m := h.waitHandled(); m.event != string(workflow.EventReplyReceived) {
		t.Fatalf("the reply was handled as %+v", m)
	}
	clock.Add(2 * time.Hour)
	control := h.queue(jane, "thank_you", "Thank you")
	if o := h.waitSent(control.ID); o.Status != store.OutboxSent {
		t.Fatalf("the next message: %s (%s)", o.Status, o.LastError)
	}
	got, _ := h.store.Read().Outgoing(context.Background(), nudge.ID)
	if got.Status != store.OutboxCancelled {
		t.Fatalf("the nudge is %s after Jane replied, want cancelled", got.Status)
	}
	if n := len(sink.messages()); n != 1 {
		t.Fatalf("the server received %d messages, want only the thank-you", n)
	}
}

// The last look before a nudge: an answer from the contact's domain that
// rapport has recorded but that did not cancel the nudge (a colleague
// wrote), or that sits in the mailbox not yet handled, holds the nudge
// back.
func TestNudgeHeldBackByTheLastLook(t *testing.T) {
	sink := startSink(t, nil)
	h, stack, owner, clock := sendHarness(t, sink.mailer(t))
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	d, err := New(Options{Config: h.cfg, Store: h.store, Tracker: h.track, Log: testSlog(t), CommandTimeout: 10 * time.Second,
		TLS: stack.TLSConfig(), Mailer: h.mailer, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	s := d.send // driven by hand, with no watcher to handle the mailbox
	ctx := context.Background()
	queue := func(id string) store.Outgoing {
		o := &store.Outgoing{ContactID: jane.ID, Template: "nudge", Status: store.OutboxApproved, MessageID: id,
			InReplyTo: "req-1@owner.example", To: "jane@acme.example", Subject: "Re: A short conversation", Body: "Following up"}
		h.insert(o)
		return *o
	}

	// In the mailbox, not yet handled.
	first := queue("nudge-1@owner.example")
	clock.Add(time.Minute)
	reply := mail("Bob Colleague <bob@acme.example>", "Re: A short conversation", "reply-1@acme.example", "", time.Now())
	if err := stack.Deliver("bob@acme.example", []string{owner}, []byte(reply)); err != nil {
		t.Fatal(err)
	}
	if err := stack.WaitDelivered(ctx, owner, 1); err != nil {
		t.Fatal(err)
	}
	if err := s.sendOne(ctx, first); err != nil {
		t.Fatal(err)
	}
	got, _ := h.store.Read().Outgoing(ctx, first.ID)
	if got.Status != store.OutboxApproved || !got.NotBefore.After(clock.Now()) || !strings.Contains(got.LastError, "held back") {
		t.Fatalf("with an answer in the mailbox the nudge is %s (%q, not before %s), want held back", got.Status, got.LastError, got.NotBefore)
	}

	// Recorded by rapport, from a colleague: the nudge is cancelled.
	s.box = nil
	second := queue("nudge-2@owner.example")
	clock.Add(time.Minute)
	err = h.store.WithTx(ctx, func(tx *store.Tx) error {
		_, err := tx.RecordMessage(ctx, &store.Message{Key: "reply-2@acme.example", Direction: store.DirectionIn,
			Kind: "personal", Sender: "bob@acme.example", Recorded: clock.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.sendOne(ctx, second); err != nil {
		t.Fatal(err)
	}
	if got, _ := h.store.Read().Outgoing(ctx, second.ID); got.Status != store.OutboxCancelled {
		t.Fatalf("after a colleague answered, the nudge is %s, want cancelled", got.Status)
	}
	if n := len(sink.messages()); n != 0 {
		t.Fatalf("the server received %d nudges, want none", n)
	}
}

// Approval by mail, on the real servers: each draft reaches the owner as
// a notice; answering "send" sends it as drafted, answering with one's own
// text sends that text instead, and a placeholder left in it holds the
// draft back with a fresh notice.
func TestApproveByReply(t *testing.T) {
	stack := mailstack.Shared(t)
	var people []string
	for _, n := range []string{"jane", "sam"} {
		addr, err := stack.AddUser(fmt.Sprintf("%s%d", n, userSeq.Add(1)), "secret")
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, addr)
	}
	h, owner := postfixHarness(t, stack, config.SendApprove)
	h.start()
	ctx := context.Background()

	var contacts []*store.Contact
	for i, addr := range people {
		c := &store.Contact{Name: []string{"Jane Doe", "Sam Roe"}[i], Email: addr}
		err := h.store.WithTx(ctx, func(tx *store.Tx) error {
			if err := h.track.Add(ctx, tx, c, time.Now(), store.SourceCLI, "test"); err != nil {
				return err
			}
			_, err := h.track.Apply(ctx, tx, c, workflow.Event{Kind: workflow.EventRequestDrafted}, time.Now(), store.SourceCLI)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		contacts = append(contacts, c)
	}
	// Every outcome the sender reports, in order; until reads more of them
	// until done says the test has what it waits for.
	var outcomes []store.Outgoing
	until := func(what string, done func() bool) {
		t.Helper()
		for !done() {
			select {
			case o := <-h.sent:
				outcomes = append(outcomes, o)
			case <-time.After(30 * time.Second):
				t.Fatalf("waiting for %s: the sender did nothing more", what)
			}
		}
	}
	find := func(contact int64, template, status string, skip int64) (store.Outgoing, bool) {
		for _, o := range outcomes {
			if o.ContactID == contact && o.Template == template && o.Status == status && o.ID != skip {
				return o, true
			}
		}
		return store.Outgoing{}, false
	}
	notices := map[int64]store.Outgoing{}
	until("the notices", func() bool {
		for _, c := range contacts {
			if o, ok := find(c.ID, "notice_approve", store.OutboxSent, 0); ok {
				notices[c.ID] = o
			}
		}
		return len(notices) == 2
	})
	answer := func(notice store.Outgoing, text string) {
		t.Helper()
		raw := mail("Owner <"+owner+">", "Re: "+notice.Subject, fmt.Sprintf("answer-%d@owner.example", time.Now().UnixNano()), notice.MessageID, time.Now())
		raw = strings.Replace(raw, "Happy to talk! How about Thursday?", text+"\r\n\r\nOn Mon, 23 Nov 2026, rapport wrote:\r\n> send   to send it as it stands", 1)
		if err := stack.Submit(owner, "owner-secret", owner, []string{owner}, []byte(raw)); err != nil {
			t.Fatal(err)
		}
	}
	answer(notices[contacts[0].ID], "send")
	answer(notices[contacts[1].ID], "Hi Sam,\r\n\r\nI loved [the talk you gave]. Could we talk for 20 minutes?")
	var again store.Outgoing
	until("the second notice", func() bool {
		var ok bool
		again, ok = find(contacts[1].ID, "notice_approve", store.OutboxSent, notices[contacts[1].ID].ID)
		return ok
	})
	if !strings.Contains(again.Body, "[the talk you gave]") {
		t.Fatalf("the second notice does not show the owner's edit:\n%s", again.Body)
	}
	answer(again, "Hi Sam,\r\n\r\nI loved your talk at the robotics meetup. Could we talk for 20 minutes?")

	until("both requests", func() bool {
		_, jane := find(contacts[0].ID, "request", store.OutboxSent, 0)
		_, sam := find(contacts[1].ID, "request", store.OutboxSent, 0)
		return jane && sam
	})
	for i, addr := range people {
		if err := stack.WaitDelivered(ctx, addr, 1); err != nil {
			t.Fatal(err)
		}
		got := fetchAll(t, stack, addr, "secret", "INBOX")
		if len(got) != 1 {
			t.Fatalf("%s received %d messages, want 1", addr, len(got))
		}
		e, err := email.NewEmailFromReader(bytes.NewReader(got[0]))
		if err != nil {
			t.Fatal(err)
		}
		text := string(e.Text)
		switch i {
		case 0:
			if !strings.Contains(text, "20 to 30 minutes") {
				t.Errorf("Jane's request is not the drafted one:\n%s", text)
			}
		case 1:
			if !strings.Contains(text, "robotics meetup") || strings.Contains(text, "[the talk") {
				t.Errorf("Sam's request is not the owner's final text:\n%s", text)
			}
		}
		if st := h.status(contacts[i].ID); st.Status != workflow.StatusRequested {
			t.Errorf("%s is %s after the request left, want requested", contacts[i].Name, st.Status)
		}
	}
}
