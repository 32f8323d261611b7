package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"rapport/internal/rig/mailstack"
	"rapport/store"
)

func TestMain(m *testing.M) { os.Exit(mailstack.RunTests(m)) }

// doctorLines returns the check lines of doctor's output, failing the
// test on any line that is not one.
func doctorLines(t *testing.T, out string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for _, l := range lines {
		if !strings.HasPrefix(l, "✓ ") && !strings.HasPrefix(l, "✗ ") && !strings.HasPrefix(l, "! ") {
			t.Errorf("doctor printed a line that is no check: %q", l)
		}
	}
	return lines
}

// wantLine fails unless some line starts with prefix and contains all of
// wants.
func wantLine(t *testing.T, out, prefix string, wants ...string) {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, prefix) {
			continue
		}
		ok := true
		for _, w := range wants {
			ok = ok && strings.Contains(l, w)
		}
		if ok {
			return
		}
	}
	t.Fatalf("no line starts with %q and contains %q:\n%s", prefix, wants, out)
}

// offlineConfig is a valid configuration without servers, its database in
// dir.
func offlineConfig(dir, extra string) string {
	return fmt.Sprintf(`[owner]
name = "Alex Example"
addresses = ["alex@example.com"]
time_zone = "Europe/Berlin"

[commands]
authserv_ids = ["mx.example.com"]

[paths]
database = %q
%s`, filepath.Join(dir, "state", "rapport.db"), extra)
}

func TestDoctorOffline(t *testing.T) {
	e := newEnv(t)

	t.Run("no configuration file", func(t *testing.T) {
		code, out, _ := e.run("doctor")
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s", code, out)
		}
		doctorLines(t, out)
		wantLine(t, out, "✗ config: no configuration file at ", "— copy config.example.toml there")
		wantLine(t, out, "✓ templates: the built-in ones")
	})

	t.Run("good, no database yet", func(t *testing.T) {
		dir := t.TempDir()
		path := writeFile(t, dir, "config.toml", offlineConfig(dir, ""))
		code, out, errOut := e.run("doctor", "--config", path)
		if code != 0 {
			t.Fatalf("exit %d, want 0\n%s%s", code, out, errOut)
		}
		if strings.Contains(out, "✗") {
			t.Errorf("a good configuration fails a check:\n%s", out)
		}
		doctorLines(t, out)
		wantLine(t, out, "✓ config: "+path)
		// Without servers rapport is a command-line tracker: a warning, not a failure.
		wantLine(t, out, "! config: "+path+": imap.host: not set")
		wantLine(t, out, "✓ database: none yet at "+filepath.Join(dir, "state", "rapport.db"))
		// The clock is 2026-11-23 09:30 UTC: winter time in Berlin.
		wantLine(t, out, "✓ time zone: Europe/Berlin (CET, UTC+01:00 now)")
		if _, err := os.Stat(filepath.Join(dir, "state")); err == nil {
			t.Errorf("doctor created the database directory")
		}
	})

	t.Run("good database", func(t *testing.T) {
		dir := t.TempDir()
		path := writeFile(t, dir, "config.toml", offlineConfig(dir, ""))
		e.ok("add", "--config", path, "--name", "Jane Doe", "--email", "jane@example.com")
		code, out, _ := e.run("doctor", "--config", path)
		if code != 0 {
			t.Fatalf("exit %d, want 0\n%s", code, out)
		}
		wantLine(t, out, "✓ database: "+filepath.Join(dir, "state", "rapport.db"), "integrity ok",
			fmt.Sprintf("schema version %d", store.SchemaVersion()))
	})

	t.Run("config problems", func(t *testing.T) {
		dir := t.TempDir()
		path := writeFile(t, dir, "config.toml", offlineConfig(dir, `
[imap]
host = "imap.example.com"
tls = "sometimes"
username = "alex@example.com"
password_command = "echo secret"
`))
		code, out, _ := e.run("doctor", "--config", path)
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s", code, out)
		}
		doctorLines(t, out)
		wantLine(t, out, "✗ config: "+path+":14: imap.tls: ", `"sometimes" is not a TLS mode`, `— use "implicit", "starttls" or "none"`)
		wantLine(t, out, "✗ imap: not checked — fix imap.tls")
		if strings.Contains(out, "✓ config") {
			t.Errorf("a config with problems passes:\n%s", out)
		}
	})

	t.Run("config does not load", func(t *testing.T) {
		dir := t.TempDir()
		path := writeFile(t, dir, "config.toml", offlineConfig(dir, "[imap]\nhots = \"imap.example.com\"\n"))
		code, out, _ := e.run("doctor", "--config", path)
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s", code, out)
		}
		doctorLines(t, out)
		wantLine(t, out, "✗ config: "+path+":12:1: ", `unknown key "imap.hots"`)
		wantLine(t, out, "✗ config: the file does not load, so nothing else was checked")
		if strings.Contains(out, "database") {
			t.Errorf("doctor went on without a configuration:\n%s", out)
		}
	})

	t.Run("broken template", func(t *testing.T) {
		dir := t.TempDir()
		tdir := filepath.Join(dir, "templates")
		if err := os.Mkdir(tdir, 0o700); err != nil {
			t.Fatal(err)
		}
		writeFile(t, tdir, "request.txt", "Subject: {{.Contact.Name\n\nHi.\n")
		path := writeFile(t, dir, "config.toml", offlineConfig(dir, "templates = \"templates\"\n"))
		code, out, _ := e.run("doctor", "--config", path)
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s", code, out)
		}
		doctorLines(t, out)
		wantLine(t, out, "✗ templates: "+filepath.Join(tdir, "request.txt")+":1: ")
		wantLine(t, out, "✗ templates: 1 problem(s) in "+tdir, "— fix the lines above, then run rapport templates check")
	})

	t.Run("damaged database", func(t *testing.T) {
		dir := t.TempDir()
		path := writeFile(t, dir, "config.toml", offlineConfig(dir, ""))
		if err := os.MkdirAll(filepath.Join(dir, "state"), 0o700); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "state"), "rapport.db", strings.Repeat("not a database ", 500))
		code, out, _ := e.run("doctor", "--config", path)
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s", code, out)
		}
		wantLine(t, out, "✗ database: ", "restore your latest backup (see rapport backup)")
	})

	t.Run("newer database", func(t *testing.T) {
		dir := t.TempDir()
		path := writeFile(t, dir, "config.toml", offlineConfig(dir, ""))
		e.ok("list", "--config", path)
		db, err := sql.Open("sqlite", filepath.Join(dir, "state", "rapport.db"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", store.SchemaVersion()+1)); err != nil {
			t.Fatal(err)
		}
		db.Close()
		code, out, _ := e.run("doctor", "--config", path)
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s", code, out)
		}
		wantLine(t, out, "✗ database: ", fmt.Sprintf("schema version %d, newer than this rapport's %d", store.SchemaVersion()+1, store.SchemaVersion()),
			"— upgrade rapport")
	})

	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{{"doctor", "extra"}, {"doctor", "--send-test", "Jane <jane@example.com>"}, {"doctor", "--send-test", "nobody"}} {
			if code, _, errOut := e.run(args...); code != 2 || !strings.Contains(errOut, "usage: rapport doctor") {
				t.Errorf("rapport %q: exit %d, want 2 with usage\n%s", args, code, errOut)
			}
		}
	})
}

// mailDoctor runs the real binary's doctor against the mail stack, with
// SSL_CERT_FILE pointing at the stack's CA, as a user with a private CA
// would.
type mailDoctor struct {
	t     *testing.T
	stack *mailstack.Stack
	p     *process
	dir   string
	owner string
}

// doctorUsers numbers the stack users, which live as long as the test binary.
var doctorUsers atomic.Int32

func newMailDoctor(t *testing.T) *mailDoctor {
	stack := mailstack.Shared(t)
	dir := t.TempDir()
	owner, err := stack.AddUser(fmt.Sprintf("doctor%d", doctorUsers.Add(1)), "owner secret 1")
	if err != nil {
		t.Fatal(err)
	}
	return &mailDoctor{t: t, stack: stack, dir: dir, owner: owner, p: &process{t: t, bin: buildRapport(t), env: []string{
		"HOME=" + dir, "XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
		"XDG_DATA_HOME=" + filepath.Join(dir, "data"), "CONFIGURATION_DIRECTORY=", "STATE_DIRECTORY=",
		"SSL_CERT_FILE=" + stack.CACertFile, "SSL_CERT_DIR=",
	}}}
}

// config writes a configuration for the stack's owner, with the IMAP and
// SMTP passwords in files, plus extra keys in [imap]; it returns its path.
func (m *mailDoctor) config(name, imapPassword, smtpPassword, imapExtra string) string {
	t := m.t
	port := func(addr string) string { return addr[strings.LastIndex(addr, ":")+1:] }
	imapPW := writeFile(t, m.dir, name+"-imap-password", imapPassword+"\n")
	smtpPW := writeFile(t, m.dir, name+"-smtp-password", smtpPassword+"\n")
	return writeFile(t, m.dir, name+".toml", fmt.Sprintf(`[owner]
name = "Owen Doctor"
addresses = [%q]
time_zone = "Europe/Berlin"

[imap]
host = "127.0.0.1"
port = %s
tls = "implicit"
username = %q
password_file = %q
%s
[smtp]
host = "127.0.0.1"
port = %s
tls = "starttls"
username = %q
password_file = %q

[commands]
authserv_ids = [%q]

[paths]
database = %q
`, m.owner, port(m.stack.IMAPSAddr), m.owner, imapPW, imapExtra, port(m.stack.SubmissionAddr), m.owner, smtpPW,
		mailstack.AuthServID, filepath.Join(m.dir, name+".db")))
}

// doctor runs "rapport doctor" with args and returns its exit status and
// standard output.
func (m *mailDoctor) doctor(extraEnv []string, args ...string) (int, string) {
	m.t.Helper()
	out, errOut, err := m.p.run(extraEnv, append([]string{"doctor"}, args...)...)
	code := 0
	if err != nil {
		var ok bool
		if code, ok = exitCode(err); !ok {
			m.t.Fatalf("rapport doctor: %v\n%s", err, errOut)
		}
	}
	m.t.Logf("rapport doctor %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	return code, out
}

func TestDoctorMailStack(t *testing.T) {
	m := newMailDoctor(t)
	const imapPW, smtpPW = "owner secret 1", "owner secret 1"

	t.Run("all good", func(t *testing.T) {
		path := m.config("good", imapPW, smtpPW, `folders = ["Archive"]`+"\n")
		code, out := m.doctor(nil, "--config", path)
		if code != 0 {
			t.Fatalf("exit %d, want 0\n%s", code, out)
		}
		for _, l := range doctorLines(t, out) {
			if !strings.HasPrefix(l, "✓ ") {
				t.Errorf("not a pass: %q", l)
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
			wantLine(t, out, want[0], want[1:]...)
		}
		if strings.Contains(out, imapPW) {
			t.Errorf("doctor printed the password")
		}
	})

	t.Run("send test", func(t *testing.T) {
		name := fmt.Sprintf("friend%d", doctorUsers.Add(1))
		friend, err := m.stack.AddUser(name, "friend secret")
		if err != nil {
			t.Fatal(err)
		}
		path := m.config("send", imapPW, smtpPW, "")
		code, out := m.doctor(nil, "--config", path, "--send-test", friend)
		if code != 0 {
			t.Fatalf("exit %d, want 0\n%s", code, out)
		}
		wantLine(t, out, "✓ smtp: sent a test message to "+friend, "Message-ID <")
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := m.stack.WaitDelivered(ctx, friend, 1); err != nil {
			t.Fatalf("the test message did not arrive: %v", err)
		}
		raw := readDelivered(t, m.stack, name)
		for _, want := range []string{"Subject: Test message from rapport doctor", "From: \"Owen Doctor\" <" + m.owner + ">",
			"Authentication-Results: " + mailstack.AuthServID + "; auth=pass smtp.auth=" + m.owner} {
			if !strings.Contains(raw, want) {
				t.Errorf("the test message lacks %q:\n%s", want, raw)
			}
		}
	})

	t.Run("wrong passwords", func(t *testing.T) {
		const wrong = "Wr0ng-Pa55word!"
		path := m.config("wrong", wrong, wrong, "")
		code, out := m.doctor(nil, "--config", path, "--send-test", m.owner)
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s", code, out)
		}
		doctorLines(t, out)
		wantLine(t, out, "✓ imap: connected to ")
		wantLine(t, out, "✗ imap: log in as "+m.owner+": ", "AUTHENTICATIONFAILED", "— check imap.username and the password")
		wantLine(t, out, "✓ smtp: connected to ")
		wantLine(t, out, "✗ smtp: log in as "+m.owner+": 535", "— check smtp.username and the password")
		if strings.Contains(out, "sent a test message") {
			t.Errorf("a test message was sent without a login:\n%s", out)
		}
		if strings.Contains(out, wrong) {
			t.Errorf("doctor printed the password:\n%s", out)
		}
	})

	t.Run("missing folders", func(t *testing.T) {
		path := m.config("folders", imapPW, smtpPW, `sent_folder = "sent"`+"\n"+`folders = ["Networking"]`+"\nmachine_folder = \"Machine\"\n")
		code, out := m.doctor(nil, "--config", path)
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s", code, out)
		}
		doctorLines(t, out)
		wantLine(t, out, `✗ imap: sent folder "sent" (imap.sent_folder) does not exist`,
			`— did you mean "Sent"? set imap.sent_folder = "Sent", the folder the server marks \Sent, or leave it out`)
		wantLine(t, out, `✗ imap: watched folder "Networking" does not exist`, "— create it in your mail app, or fix imap.folders")
		wantLine(t, out, `✗ imap: machine mail folder "Machine" does not exist`, "imap.machine_folder")
		wantLine(t, out, "✓ smtp: logged in as ")
	})

	t.Run("untrusted certificate", func(t *testing.T) {
		// Without SSL_CERT_FILE the system's roots do not know the stack's CA.
		path := m.config("ca", imapPW, smtpPW, "")
		code, out := m.doctor([]string{"SSL_CERT_FILE=/nonexistent/ca.pem"}, "--config", path)
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s", code, out)
		}
		wantLine(t, out, "✗ imap: connect to "+m.stack.IMAPSAddr+" (implicit TLS): ", "certificate", "SSL_CERT_FILE")
		wantLine(t, out, "✗ smtp: connect to "+m.stack.SubmissionAddr+" (STARTTLS): ", "certificate", "SSL_CERT_FILE")
	})
}

// exitCode returns the exit status of a process that ran and failed.
func exitCode(err error) (int, bool) {
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.Exited() {
		return exit.ExitCode(), true
	}
	return 0, false
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
