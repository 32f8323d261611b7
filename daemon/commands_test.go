package daemon

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"rapport/config"
	"rapport/internal/rig/fixture"
	"rapport/internal/rig/mailstack"
	"rapport/mail/classify"
	"rapport/store"
	"rapport/workflow"
)

// The owner's mail to rapport on the real servers: the owner submits it
// through Postfix as their mail app would (SASL on the submission port),
// Postfix vouches for it with Authentication-Results, Dovecot delivers it,
// and rapport answers with a receipt through Postfix again.

// commandHarness is a daemon in approve mode on Dovecot and Postfix that
// takes commands only from the owner's authenticated mail.
func commandHarness(t *testing.T) (*harness, *mailstack.Stack, string) {
	t.Helper()
	stack := mailstack.Shared(t)
	h, owner := postfixHarness(t, stack, config.SendApprove)
	h.cfg.Commands.RequireAuth = true
	h.cfg.Commands.AuthServIDs = []string{mailstack.AuthServID}
	h.cfg.Commands.Addresses = config.DefaultCommandAddresses(h.cfg.Owner.Addresses)
	h.cfg.Commands.SubjectTag = "rapport"
	return h, stack, owner
}

// plusAddress is the owner's address that reaches rapport.
func plusAddress(owner string) string {
	local, domain, _ := strings.Cut(owner, "@")
	return local + "+rapport@" + domain
}

// ownerMail writes a plain-text mail from the owner (see
// fixture.OwnerMail).
var ownerMail = fixture.OwnerMail

// submit sends raw as the owner's mail app does.
func submit(t *testing.T, stack *mailstack.Stack, owner string, to []string, raw []byte) {
	t.Helper()
	if err := stack.Submit(owner, "owner-secret", owner, to, raw); err != nil {
		t.Fatalf("Submit() error = %v", err)
	}
}

// waitEvent waits for a message handled with the given event, skipping
// the others (notices and receipts coming back into the inbox).
func (h *harness) waitEvent(event string) handledMsg {
	h.t.Helper()
	for {
		if m := h.waitHandled(); m.event == event {
			return m
		}
	}
}

// waitReceipt waits until the receipt answering the owner's message id
// has left and reached the owner's inbox, and returns it as the owner's
// mail app reads it.
func (h *harness) waitReceipt(stack *mailstack.Stack, owner, id string) *classify.Message {
	h.t.Helper()
	for {
		var o store.Outgoing
		select {
		case o = <-h.sent:
		case <-time.After(30 * time.Second):
			h.t.Fatalf("no receipt for <%s> left", id)
		}
		if o.Template != "receipt" || o.InReplyTo != id {
			continue
		}
		if o.Status != store.OutboxSent {
			h.t.Fatalf("the receipt for <%s> is %s, want sent", id, o.Status)
		}
		break
	}
	for _, m := range h.inbox(stack, owner) {
		if m.Subject != "" && len(m.InReplyTo) > 0 && m.InReplyTo[0] == id && strings.HasPrefix(m.Subject, "Re:") {
			return m
		}
	}
	h.t.Fatalf("the receipt for <%s> left but is not in %s's inbox", id, owner)
	return nil
}

// inbox returns every message of the owner's INBOX once Postfix has
// delivered all that rapport reports sent to the owner.
func (h *harness) inbox(stack *mailstack.Stack, owner string) []*classify.Message {
	h.t.Helper()
	ctx := context.Background()
	toOwner, err := h.store.Read().ListOutbox(ctx, store.OutboxFilter{Audience: store.AudienceOwner, Statuses: []string{store.OutboxSent}})
	if err != nil {
		h.t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	name, _, _ := strings.Cut(owner, "@")
	if err := stack.WaitDelivered(wctx, name, len(toOwner)+h.submitted); err != nil {
		h.t.Fatal(err)
	}
	return readInbox(h.t, stack, owner, "owner-secret")
}

// readInbox returns every message of a user's INBOX, parsed, without
// marking them read.
func readInbox(t testing.TB, stack *mailstack.Stack, addr, password string) []*classify.Message {
	t.Helper()
	c := ownerClientAs(t, stack, addr, password)
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{{Peek: true}}}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var out []*classify.Message
	for _, m := range msgs {
		for _, raw := range m.BodySection {
			out = append(out, classify.Parse(raw.Bytes))
		}
	}
	return out
}

// history returns the kinds of the contact's history entries.
func (h *harness) history(id int64) []string {
	h.t.Helper()
	list, err := h.store.Read().History(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	var kinds []string
	for _, e := range list {
		kinds = append(kinds, e.Kind)
	}
	return kinds
}

func count(list []string, s string) int {
	n := 0
	for _, v := range list {
		if v == s {
			n++
		}
	}
	return n
}

func wantLines(t *testing.T, what, text string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(text, l) {
			t.Errorf("%s lacks %q:\n%s", what, l, text)
		}
	}
}

func TestDovecotCommandsByMail(t *testing.T) {
	h, stack, owner := commandHarness(t)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	sam := h.contact("Sam Lee", "sam@globex.example", workflow.StatusRequested, "req-2@owner.example")
	h.start()

	// By subject, with the tag, to the owner's own address.
	submit(t, stack, owner, []string{owner}, ownerMail(owner, owner, fmt.Sprintf("rapport: met #%d", jane.ID), "cmd-1@rapport.test", "", "Sent from my phone\n"))
	h.submitted++
	h.waitEvent("commands")
	if s := h.status(jane.ID).Status; s != workflow.StatusMet {
		t.Fatalf("Jane = %s after met by subject, want met", s)
	}
	r1 := h.waitReceipt(stack, owner, "cmd-1@rapport.test")
	wantLines(t, "receipt 1", r1.Text, fmt.Sprintf("✓ > met #%d", jane.ID), "Jane Doe: requested → met")

	// By body, to the plus-address: several lines, one of them wrong.
	body := "note Sam Lee: knows the tram people\npause sam@globex.example until 2027-01-10\nfrobnicate\n"
	submit(t, stack, owner, []string{plusAddress(owner)}, ownerMail(owner, plusAddress(owner), "a few things", "cmd-2@rapport.test", "", body))
	h.submitted++
	h.waitEvent("commands")
	r2 := h.waitReceipt(stack, owner, "cmd-2@rapport.test")
	wantLines(t, "receipt 2", r2.Text, "✓ > note Sam Lee: knows the tram people", "requested → paused",
		"✗ > frobnicate", "unknown command", "Name a contact by number") // the help follows an unknown command
	c, err := h.store.Read().Contact(context.Background(), sam.ID)
	if err != nil || c.State.Status != workflow.StatusPaused || !strings.Contains(c.Notes, "knows the tram people") {
		t.Fatalf("Sam = %+v, %v; want paused with the note", c, err)
	}

	// By replying to the first receipt, which was about Jane: the command
	// needs no name, and the quoted receipt is not read again.
	reply := "note great talk about trams\n\nOn Wed, rapport wrote:\n> " + strings.ReplaceAll(strings.TrimSpace(r1.Text), "\n", "\n> ") + "\n"
	submit(t, stack, owner, []string{owner}, ownerMail(owner, owner, "Re: "+r1.Subject, "cmd-3@rapport.test", r1.MessageID, reply))
	h.submitted++
	h.waitEvent("commands")
	r3 := h.waitReceipt(stack, owner, "cmd-3@rapport.test")
	wantLines(t, "receipt 3", r3.Text, "Jane Doe: note kept")
	c, _ = h.store.Read().Contact(context.Background(), jane.ID)
	if !strings.Contains(c.Notes, "great talk about trams") {
		t.Fatalf("Jane's notes = %q, want the note written in reply to her receipt", c.Notes)
	}

	// By replying to the approval notice of the thank-you that met
	// drafted: a command line is a command about Jane, not a new text
	// for the draft.
	notices, err := h.store.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: jane.ID, Audience: store.AudienceOwner})
	if err != nil {
		t.Fatal(err)
	}
	var approval store.Outgoing
	for _, o := range notices {
		if o.Template == "notice_approve" {
			approval = o
		}
	}
	if approval.Status != store.OutboxSent {
		t.Fatalf("the approval notice for Jane's thank-you = %+v; want it sent before the receipt that followed it", approval)
	}
	submit(t, stack, owner, []string{owner}, ownerMail(owner, owner, "Re: "+approval.Subject, "cmd-5@rapport.test", approval.MessageID,
		"note she suggested I talk to Ana in controls\n\nOn Wed, rapport wrote:\n> send   to send it as it stands\n"))
	h.submitted++
	h.waitEvent("commands")
	h.waitReceipt(stack, owner, "cmd-5@rapport.test")
	c, _ = h.store.Read().Contact(context.Background(), jane.ID)
	draft, err := h.store.Read().Outgoing(context.Background(), approval.About)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Notes, "suggested I talk to Ana") || draft.Status != store.OutboxDraft || strings.Contains(draft.Body, "Ana in controls") {
		t.Fatalf("after a command in answer to the approval notice: notes %q, draft %s %q; want the note kept and the draft untouched", c.Notes, draft.Status, draft.Body)
	}

	// The first command mail delivered again changes nothing and gets no
	// second receipt; a later mail shows it was read.
	submit(t, stack, owner, []string{owner}, ownerMail(owner, owner, fmt.Sprintf("rapport: met #%d", jane.ID), "cmd-1@rapport.test", "", "Sent from my phone\n"))
	h.submitted++
	submit(t, stack, owner, []string{plusAddress(owner)}, ownerMail(owner, plusAddress(owner), "status", "cmd-4@rapport.test", "", ""))
	h.submitted++
	h.waitEvent("commands")
	h.waitReceipt(stack, owner, "cmd-4@rapport.test")
	if n := count(h.history(jane.ID), string(workflow.EventMet)); n != 1 {
		t.Fatalf("Jane's history holds %d met entries, want 1: the same mail applied twice", n)
	}
	receipts, err := h.store.Read().ListOutbox(context.Background(), store.OutboxFilter{Audience: store.AudienceOwner})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, o := range receipts {
		if o.Template == "receipt" && o.InReplyTo == "cmd-1@rapport.test" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d receipts answer the first command mail, want 1", n)
	}
}

// Mail that claims to be the owner's but that their provider did not
// authenticate commands nothing, even with a forged Authentication-Results
// field; and a contact's mail full of command words is only their reply.
func TestDovecotForgedCommandsChangeNothing(t *testing.T) {
	h, stack, owner := commandHarness(t)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	sam := h.contact("Sam Lee", "sam@globex.example", workflow.StatusRequested, "req-2@owner.example")
	h.start()

	forged := ownerMail(owner, plusAddress(owner), fmt.Sprintf("rapport: drop #%d", jane.ID), "forged-1@evil.example", "", "")
	if err := stack.Deliver(owner, []string{plusAddress(owner)}, forged); err != nil {
		t.Fatalf("Deliver() error = %v", err)
	}
	forgedAR := append([]byte("Authentication-Results: "+mailstack.AuthServID+"; dkim=pass header.d="+strings.SplitN(owner, "@", 2)[1]+"\r\n"),
		ownerMail(owner, plusAddress(owner), fmt.Sprintf("rapport: drop #%d", sam.ID), "forged-2@evil.example", "", "")...)
	if err := stack.Deliver(owner, []string{plusAddress(owner)}, forgedAR); err != nil {
		t.Fatalf("Deliver() error = %v", err)
	}
	// Jane answers, and her mail reads like commands.
	reply := strings.ReplaceAll(mail("Jane Doe <jane@acme.example>", fmt.Sprintf("drop #%d", sam.ID), "r1@acme.example", "req-1@owner.example", time.Now()),
		"Happy to talk! How about Thursday?", fmt.Sprintf("drop #%d\r\nmet #%d\r\n", sam.ID, jane.ID))
	if err := stack.Deliver("jane@acme.example", []string{plusAddress(owner)}, []byte(reply)); err != nil {
		t.Fatalf("Deliver() error = %v", err)
	}
	for range 3 { // in the order Postfix delivered them
		h.waitHandled()
	}
	if s := h.status(jane.ID).Status; s != workflow.StatusReplied {
		t.Fatalf("Jane = %s, want replied: her mail is her reply, not commands", s)
	}
	if s := h.status(sam.ID).Status; s != workflow.StatusRequested {
		t.Fatalf("Sam = %s, want requested: nobody authenticated dropped him", s)
	}
	problems, err := h.store.Read().ProblemsSince(context.Background(), time.Time{})
	if err != nil || len(problems) != 2 {
		t.Fatalf("problems = %+v, %v; want the two forged mails, for the digest", problems, err)
	}
	h.wantNoReceipt("a forged mail")
}

// forwardBodiesDir holds forwarded bodies as mail clients write them.
const forwardBodiesDir = "../../shared/corpus/extras/forward-bodies"

// TestDovecotForwardedIntroductions forwards one introduction as five mail
// clients write an inline forward, and as an attachment: each time John
// Doe introduces Walter and Nicholas to the owner (bessie.berry@acme.com in
// the corpus, one of the owner's addresses here).
func TestDovecotForwardedIntroductions(t *testing.T) {
	if _, err := os.Stat(forwardBodiesDir); os.IsNotExist(err) {
		t.Skipf("corpus %s not present: skipping (CI has it)", forwardBodiesDir)
	}
	clients := map[string]string{
		"gmail": "gmail_en", "outlook": "outlook_2013_en", "apple mail": "apple_mail_en",
		"thunderbird": "thunderbird_en", "yahoo": "yahoo_en",
	}
	for client, file := range clients {
		t.Run(client, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(forwardBodiesDir, "crisp-email-forward-parser__"+file+"_body.txt"))
			if err != nil {
				t.Fatal(err)
			}
			raw := ownerMail("OWNER", "RAPPORT", "Fwd: Integer consequat non purus", "fwd-"+strings.ReplaceAll(client, " ", "-")+"@rapport.test", "",
				"field: supply chain\n\n"+string(body))
			forwardedIntroduction(t, raw)
		})
	}
	t.Run("attached", func(t *testing.T) {
		inner := "From: John Doe <john.doe@acme.com>\r\nTo: bessie.berry@acme.com\r\nCc: Walter Sheltan <walter.sheltan@acme.com>, Nicholas <nicholas@globex.corp>\r\n" +
			"Subject: Integer consequat non purus\r\nDate: Wed, 27 Oct 2021 09:31:00 +0200\r\nMessage-ID: <intro-1@acme.com>\r\n" +
			"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWalter, Nicholas: meet Bessie, who is moving into supply chain.\r\n"
		raw := "From: Alex Example <OWNER>\r\nTo: RAPPORT\r\nSubject: Fwd: Integer consequat non purus\r\nDate: " + time.Now().Format(time.RFC1123Z) + "\r\n" +
			"Message-ID: <fwd-attached@rapport.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n" +
			"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nfield: supply chain\r\n\r\n" +
			"--b1\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=intro.eml\r\n\r\n" + inner + "\r\n--b1--\r\n"
		forwardedIntroduction(t, []byte(raw))
	})
}

// forwardedIntroduction submits raw (with OWNER and RAPPORT standing for
// the owner's and rapport's addresses) and checks the contacts it makes
// and the receipt.
func forwardedIntroduction(t *testing.T, raw []byte) {
	h, stack, owner := commandHarness(t)
	h.cfg.Owner.Addresses = append(h.cfg.Owner.Addresses, "bessie.berry@acme.com")
	h.start()
	raw = []byte(strings.NewReplacer("OWNER", owner, "RAPPORT", plusAddress(owner)).Replace(string(raw)))
	submit(t, stack, owner, []string{plusAddress(owner)}, raw)
	h.submitted++
	h.waitEvent("introduction")

	ctx := context.Background()
	byEmail := func(addr string) *store.Contact {
		c, err := h.store.Read().ContactByEmail(ctx, addr)
		if err != nil {
			t.Fatalf("contact %s: %v", addr, err)
		}
		return c
	}
	john := byEmail("john.doe@acme.com")
	if john.IntroducedBy != 0 || john.State.Status != workflow.StatusNew {
		t.Errorf("John (the introducer) = %+v; want new, introduced by no one", john)
	}
	for addr, company := range map[string]string{"walter.sheltan@acme.com": "Acme", "nicholas@globex.corp": "Globex"} {
		c := byEmail(addr)
		if c.IntroducedBy != john.ID || c.Company != company || c.Field != "supply chain" || c.State.Status != workflow.StatusDrafted {
			t.Errorf("%s = introduced by #%d, company %q, field %q, %s; want #%d, %q, supply chain, drafted",
				addr, c.IntroducedBy, c.Company, c.Field, c.State.Status, john.ID, company)
		}
	}
	if n, _ := h.store.Read().CountContacts(ctx); n != 3 {
		t.Errorf("%d contacts, want 3: the owner's own addresses are never contacts", n)
	}
	m := classify.Parse(raw)
	r := h.waitReceipt(stack, owner, m.MessageID)
	wantLines(t, "receipt", r.Text, "John Doe <john.doe@acme.com>: introducer, added",
		"Walter Sheltan <walter.sheltan@acme.com>: added, introduced by", "reply to the introduction drafted")
}
