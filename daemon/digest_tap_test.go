package daemon

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"mime"
	netmail "net/mail"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The digest's buttons on the real servers: the digest goes out through
// Postfix into the owner's inbox, the test takes the mailto links out of
// the delivered HTML part and sends the mails they open, as the owner's
// mail app would on a tap and Send (submitted with the owner's login, so
// Postfix vouches for them). A tapped command is no special case: it is
// the owner's mail to rapport, and passes or fails the same proof as any
// other; the same mail without that proof changes nothing.

// tapLink is a command button of the delivered digest.
var tapLink = regexp.MustCompile(`<a href="(mailto:[^"]*)" data-command="([^"]*)"`)

// deliveredDigestHTML returns the HTML part of the digest in the owner's
// inbox, decoded, as the owner's mail app shows it.
func deliveredDigestHTML(t *testing.T, l *lifeHarness) string {
	t.Helper()
	l.inbox(l.stack, l.owner) // waits until everything sent to the owner is delivered
	c := ownerClientAs(t, l.stack, l.owner, "owner-secret")
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{{Peek: true}}}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		for _, raw := range m.BodySection {
			msg, err := netmail.ReadMessage(bytes.NewReader(raw.Bytes))
			if err != nil {
				continue
			}
			subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			if !strings.HasPrefix(subject, "rapport: today") {
				continue
			}
			_, html := fixture.Part(t, raw.Bytes, "text/html")
			return string(html)
		}
	}
	t.Fatalf("no digest in %s's inbox", l.owner)
	return ""
}

// tapMail is the mail a mailto link opens, as a mail app fills it in:
// From the owner, To, Subject and body from the link (RFC 6068).
func tapMail(t *testing.T, owner, href, id string) (to string, raw []byte) {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "mailto" {
		t.Fatalf("link %q: %v", href, err)
	}
	to, _ = url.PathUnescape(u.Opaque)
	var subject, body string
	for _, kv := range strings.Split(u.RawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		dv, err := url.PathUnescape(v)
		if err != nil {
			t.Fatalf("link %q: %v", href, err)
		}
		switch k {
		case "subject":
			subject = dv
		case "body":
			body = dv
		}
	}
	// A mail app adds its signature under what the link wrote.
	return to, ownerMail(owner, to, subject, id, "", body+"-- \r\nSent from my phone\r\n")
}

// sentUntil collects what the sender commits until want holds.
func (l *lifeHarness) sentUntil(what string, want func(o store.Outgoing) bool) store.Outgoing {
	l.t.Helper()
	for {
		select {
		case o := <-l.sent:
			if want(o) {
				return o
			}
		case <-time.After(30 * time.Second):
			l.t.Fatalf("nothing sent: %s", what)
			return store.Outgoing{}
		}
	}
}

// TestDigestTapsCarryOut: the owner taps "#N send" and "#N met" in the
// delivered digest and sends the mails they open: the draft goes out, the
// contact is met, each command once (it is in the subject and the body).
// The same "met" mail without the owner's proof changes nothing.
func TestDigestTapsCarryOut(t *testing.T) {
	l := digestHarness(t, time.Date(2026, 12, 2, 7, 0, 0, 0, berlinZone(t)), "07:30")
	l.cfg.Workflow.SendMode = config.SendApprove
	l.cfg.Commands.RequireAuth = true
	l.cfg.Commands.AuthServIDs = []string{mailstack.AuthServID}
	l.cfg.Commands.Addresses = config.DefaultCommandAddresses(l.cfg.Owner.Addresses)
	l.cfg.Commands.SubjectTag = "rapport"
	ctx := context.Background()
	l.start()
	jane := &store.Contact{Name: "Jane Doe", Email: l.person("jane"), State: workflow.State{Status: workflow.StatusReplied}}
	sam := &store.Contact{Name: "Sam Lee", Email: l.person("sam")}
	err := l.store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.InsertContact(ctx, jane); err != nil {
			return err
		}
		if err := l.track.Add(ctx, tx, sam, l.clock.Now(), store.SourceCLI, "test"); err != nil {
			return err
		}
		_, err := l.track.Apply(ctx, tx, sam, workflow.Event{Kind: workflow.EventRequestDrafted}, l.clock.Now(), store.SourceCLI)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	l.at(time.Date(2026, 12, 2, 7, 30, 1, 0, l.zone))
	l.waitDigest("2026-12-02")

	page := deliveredDigestHTML(t, l)
	hrefs := map[string]string{}
	for _, m := range tapLink.FindAllStringSubmatch(page, -1) {
		hrefs[html.UnescapeString(m[2])] = html.UnescapeString(m[1])
	}
	send, met := fmt.Sprintf("#%d send", sam.ID), fmt.Sprintf("#%d met", jane.ID)
	for _, c := range []string{send, met} {
		if hrefs[c] == "" {
			t.Fatalf("the delivered digest has no %q button; it has %v", c, hrefs)
		}
	}

	// Forged: the "met" mail put in the inbox with no proof of the owner.
	to, raw := tapMail(t, l.owner, hrefs[met], "tap-forged@rapport.test")
	if to != plusAddress(l.owner) {
		t.Fatalf("the button writes to %q, want rapport's address %q", to, plusAddress(l.owner))
	}
	appendMail(t, l.stack, l.owner, string(raw))
	for len(l.problems(store.ProblemUnauthenticated)) == 0 {
		l.waitHandled() // the inbox also holds rapport's own mail to the owner
	}
	if s := l.contact(jane.ID).State.Status; s != workflow.StatusReplied {
		t.Fatalf("an unproven tap moved Jane to %s", s)
	}
	if p := l.problems(store.ProblemUnauthenticated); len(p) != 1 || !strings.Contains(p[0], met) {
		t.Fatalf("problems = %q, want the unproven tap", p)
	}

	for _, tap := range []struct {
		cmd, id string
		done    func(o store.Outgoing) bool
	}{
		{send, "tap-send@rapport.test", func(o store.Outgoing) bool {
			return o.ContactID == sam.ID && o.Template == workflow.TemplateRequest && o.Status == store.OutboxSent
		}},
		{met, "tap-met@rapport.test", nil},
	} {
		to, raw := tapMail(t, l.owner, hrefs[tap.cmd], tap.id)
		submit(t, l.stack, l.owner, []string{to}, raw)
		l.submitted++
		l.waitEvent("commands")
		receipt := l.sentUntil("the receipt of "+tap.cmd, func(o store.Outgoing) bool {
			return o.Template == "receipt" && o.InReplyTo == tap.id
		})
		if n := strings.Count(receipt.Body, "> "+tap.cmd); n != 1 {
			t.Errorf("the receipt of %q shows it %d times, want once:\n%s", tap.cmd, n, receipt.Body)
		}
		if strings.Contains(receipt.Body, "✗") {
			t.Errorf("the receipt of %q has a failed line:\n%s", tap.cmd, receipt.Body)
		}
		if tap.done != nil {
			l.sentUntil("Sam's request", tap.done)
		}
	}
	if s := l.contact(jane.ID).State.Status; s != workflow.StatusMet {
		t.Errorf("Jane = %s after the met button, want met", s)
	}
	if n := count(l.history(jane.ID), string(workflow.EventMet)); n != 1 {
		t.Errorf("Jane's history has %d met entries, want 1: %v", n, l.history(jane.ID))
	}
}
