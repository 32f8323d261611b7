package doctor

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
)

// stackDoctor runs the doctor against the mail stack (Dovecot and Postfix
// on loopback) as one owner.
type stackDoctor struct {
	t     *testing.T
	stack *mailstack.Stack
	dir   string
	owner string
}

// stackUsers numbers the stack users, which live as long as the test binary.
var stackUsers atomic.Int32

func newStackDoctor(t *testing.T) *stackDoctor {
	stack := mailstack.Shared(t)
	owner, err := stack.AddUser(fmt.Sprintf("doctor%d", stackUsers.Add(1)), "owner secret 1")
	if err != nil {
		t.Fatal(err)
	}
	return &stackDoctor{t: t, stack: stack, dir: t.TempDir(), owner: owner}
}

// config writes a configuration for the stack's owner (see
// mailstack.Stack.OwnerConfig) and returns its path.
func (m *stackDoctor) config(name, imapPassword, smtpPassword, imapExtra string) string {
	return m.stack.OwnerConfig(m.t, m.dir, name, m.owner, imapPassword, smtpPassword, imapExtra)
}

// run runs the doctor on the configuration at path, trusting the stack's
// CA unless tlsConfig says otherwise, and returns its lines.
func (m *stackDoctor) run(path, sendTest string, tlsConfig *tls.Config) (*Report, string) {
	if tlsConfig == nil {
		tlsConfig = m.stack.TLSConfig()
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r := Run(ctx, Options{ConfigPath: path, SendTest: sendTest, TLS: tlsConfig, Timeout: 10 * time.Second})
	out := lines(r)
	m.t.Logf("doctor:\n%s", out)
	return r, out
}

func TestRunMailStack(t *testing.T) {
	m := newStackDoctor(t)
	const imapPW, smtpPW = "owner secret 1", "owner secret 1"

	t.Run("all good", func(t *testing.T) {
		path := m.config("good", imapPW, smtpPW, `folders = ["Archive"]`+"\n")
		r, out := m.run(path, "", nil)
		for _, c := range r.Checks {
			if c.Status != Pass {
				t.Errorf("not a pass: %+v", c)
			}
		}
		for _, want := range [][]string{
			{"✓ config: " + path},
			{"✓ templates: the built-in ones"},
			{"✓ database: none yet at "},
			{"✓ time zone: Europe/Berlin ("},
			{"✓ imap: connected to " + m.stack.IMAPSAddr + " (implicit TLS)"},
			{"✓ imap: logged in as " + m.owner},
			{"✓ imap: IDLE supported"},
			{"✓ imap: folders: INBOX, ", `Sent (\Sent)`, `Drafts (\Drafts)`, `Trash (\Trash)`, `Junk (\Junk)`, `Archive (\Archive)`},
			{`✓ imap: watched folder "INBOX" exists`},
			{`✓ imap: watched folder "Archive" exists`},
			{`✓ imap: sent folder "Sent" (the server marks it \Sent)`},
			{"✓ smtp: connected to " + m.stack.SubmissionAddr + " (STARTTLS)"},
			{"✓ smtp: logged in as " + m.owner},
		} {
			fixture.WantLine(t, out, want[0], want[1:]...)
		}
		if strings.Contains(out, imapPW) {
			t.Errorf("the doctor showed the password")
		}
	})

	t.Run("send test", func(t *testing.T) {
		name := fmt.Sprintf("friend%d", stackUsers.Add(1))
		friend, err := m.stack.AddUser(name, "friend secret")
		if err != nil {
			t.Fatal(err)
		}
		path := m.config("send", imapPW, smtpPW, "")
		r, out := m.run(path, friend, nil)
		if r.Failed() != 0 {
			t.Fatalf("Failed() = %d, want 0\n%s", r.Failed(), out)
		}
		fixture.WantLine(t, out, "✓ smtp: sent a test message to "+friend, "Message-ID <")
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := m.stack.WaitDelivered(ctx, friend, 1); err != nil {
			t.Fatalf("the test message did not arrive: %v", err)
		}
		raw := readDelivered(t, m.stack, name)
		for _, want := range []string{"Subject: Test message from rapport doctor", "From: \"Owen Doctor\" <" + m.owner + ">",
			"Auto-Submitted: auto-generated", "It needs no answer.",
			"Authentication-Results: " + mailstack.AuthServID + "; auth=pass smtp.auth=" + m.owner} {
			if !strings.Contains(raw, want) {
				t.Errorf("the test message lacks %q:\n%s", want, raw)
			}
		}
	})

	t.Run("wrong passwords", func(t *testing.T) {
		const wrong = "Wr0ng-Pa55word!"
		path := m.config("wrong", wrong, wrong, "")
		r, out := m.run(path, m.owner, nil)
		if r.Failed() != 2 {
			t.Errorf("Failed() = %d, want 2\n%s", r.Failed(), out)
		}
		fixture.WantLine(t, out, "✓ imap: connected to ")
		fixture.WantLine(t, out, "✗ imap: log in as "+m.owner+": ", "AUTHENTICATIONFAILED", "— check imap.username and the password")
		fixture.WantLine(t, out, "✓ smtp: connected to ")
		fixture.WantLine(t, out, "✗ smtp: log in as "+m.owner+": 535", "— check smtp.username and the password")
		if strings.Contains(out, "sent a test message") {
			t.Errorf("a test message was sent without a login:\n%s", out)
		}
		if strings.Contains(out, wrong) {
			t.Errorf("the doctor showed the password:\n%s", out)
		}
	})

	t.Run("missing folders", func(t *testing.T) {
		path := m.config("folders", imapPW, smtpPW, `sent_folder = "sent"`+"\n"+`folders = ["Networking"]`+"\nmachine_folder = \"Machine\"\n")
		_, out := m.run(path, "", nil)
		fixture.WantLine(t, out, `✗ imap: sent folder "sent" (imap.sent_folder) does not exist`,
			`— did you mean "Sent"? set imap.sent_folder = "Sent", the folder the server marks \Sent, or leave it out`)
		fixture.WantLine(t, out, `✗ imap: watched folder "Networking" does not exist`, "— create it in your mail app, or fix imap.folders")
		fixture.WantLine(t, out, `✗ imap: machine mail folder "Machine" does not exist`, "imap.machine_folder")
		fixture.WantLine(t, out, "✓ smtp: logged in as ")
	})

	t.Run("untrusted certificate", func(t *testing.T) {
		// A pool that trusts no one stands for system roots that do not
		// know the stack's private CA.
		path := m.config("ca", imapPW, smtpPW, "")
		r, out := m.run(path, "", &tls.Config{RootCAs: x509.NewCertPool()})
		if r.Failed() != 2 {
			t.Errorf("Failed() = %d, want 2\n%s", r.Failed(), out)
		}
		fixture.WantLine(t, out, "✗ imap: connect to "+m.stack.IMAPSAddr+" (implicit TLS): ", "certificate", "SSL_CERT_FILE")
		fixture.WantLine(t, out, "✗ smtp: connect to "+m.stack.SubmissionAddr+" (STARTTLS): ", "certificate", "SSL_CERT_FILE")
	})
}

// readDelivered returns the one message in a stack user's maildir.
func readDelivered(t *testing.T, stack *mailstack.Stack, user string) string {
	t.Helper()
	for _, sub := range []string{"new", "cur"} {
		dir := filepath.Join(stack.Dir, "mail", stack.Domain, user, "Maildir", sub)
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("%s has no message", user)
	return ""
}
