package mailstack_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/rapport-mail/rapport/internal/rig/mailstack"
)

func TestMain(m *testing.M) { os.Exit(mailstack.RunTests(m)) }

var userSeq atomic.Int64

// newUser adds a user no other test (or -count run) uses.
func newUser(t *testing.T, st *mailstack.Stack, prefix string) (addr, pass string) {
	t.Helper()
	name := fmt.Sprintf("%s%d", prefix, userSeq.Add(1))
	pass = "pw-" + name
	addr, err := st.AddUser(name, pass)
	if err != nil {
		t.Fatalf("AddUser(%q) = %v", name, err)
	}
	if want := name + "@rapport.test"; addr != want {
		t.Fatalf("AddUser(%q) = %q, want %q", name, addr, want)
	}
	return addr, pass
}

func message(from, to, subject, body string) []byte {
	return []byte("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject +
		"\r\nMessage-ID: <" + subject + "@mailstack.test>\r\nDate: " +
		time.Now().Format(time.RFC1123Z) + "\r\n\r\n" + body + "\r\n")
}

func waitDelivered(t *testing.T, st *mailstack.Stack, user string, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := st.WaitDelivered(ctx, user, n); err != nil {
		t.Fatal(err)
	}
}

func login(t *testing.T, c *imapclient.Client, user, pass string) {
	t.Helper()
	t.Cleanup(func() { c.Close() })
	if err := c.Login(user, pass).Wait(); err != nil {
		t.Fatalf("Login(%q) = %v", user, err)
	}
}

// fetchFirst returns the subject and full text of the INBOX's first message
// and the number of messages.
func fetchFirst(t *testing.T, c *imapclient.Client) (subject, text string, n uint32) {
	t.Helper()
	sel, err := c.Select("INBOX", nil).Wait()
	if err != nil {
		t.Fatalf("Select(INBOX) = %v", err)
	}
	if sel.NumMessages == 0 {
		return "", "", 0
	}
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSetNum(1), &imap.FetchOptions{
		Envelope:    true,
		BodySection: []*imap.FetchItemBodySection{section},
	}).Collect()
	if err != nil || len(msgs) != 1 {
		t.Fatalf("Fetch(1) = %d messages, %v", len(msgs), err)
	}
	return msgs[0].Envelope.Subject, string(msgs[0].FindBodySection(section)), sel.NumMessages
}

func TestDeliverThenReadOverEachIMAPPort(t *testing.T) {
	st := mailstack.Shared(t)
	alice, pass := newUser(t, st, "alice")
	bob, _ := newUser(t, st, "bob")

	raw := message("someone@example.com", alice, "hello-"+alice, "body for alice")
	if err := st.Deliver("someone@example.com", []string{alice}, raw); err != nil {
		t.Fatal(err)
	}
	waitDelivered(t, st, alice, 1)

	dials := []struct {
		name    string
		dial    func() (*imapclient.Client, error)
		wantTLS bool
	}{
		{"plaintext", func() (*imapclient.Client, error) {
			return imapclient.DialInsecure(st.IMAPAddr, nil)
		}, false},
		{"starttls", func() (*imapclient.Client, error) {
			return imapclient.DialStartTLS(st.IMAPAddr, &imapclient.Options{TLSConfig: st.TLSConfig()})
		}, true},
		{"implicit tls", func() (*imapclient.Client, error) {
			return imapclient.DialTLS(st.IMAPSAddr, &imapclient.Options{TLSConfig: st.TLSConfig()})
		}, true},
	}
	for _, d := range dials {
		t.Run(d.name, func(t *testing.T) {
			c, err := d.dial()
			if err != nil {
				t.Fatalf("dial = %v", err)
			}
			login(t, c, alice, pass)
			if !c.Caps().Has(imap.CapIdle) {
				t.Errorf("capabilities %v lack IDLE", c.Caps())
			}
			subject, text, n := fetchFirst(t, c)
			if n != 1 || subject != "hello-"+alice || !strings.Contains(text, "body for alice") {
				t.Errorf("INBOX = %d messages, first %q %q; want 1, %q with its body", n, subject, text, "hello-"+alice)
			}
		})
	}

	t.Run("wrong password", func(t *testing.T) {
		c, err := imapclient.DialTLS(st.IMAPSAddr, &imapclient.Options{TLSConfig: st.TLSConfig()})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.Login(bob, "not-the-password").Wait(); err == nil {
			t.Error("Login with a wrong password succeeded")
		}
	})
}

// submit sends raw through the submission port: STARTTLS, AUTH PLAIN.
func submit(t *testing.T, st *mailstack.Stack, from, pass, to string, raw []byte) {
	t.Helper()
	c, err := smtp.DialStartTLS(st.SubmissionAddr, st.TLSConfig())
	if err != nil {
		t.Fatalf("DialStartTLS(submission) = %v", err)
	}
	defer c.Close()
	if err := c.Auth(sasl.NewPlainClient("", from, pass)); err != nil {
		t.Fatalf("AUTH PLAIN = %v", err)
	}
	if err := c.SendMail(from, []string{to}, bytes.NewReader(raw)); err != nil {
		t.Fatalf("SendMail = %v", err)
	}
	if err := c.Quit(); err != nil {
		t.Fatalf("QUIT = %v", err)
	}
}

func TestSubmissionWithAuth(t *testing.T) {
	st := mailstack.Shared(t)
	alice, alicePass := newUser(t, st, "alice")
	bob, bobPass := newUser(t, st, "bob")

	subject := "submitted-" + bob
	submit(t, st, alice, alicePass, bob, message(alice, bob, subject, "hi bob"))
	waitDelivered(t, st, bob, 1)

	ic, err := imapclient.DialTLS(st.IMAPSAddr, &imapclient.Options{TLSConfig: st.TLSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	login(t, ic, bob, bobPass)
	if got, _, _ := fetchFirst(t, ic); got != subject {
		t.Errorf("bob's first subject = %q, want %q", got, subject)
	}
}

// TestRefusals checks what must not go through, each at the command that
// should refuse it.
func TestRefusals(t *testing.T) {
	st := mailstack.Shared(t)
	alice, alicePass := newUser(t, st, "alice")

	plain := func(t *testing.T) *smtp.Client {
		c, err := smtp.Dial(st.SMTPAddr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	submission := func(t *testing.T, pass string) *smtp.Client {
		c, err := smtp.DialStartTLS(st.SubmissionAddr, st.TLSConfig())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		if pass != "" {
			if err := c.Auth(sasl.NewPlainClient("", alice, pass)); err != nil {
				t.Fatalf("AUTH = %v", err)
			}
		}
		return c
	}
	tests := []struct {
		name   string
		client func(t *testing.T) *smtp.Client
		rcpt   string
	}{
		{"smtp: other domain", plain, "someone@example.com"},
		{"smtp: unknown user", plain, "nobody@rapport.test"},
		{"submission: no auth", func(t *testing.T) *smtp.Client { return submission(t, "") }, alice},
		{"submission: other domain", func(t *testing.T) *smtp.Client { return submission(t, alicePass) }, "someone@example.com"},
		{"submission: unknown user", func(t *testing.T) *smtp.Client { return submission(t, alicePass) }, "nobody@rapport.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.client(t)
			if err := c.Mail(alice, nil); err != nil {
				t.Fatalf("MAIL = %v", err)
			}
			err := c.Rcpt(tt.rcpt, nil)
			var se *smtp.SMTPError
			if !errors.As(err, &se) || se.Code < 500 {
				t.Errorf("RCPT %s = %v, want a 5xx refusal", tt.rcpt, err)
			}
		})
	}

	t.Run("submission: wrong password", func(t *testing.T) {
		c, err := smtp.DialStartTLS(st.SubmissionAddr, st.TLSConfig())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.Auth(sasl.NewPlainClient("", alice, "wrong")); err == nil {
			t.Error("AUTH with a wrong password succeeded")
		}
	})
	t.Run("submission: no AUTH before STARTTLS", func(t *testing.T) {
		c, err := smtp.Dial(st.SubmissionAddr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.Hello("localhost"); err != nil {
			t.Fatal(err)
		}
		if ok, _ := c.Extension("AUTH"); ok {
			t.Error("AUTH offered before STARTTLS")
		}
		if err := c.Mail(alice, nil); err == nil {
			t.Error("MAIL accepted before STARTTLS")
		}
	})
}

// TestIdleSeesDelivery measures the time from Postfix accepting a message to
// an idling client's EXISTS. Dovecot delays IDLE notifications by 500 ms.
func TestIdleSeesDelivery(t *testing.T) {
	st := mailstack.Shared(t)
	user, pass := newUser(t, st, "idler")

	exists := make(chan uint32, 16)
	c, err := imapclient.DialTLS(st.IMAPSAddr, &imapclient.Options{
		TLSConfig: st.TLSConfig(),
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			// Runs on the client's read loop: never block here.
			Mailbox: func(data *imapclient.UnilateralDataMailbox) {
				if data.NumMessages != nil {
					select {
					case exists <- *data.NumMessages:
					default:
					}
				}
			},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	login(t, c, user, pass)
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}

	const rounds = 3
	var latencies []time.Duration
	for i := uint32(1); i <= rounds; i++ {
		idle, err := c.Idle()
		if err != nil {
			t.Fatalf("Idle() = %v", err)
		}
		subject := fmt.Sprintf("idle-%d", i)
		if err := st.Deliver("x@example.com", []string{user}, message("x@example.com", user, subject, "ping")); err != nil {
			t.Fatal(err)
		}
		accepted := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	wait:
		for {
			select {
			case n := <-exists:
				if n >= i {
					break wait
				}
			case <-ctx.Done():
				cancel()
				t.Fatalf("round %d: no EXISTS %d within 10 s of delivery", i, i)
			}
		}
		cancel()
		latencies = append(latencies, time.Since(accepted))
		if err := idle.Close(); err != nil {
			t.Fatalf("IDLE Close = %v", err)
		}
		if err := idle.Wait(); err != nil {
			t.Fatalf("IDLE Wait = %v", err)
		}
	}
	slices.Sort(latencies)
	t.Logf("SMTP accepted -> IDLE EXISTS: median %v, min %v, max %v over %d deliveries (Dovecot's floor: 500 ms)",
		latencies[len(latencies)/2], latencies[0], latencies[len(latencies)-1], rounds)
}

func TestRestartDovecot(t *testing.T) {
	st := mailstack.Shared(t)
	user, pass := newUser(t, st, "restart")
	if err := st.Deliver("x@example.com", []string{user}, message("x@example.com", user, "before", "1")); err != nil {
		t.Fatal(err)
	}
	waitDelivered(t, st, user, 1)

	c, err := imapclient.DialTLS(st.IMAPSAddr, &imapclient.Options{TLSConfig: st.TLSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	login(t, c, user, pass)
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}

	if err := st.RestartDovecot(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-c.Closed():
	case <-time.After(10 * time.Second):
		t.Fatal("the IMAP connection survived RestartDovecot")
	}

	// Postfix must reach the new Dovecot's LMTP and SASL too.
	if err := st.Deliver("x@example.com", []string{user}, message("x@example.com", user, "after", "2")); err != nil {
		t.Fatal(err)
	}
	submit(t, st, user, pass, user, message(user, user, "submitted after", "3"))
	waitDelivered(t, st, user, 3)
	c2, err := imapclient.DialStartTLS(st.IMAPAddr, &imapclient.Options{TLSConfig: st.TLSConfig()})
	if err != nil {
		t.Fatalf("dial after restart = %v", err)
	}
	login(t, c2, user, pass)
	if subject, _, n := fetchFirst(t, c2); n != 3 || subject != "before" {
		t.Errorf("after restart: %d messages, first %q; want 3, %q", n, subject, "before")
	}
}

func TestResetUIDValidity(t *testing.T) {
	st := mailstack.Shared(t)
	user, pass := newUser(t, st, "uidv")
	if err := st.Deliver("x@example.com", []string{user}, message("x@example.com", user, "keep", "1")); err != nil {
		t.Fatal(err)
	}
	waitDelivered(t, st, user, 1)

	selectINBOX := func() *imap.SelectData {
		t.Helper()
		c, err := imapclient.DialTLS(st.IMAPSAddr, &imapclient.Options{TLSConfig: st.TLSConfig()})
		if err != nil {
			t.Fatal(err)
		}
		login(t, c, user, pass)
		sel, err := c.Select("INBOX", nil).Wait()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Logout().Wait(); err != nil {
			t.Fatal(err)
		}
		return sel
	}
	before := selectINBOX()
	if err := st.ResetUIDValidity(user); err != nil {
		t.Fatal(err)
	}
	after := selectINBOX()
	if after.UIDValidity == before.UIDValidity {
		t.Errorf("UIDVALIDITY = %d after ResetUIDValidity, want a new value", after.UIDValidity)
	}
	if after.NumMessages != 1 {
		t.Errorf("INBOX has %d messages after ResetUIDValidity, want 1", after.NumMessages)
	}
	t.Logf("UIDVALIDITY %d -> %d", before.UIDValidity, after.UIDValidity)
}
