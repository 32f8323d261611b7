package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
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

// TestDoctorOffline checks what rapport doctor prints and its exit codes;
// the checks themselves are tested in daemon/doctor.
func TestDoctorOffline(t *testing.T) {
	e := newEnv(t)

	t.Run("no configuration file", func(t *testing.T) {
		code, out, errOut := e.run("doctor")
		if code != 1 || !strings.Contains(errOut, "rapport doctor: 3 check(s) failed") {
			t.Fatalf("exit %d, %q; want 1 and 3 failed checks\n%s", code, errOut, out)
		}
		doctorLines(t, out)
		fixture.WantLine(t, out, "✗ config: no configuration file at ", "— copy config.example.toml there")
		fixture.WantLine(t, out, "! config: imap.host: not set")
		fixture.WantLine(t, out, "✓ templates: the built-in ones")
	})

	t.Run("good, no database yet", func(t *testing.T) {
		dir := t.TempDir()
		path := writeFile(t, dir, "config.toml", fixture.OfflineConfig(dir, ""))
		code, out, errOut := e.run("doctor", "--config", path, "--db", filepath.Join(dir, "other.db"))
		if code != 0 || errOut != "" {
			t.Fatalf("exit %d, %q; want 0 and nothing on stderr\n%s", code, errOut, out)
		}
		lines := doctorLines(t, out)
		want := []string{"✓ config: " + path, "! config: " + path + ": imap.host: not set: ",
			"✓ templates: the built-in ones", "✓ database: none yet at " + filepath.Join(dir, "other.db"),
			"✓ time zone: Europe/Berlin (CET, UTC+01:00 now)"}
		if len(lines) != len(want) {
			t.Fatalf("doctor printed %d lines, want %d:\n%s", len(lines), len(want), out)
		}
		for i, w := range want {
			if !strings.HasPrefix(lines[i], w) {
				t.Errorf("line %d = %q, want it to start with %q", i+1, lines[i], w)
			}
		}
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

// config writes a configuration for the stack's owner (see
// mailstack.Stack.OwnerConfig) and returns its path.
func (m *mailDoctor) config(name, imapPassword, smtpPassword, imapExtra string) string {
	return m.stack.OwnerConfig(m.t, m.dir, name, m.owner, imapPassword, smtpPassword, imapExtra)
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

// TestDoctorMailStack runs the real binary against the mail stack: a
// private CA is trusted through SSL_CERT_FILE, as a user would do it, and
// a failed check makes the exit status 1.
func TestDoctorMailStack(t *testing.T) {
	m := newMailDoctor(t)
	path := m.config("good", "owner secret 1", "owner secret 1", "")

	code, out := m.doctor(nil, "--config", path)
	if code != 0 {
		t.Fatalf("exit %d, want 0\n%s", code, out)
	}
	for _, l := range doctorLines(t, out) {
		if !strings.HasPrefix(l, "✓ ") {
			t.Errorf("not a pass: %q", l)
		}
	}
	fixture.WantLine(t, out, "✓ imap: logged in as "+m.owner)
	fixture.WantLine(t, out, "✓ smtp: logged in as "+m.owner)

	// Without SSL_CERT_FILE the system's roots do not know the stack's CA.
	code, out = m.doctor([]string{"SSL_CERT_FILE=/nonexistent/ca.pem"}, "--config", path)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	fixture.WantLine(t, out, "✗ imap: connect to "+m.stack.IMAPSAddr+" (implicit TLS): ", "certificate", "SSL_CERT_FILE")
	fixture.WantLine(t, out, "✗ smtp: connect to "+m.stack.SubmissionAddr+" (STARTTLS): ", "certificate", "SSL_CERT_FILE")
}

// exitCode returns the exit status of a process that ran and failed.
func exitCode(err error) (int, bool) {
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.Exited() {
		return exit.ExitCode(), true
	}
	return 0, false
}
