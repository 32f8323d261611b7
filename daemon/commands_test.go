package daemon

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The owner's mail to rapport on the real servers: the owner submits it
// through Postfix as their mail app would (SASL on the submission port),
// Postfix vouches for it with Authentication-Results, Dovecot delivers it,
// and rapport answers with a receipt through Postfix again. Which of the
// owner's mail commands, and what a command does, is decided in package
// inbound and tested there on a database alone (mailstack's own tests show
// that Postfix removes forged Authentication-Results fields).

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

// A command mail the owner submits through Postfix is carried out, and
// its receipt comes back through Postfix into the owner's inbox.
func TestDovecotCommandsByMail(t *testing.T) {
	h, stack, owner := commandHarness(t)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()

	submit(t, stack, owner, []string{owner}, ownerMail(owner, owner, fmt.Sprintf("rapport: met #%d", jane.ID), "cmd-1@rapport.test", "", "Sent from my phone\n"))
	h.submitted++
	h.waitEvent("commands")
	if s := h.status(jane.ID).Status; s != workflow.StatusMet {
		t.Fatalf("Jane = %s after met by subject, want met", s)
	}
	r := h.waitReceipt(stack, owner, "cmd-1@rapport.test")
	wantLines(t, "the receipt", r.Text, fmt.Sprintf("✓ > met #%d", jane.ID), "Jane Doe: requested → met")
}
