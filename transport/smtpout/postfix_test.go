package smtpout

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/jordan-wright/email"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/mail/compose"
)

func TestMain(m *testing.M) { os.Exit(mailstack.RunTests(m)) }

var userSeq atomic.Int64

// stackUser adds a user no other test (or -count run) uses.
func stackUser(t *testing.T, st *mailstack.Stack, prefix string) (addr, pass string) {
	t.Helper()
	name := fmt.Sprintf("%s%d", prefix, userSeq.Add(1))
	pass = "pw-" + name + "-S3cret"
	addr, err := st.AddUser(name, pass)
	if err != nil {
		t.Fatalf("AddUser(%q) = %v", name, err)
	}
	return addr, pass
}

// submission returns a Sender logged in as user on the stack's submission
// port, which requires STARTTLS and AUTH.
func submission(t *testing.T, st *mailstack.Stack, user, pass string) *Sender {
	t.Helper()
	host, port, err := net.SplitHostPort(st.SubmissionAddr)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := strconv.Atoi(port)
	s, err := New(Config{Host: host, Port: p, TLS: config.TLSStartTLS, Username: user, Password: pass,
		Timeout: 20 * time.Second, TLSConfig: st.TLSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fetchRaw returns the full text of the first message in user's INBOX.
func fetchRaw(t *testing.T, st *mailstack.Stack, user, pass string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := st.WaitDelivered(ctx, user, 1); err != nil {
		t.Fatal(err)
	}
	c := imapLogin(t, st, user, pass)
	defer c.Close()
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSetNum(1), &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil || len(msgs) != 1 {
		t.Fatalf("Fetch(1) = %d messages, %v", len(msgs), err)
	}
	return msgs[0].FindBodySection(section)
}

// imapLogin returns an IMAP session logged in as user on the stack.
func imapLogin(t *testing.T, st *mailstack.Stack, user, pass string) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialStartTLS(st.IMAPAddr, &imapclient.Options{TLSConfig: st.TLSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(user, pass).Wait(); err != nil {
		c.Close()
		t.Fatalf("Login(%q) = %v", user, err)
	}
	return c
}

// traceHeaders are the fields Postfix and Dovecot add on the way
// (Authentication-Results: Postfix vouches for the submitting login).
var traceHeaders = []string{"Authentication-Results", "Delivered-To", "Received", "Return-Path"}

// TestPostfixDelivery sends a composed reply through the real Postfix's
// submission port (STARTTLS, AUTH) into Dovecot mailboxes, fetches it over
// IMAP and reads it with github.com/jordan-wright/email and net/mail.
func TestPostfixDelivery(t *testing.T) {
	st := mailstack.Shared(t)
	owner, ownerPass := stackUser(t, st, "owner")
	jane, janePass := stackUser(t, st, "jane")
	archive, archivePass := stackUser(t, st, "archive")

	m := &compose.Message{
		From:       mail.Address{Name: "Zoë Ówner", Address: owner},
		To:         []mail.Address{{Name: "Jane \"JD\" Doe\r\nBcc: victim@" + mailstack.Domain + "\r\nX-Injected: yes", Address: jane}},
		Bcc:        []mail.Address{{Address: archive}},
		Subject:    "Re: Grüße — 20 minutes about robotics? 🙏",
		Body:       "Hello Jane,\n\nthank you — that was generous.\n.\n" + strings.Repeat("A long line. ", 12) + "\n\nZoë\n",
		MessageID:  compose.NewMessageID(owner),
		InReplyTo:  "r1@acme.example",
		References: []string{"req1@owner.example", "r1@acme.example"},
		Date:       time.Now().Truncate(time.Second),
	}
	data, err := compose.Bytes(m)
	if err != nil {
		t.Fatal(err)
	}
	rcpts, err := compose.Recipients(m)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := submission(t, st, owner, ownerPass).Send(ctx, owner, rcpts, data); err != nil {
		t.Fatalf("Send() error = %v", err)
	}

	for _, who := range []struct{ addr, pass string }{{jane, janePass}, {archive, archivePass}} {
		raw := fetchRaw(t, st, who.addr, who.pass)
		// Postfix and Dovecot only prepend trace headers: the bytes we
		// sent arrive unchanged.
		if !bytes.HasSuffix(raw, data) {
			t.Fatalf("%s received\n%s\nwhich does not end with the bytes sent\n%s", who.addr, raw, data)
		}
		checkDelivered(t, raw[:len(raw)-len(data)], raw, m)
	}
}

// checkDelivered reads a delivered message back with two parsers that share
// no code with go-mail.
func checkDelivered(t *testing.T, prefix, raw []byte, m *compose.Message) {
	t.Helper()
	// What the servers prepended is trace fields only.
	pm, err := mail.ReadMessage(bytes.NewReader(append(slices.Clone(prefix), "\r\n"...)))
	if err != nil {
		t.Fatalf("prepended header does not parse: %v\n%s", err, prefix)
	}
	var traced []string
	for k := range pm.Header {
		if !slices.Contains(traceHeaders, k) {
			t.Errorf("the servers prepended %s: %q", k, pm.Header[k])
		}
		traced = append(traced, k)
	}

	e, err := email.NewEmailFromReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("email.NewEmailFromReader() error = %v", err)
	}
	if e.Subject != m.Subject {
		t.Errorf("Subject = %q, want %q", e.Subject, m.Subject)
	}
	if want := "Zoë Ówner <" + m.From.Address + ">"; e.From != want {
		t.Errorf("From = %q, want %q", e.From, want)
	}
	wantBody := strings.ReplaceAll(m.Body, "\n", "\r\n")
	if string(e.Text) != wantBody {
		t.Errorf("body = %q, want %q", e.Text, wantBody)
	}
	for k, v := range map[string]string{
		"Message-Id":  "<" + m.MessageID + ">",
		"In-Reply-To": "<r1@acme.example>",
		"References":  "<req1@owner.example> <r1@acme.example>",
		"Date":        m.Date.Format(time.RFC1123Z),
	} {
		if got := e.Headers[k]; len(got) != 1 || got[0] != v {
			t.Errorf("%s = %q, want [%q]", k, got, v)
		}
	}
	if len(e.Bcc) != 0 {
		t.Errorf("Bcc = %q, want none", e.Bcc)
	}
	// Every header field is one we wrote or one the servers prepended; the
	// hostile name added none.
	var keys []string
	for k := range e.Headers {
		keys = append(keys, k)
	}
	keys = append(keys, "From", "Subject", "To")
	slices.Sort(keys)
	want := append([]string{"Content-Transfer-Encoding", "Content-Type", "Date", "From", "In-Reply-To",
		"Message-Id", "Mime-Version", "References", "Subject", "To"}, traced...)
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Errorf("header fields = %v, want %v", keys, want)
	}

	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("net/mail.ReadMessage() error = %v", err)
	}
	to, err := msg.Header.AddressList("To")
	wantName := `Jane "JD" Doe Bcc: victim@` + mailstack.Domain + " X-Injected: yes"
	if err != nil || len(to) != 1 || to[0].Name != wantName || to[0].Address != m.To[0].Address {
		t.Errorf("To = %v (%v), want %q <%s>", to, err, wantName, m.To[0].Address)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 || *from[0] != m.From {
		t.Errorf("From = %v (%v), want %v", from, err, m.From)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("Subject = %q (%v), want %q", subject, err, m.Subject)
	}
}

// TestPostfixRefusals checks the error classes against the real Postfix:
// a wrong password and an unknown recipient.
func TestPostfixRefusals(t *testing.T) {
	st := mailstack.Shared(t)
	owner, ownerPass := stackUser(t, st, "owner")
	data := []byte("From: <" + owner + ">\r\nSubject: x\r\n\r\nx\r\n")

	t.Run("wrong password", func(t *testing.T) {
		bad := ownerPass + "-wrong"
		err := submission(t, st, owner, bad).Send(context.Background(), owner, []string{owner}, data)
		e := asError(t, err)
		if e.Class != Permanent || e.Stage != StageAuth || e.Code != 535 {
			t.Fatalf("Send() = %s at %s, %d (%v), want permanent at auth, 535", e.Class, e.Stage, e.Code, err)
		}
		for _, secret := range secretForms(owner, bad) {
			if strings.Contains(fmt.Sprintf("%v %+v", err, e), secret) {
				t.Errorf("the error shows the password: %v", err)
			}
		}
	})
	t.Run("unknown recipient", func(t *testing.T) {
		nobody := "nobody-" + strconv.FormatInt(userSeq.Add(1), 10) + "@" + mailstack.Domain
		err := submission(t, st, owner, ownerPass).Send(context.Background(), owner, []string{nobody}, data)
		e := asError(t, err)
		if e.Class != Permanent || e.Stage != StageRcpt || e.Code/100 != 5 || !slices.Equal(e.Recipients, []string{nobody}) {
			t.Fatalf("Send() = %s at %s, %d, %v (%v), want permanent at rcpt to, 5xx, %s", e.Class, e.Stage, e.Code, e.Recipients, err, nobody)
		}
		if !strings.Contains(err.Error(), e.Text) || e.Text == "" {
			t.Errorf("error %q does not carry the server's text %q", err, e.Text)
		}
	})
}
