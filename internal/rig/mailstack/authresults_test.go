package mailstack_test

import (
	"bytes"
	"net/mail"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/mail/authres"
)

// submitAs sends raw through the submission port, logged in as login, with
// from as the envelope sender.
func submitAs(t *testing.T, st *mailstack.Stack, login, pass, from string, to []string, raw []byte) {
	t.Helper()
	c, err := smtp.DialStartTLS(st.SubmissionAddr, st.TLSConfig())
	if err != nil {
		t.Fatalf("DialStartTLS(submission) = %v", err)
	}
	defer c.Close()
	if err := c.Auth(sasl.NewPlainClient("", login, pass)); err != nil {
		t.Fatalf("AUTH PLAIN as %s = %v", login, err)
	}
	if err := c.SendMail(from, to, bytes.NewReader(raw)); err != nil {
		t.Fatalf("SendMail = %v", err)
	}
	if err := c.Quit(); err != nil {
		t.Fatalf("QUIT = %v", err)
	}
}

// inbox returns the header of every message in the user's INBOX, in order,
// once the INBOX holds n messages.
func inbox(t *testing.T, st *mailstack.Stack, user, pass string, n int) []mail.Header {
	t.Helper()
	waitDelivered(t, st, user, n)
	c, err := imapclient.DialTLS(st.IMAPSAddr, &imapclient.Options{TLSConfig: st.TLSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	login(t, c, user, pass)
	sel, err := c.Select("INBOX", nil).Wait()
	if err != nil {
		t.Fatalf("Select(INBOX) = %v", err)
	}
	if int(sel.NumMessages) != n {
		t.Fatalf("INBOX of %s holds %d messages, want %d", user, sel.NumMessages, n)
	}
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true}
	var all imap.SeqSet
	all.AddRange(1, uint32(n))
	msgs, err := c.Fetch(all, &imap.FetchOptions{
		BodySection: []*imap.FetchItemBodySection{section},
	}).Collect()
	if err != nil || len(msgs) != n {
		t.Fatalf("Fetch(1:%d) = %d messages, %v", n, len(msgs), err)
	}
	var headers []mail.Header
	for _, m := range msgs {
		raw := m.FindBodySection(section)
		msg, err := mail.ReadMessage(bytes.NewReader(append(raw, "\r\n"...)))
		if err != nil {
			t.Fatalf("message %d of %s: %v\n%s", m.SeqNum, user, err, raw)
		}
		headers = append(headers, msg.Header)
	}
	return headers
}

// mentionsUs lists the Authentication-Results values that name the stack's
// authserv-id anywhere.
func mentionsUs(h mail.Header) []string {
	var out []string
	for _, v := range h["Authentication-Results"] {
		if strings.Contains(strings.ToLower(v), mailstack.AuthServID) {
			out = append(out, v)
		}
	}
	return out
}

// authFields lists h's Authentication-Results fields, in order, for
// authres.Verified. net/mail keeps no order across field names, so the
// Received fields are left out: every field then counts as written above
// them, as this stack writes its own.
func authFields(h mail.Header) []authres.HeaderField {
	var out []authres.HeaderField
	for _, v := range h["Authentication-Results"] {
		out = append(out, authres.HeaderField{Name: "Authentication-Results", Value: v})
	}
	return out
}

// wantOnlyOurs checks that h carries exactly one Authentication-Results
// field naming the stack, the one Postfix writes for login, and that
// authres trusts it for from.
func wantOnlyOurs(t *testing.T, h mail.Header, login, from string) {
	t.Helper()
	want := mailstack.AuthServID + "; auth=pass smtp.auth=" + login
	if got := mentionsUs(h); !slices.Equal(got, []string{want}) {
		t.Errorf("%q: Authentication-Results naming %s = %q, want only %q", h.Get("Subject"), mailstack.AuthServID, got, want)
	}
	if ok, why := authres.Verified(authFields(h), []string{mailstack.AuthServID}, from); !ok {
		t.Errorf("%q: authres.Verified(From %s) = false: %s", h.Get("Subject"), from, why)
	}
}

func TestAuthResultsOnSubmission(t *testing.T) {
	st := mailstack.Shared(t)
	alice, alicePass := newUser(t, st, "alice")
	bob, bobPass := newUser(t, st, "bob")
	carol, carolPass := newUser(t, st, "carol")

	// One message to two recipients: one field each, not one per RCPT.
	submitAs(t, st, alice, alicePass, alice, []string{bob, carol}, message(alice, bob+", "+carol, "auth-1", "hi"))
	// A login in another case: Dovecot knows the user, and the field
	// names the login as Dovecot reports it, in lower case.
	submitAs(t, st, strings.ToUpper(alice), alicePass, alice, []string{bob}, message(alice, bob, "auth-2", "hi"))

	for _, h := range inbox(t, st, bob, bobPass, 2) {
		wantOnlyOurs(t, h, alice, alice)
		// Authenticated mail vouches for its login only.
		if ok, why := authres.Verified(authFields(h), []string{mailstack.AuthServID}, bob); ok {
			t.Errorf("%q: authres.Verified(From %s) = true (%s), want false", h.Get("Subject"), bob, why)
		}
	}
	wantOnlyOurs(t, inbox(t, st, carol, carolPass, 1)[0], alice, alice)
}

// forgedFields claim the stack's authserv-id in the ways a parser would
// still read as the stack's: plain, after a comment, folded, in another
// case, quoted.
var forgedFields = []string{
	"Authentication-Results: mx.rapport.test; dkim=pass header.d=rapport.test header.s=s1",
	"Authentication-Results: (checked;ok) mx.rapport.test; auth=pass smtp.auth=OWNER",
	"Authentication-Results:\r\n  mx.rapport.test;\r\n  auth=pass smtp.auth=OWNER",
	"authentication-results: MX.Rapport.Test 1; spf=pass smtp.mailfrom=OWNER",
	"Authentication-Results: \"mx.rapport.test\"; dmarc=pass header.from=rapport.test",
	"Authentication-Results:mx.rapport.test;auth=pass smtp.auth=OWNER",
	// A guess at the name of the field smtpd prepends before cleanup turns
	// it into the real one.
	"X-Mailstack-Auth-00000000000000000000000000000000: smtp.auth=OWNER",
}

// forged returns a message from owner carrying every forged field and one
// genuine field of another server, which must survive.
func forged(owner, to, subject string) []byte {
	head := strings.ReplaceAll(strings.Join(forgedFields, "\r\n"), "OWNER", owner)
	return append([]byte(head+"\r\nAuthentication-Results: mx.other.example; spf=pass smtp.mailfrom=other.example\r\n"),
		message(owner, to, subject, "do what I say")...)
}

func TestForgedAuthResultsAreRemoved(t *testing.T) {
	st := mailstack.Shared(t)
	owner, ownerPass := newUser(t, st, "owner")
	mallory, malloryPass := newUser(t, st, "mallory")

	// From the outside: no field naming the stack survives, the other
	// server's does.
	if err := st.Deliver(owner, []string{owner}, forged(owner, owner, "forged-smtp")); err != nil {
		t.Fatal(err)
	}
	// Submitted by another user of the stack in the owner's name: only
	// Postfix's own field survives, and it names mallory.
	submitAs(t, st, mallory, malloryPass, owner, []string{owner}, forged(owner, owner, "forged-submission"))
	// Submitted by the owner: still exactly one field.
	submitAs(t, st, owner, ownerPass, owner, []string{owner}, forged(owner, owner, "forged-own"))

	other := "mx.other.example; spf=pass smtp.mailfrom=other.example"
	for _, h := range inbox(t, st, owner, ownerPass, 3) {
		subject := h.Get("Subject")
		if !slices.Contains(h["Authentication-Results"], other) {
			t.Errorf("%q: the other server's field is gone: %q", subject, h["Authentication-Results"])
		}
		for name := range h {
			if strings.HasPrefix(strings.ToLower(name), "x-mailstack-auth") {
				t.Errorf("%q: a marker field survived: %s: %s", subject, name, h.Get(name))
			}
		}
		ok, why := authres.Verified(authFields(h), []string{mailstack.AuthServID}, owner)
		switch subject {
		case "forged-smtp", "forged-submission":
			want := []string(nil)
			if subject == "forged-submission" {
				want = []string{mailstack.AuthServID + "; auth=pass smtp.auth=" + mallory}
			}
			if got := mentionsUs(h); !slices.Equal(got, want) {
				t.Errorf("%q: Authentication-Results naming %s = %q, want %q", subject, mailstack.AuthServID, got, want)
			}
			if ok {
				t.Errorf("%q: authres.Verified(From %s) = true (%s), want false", subject, owner, why)
			}
		case "forged-own":
			wantOnlyOurs(t, h, owner, owner)
		default:
			t.Errorf("unexpected message %q", subject)
		}
	}
}

func TestPlusAddressing(t *testing.T) {
	st := mailstack.Shared(t)
	alice, alicePass := newUser(t, st, "alice")
	bob, bobPass := newUser(t, st, "bob")
	local, domain, _ := strings.Cut(bob, "@")
	tagged := local + "+rapport@" + domain
	submitted := local + "+Sub.Tag@" + domain

	if err := st.Deliver("x@example.com", []string{tagged}, message("x@example.com", tagged, "plus-smtp", "1")); err != nil {
		t.Fatal(err)
	}
	submitAs(t, st, alice, alicePass, alice, []string{submitted}, message(alice, submitted, "plus-submission", "2"))

	// inbox waits for bob's INBOX itself: a message filed in a folder
	// named after the tag would never count.
	headers := inbox(t, st, bob, bobPass, 2)
	wantTo := map[string]string{"plus-smtp": tagged, "plus-submission": submitted}
	for _, h := range headers {
		subject := h.Get("Subject")
		if got := h.Get("To"); got != wantTo[subject] {
			t.Errorf("%q: To = %q, want %q", subject, got, wantTo[subject])
		}
		delete(wantTo, subject)
	}
	if len(wantTo) != 0 {
		t.Errorf("missing from bob's INBOX: %v", wantTo)
	}

	c, err := imapclient.DialTLS(st.IMAPSAddr, &imapclient.Options{TLSConfig: st.TLSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	login(t, c, bob, bobPass)
	boxes, err := c.List("", "*", nil).Collect()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range boxes {
		if l := strings.ToLower(b.Mailbox); strings.Contains(l, "rapport") || strings.Contains(l, "tag") {
			t.Errorf("bob has a mailbox %q named after a tag", b.Mailbox)
		}
	}
}
