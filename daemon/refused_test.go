package daemon

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/transport/imapwatch"
	"github.com/rapport-mail/rapport/transport/smtpout"
)

func TestExitStatus(t *testing.T) {
	refused := &LoginRefusedError{Err: &imapwatch.LoginRefusedError{Server: "imap.example.com:993", User: "alex"}}
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"clean stop", nil, 0},
		{"mailbox refused the login", refused, ExitLoginRefused},
		{"wrapped refusal", fmt.Errorf("rapport: %w", refused), ExitLoginRefused},
		{"smtp refused the login", &LoginRefusedError{SMTP: true, Err: &smtpout.Error{Stage: smtpout.StageAuth, Code: 535}}, ExitLoginRefused},
		{"broken configuration", &ConfigError{Err: errors.New("imap.host: missing")}, ExitConfig},
		{"did not stop in time", errStopTimeout, 1},
		{"anything else", errors.New("database is locked"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExitStatus(tt.err); got != tt.want {
				t.Fatalf("ExitStatus(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
	if ExitLoginRefused != 77 || ExitConfig != 78 {
		t.Fatalf("the exit statuses changed: the systemd units' RestartPreventExitStatus= lists 77 and 78")
	}
}

// scriptMailer answers each send with the next error of its script.
type scriptMailer struct{ answers []error }

func (m *scriptMailer) SendMarked(context.Context, string, []string, []byte, func() error) error {
	err := m.answers[0]
	m.answers = m.answers[1:]
	return err
}

// The SMTP server refusing the login twice in a row stops rapport; a
// temporary failure (454), a failure to connect, or a refusal between
// successes does not.
func TestSMTPRefusalsInARow(t *testing.T) {
	refused := &smtpout.Error{Class: smtpout.Permanent, Stage: smtpout.StageAuth, Code: 535, Enhanced: "5.7.8", Text: "Authentication credentials invalid"}
	appPassword := &smtpout.Error{Class: smtpout.Permanent, Stage: smtpout.StageAuth, Code: 534, Enhanced: "5.7.9", Text: "Application-specific password required"}
	temporary := &smtpout.Error{Class: smtpout.Temporary, Stage: smtpout.StageAuth, Code: 454, Enhanced: "4.7.0", Text: "Temporary authentication failure"}
	noToken := &smtpout.Error{Class: smtpout.Temporary, Stage: smtpout.StageAuth, Err: errors.New("get an access token: exit status 1")}
	down := &smtpout.Error{Class: smtpout.Temporary, Stage: smtpout.StageConnect, Err: errors.New("connection refused")}
	tests := []struct {
		name    string
		answers []error
		stopAt  int // the send that stops rapport, from 1; 0 for none
	}{
		{"twice", []error{refused, refused}, 2},
		{"app password required", []error{appPassword, appPassword}, 2},
		{"once", []error{refused, nil, refused, nil}, 0},
		{"454 between", []error{refused, temporary, refused, temporary}, 0},
		{"454 again and again", []error{temporary, temporary, temporary}, 0},
		{"no token", []error{noToken, noToken, noToken}, 0},
		{"server down", []error{down, refused, down, refused}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stopped := 0
			send := 0
			m := &refusalMailer{Mailer: &scriptMailer{answers: tt.answers}, refused: func(err error) {
				if stopped == 0 {
					stopped = send
				}
				if !smtpRefused(err) {
					t.Errorf("refused(%v), want the refusal", err)
				}
			}}
			for range tt.answers {
				send++
				m.SendMarked(t.Context(), "a@example.com", []string{"b@example.com"}, nil, nil)
			}
			if stopped != tt.stopAt {
				t.Fatalf("stopped at send %d, want %d", stopped, tt.stopAt)
			}
		})
	}
}

// rapportRun is one run of the rapport binary as systemd starts it: its
// standard error is the journal's stream (JOURNAL_STREAM names the pipe
// it writes to).
type rapportRun struct {
	code  int
	lines []string
}

// runRapport runs bin with args until it exits or, when until is set,
// until a line of its log holds until, when it is sent SIGTERM.
func runRapport(t *testing.T, bin string, stack *mailstack.Stack, until string, args ...string) rapportRun {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var st unix.Stat_t
	if err := unix.Fstat(int(w.Fd()), &st); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), fmt.Sprintf("JOURNAL_STREAM=%d:%d", st.Dev, st.Ino), "NOTIFY_SOCKET=", "WATCHDOG_USEC=")
	if stack != nil {
		cmd.Env = append(cmd.Env, "SSL_CERT_FILE="+stack.CACertFile)
	}
	cmd.Stderr = w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	timeout := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	defer timeout.Stop()
	var run rapportRun
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		run.lines = append(run.lines, sc.Text())
		if until != "" && strings.Contains(sc.Text(), until) {
			cmd.Process.Signal(syscall.SIGTERM)
		}
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		run.code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return run
}

// line returns the first line holding every one of parts, or fails the
// test.
func (r rapportRun) line(t *testing.T, parts ...string) string {
	t.Helper()
	for _, l := range r.lines {
		if containsAll(l, parts...) {
			return l
		}
	}
	t.Fatalf("no line of rapport's log holds %q:\n%s", parts, strings.Join(r.lines, "\n"))
	return ""
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// mismatches counts the logins as user that Dovecot refused for a wrong
// password (its auth_verbose log), once it counts want or 10 s passed:
// Dovecot's log process writes a moment after the refusal.
func mismatches(t *testing.T, stack *mailstack.Stack, user string, want int) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		b, err := os.ReadFile(filepath.Join(stack.Dir, "log", "dovecot.log"))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, l := range strings.Split(string(b), "\n") {
			if containsAll(l, "("+user+",", "Password mismatch") {
				n++
			}
		}
		if n >= want || time.Now().After(deadline) {
			return n
		}
		<-tick.C
	}
}

// refusalNotices returns the notices of refused logins in the database.
func refusalNotices(t *testing.T, db string) []store.Outgoing {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	all, err := st.Read().ListOutbox(context.Background(), store.OutboxFilter{Audience: store.AudienceOwner})
	if err != nil {
		t.Fatal(err)
	}
	var list []store.Outgoing
	for _, o := range all {
		if o.Template == refusalTemplate {
			list = append(list, o)
		}
	}
	return list
}

// A wrong IMAP password, under systemd: rapport does not retry it, mails
// the owner through Postfix once (however often it is started before the
// password is fixed), logs errors at the error priority, and exits 77,
// which the units do not restart. Once the password works the episode is
// over, and the next refusal is news again.
func TestWrongIMAPPasswordStopsAndTellsTheOwnerOnce(t *testing.T) {
	stack := mailstack.Shared(t)
	name := fmt.Sprintf("refused%d", userSeq.Add(1))
	owner, err := stack.AddUser(name, "owner-secret")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfgPath := stack.OwnerConfig(t, dir, "rapport", owner, "Wr0ng-Pa55word!", "owner-secret", "")
	f, err := os.OpenFile(cfgPath, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(f, "\n[digest]\nenabled = false\n") // the inbox holds the notices alone
	f.Close()
	db := filepath.Join(dir, "rapport.db")
	bin := buildBinary(t)
	setIMAPPassword := func(pw string) {
		if err := os.WriteFile(filepath.Join(dir, "rapport-imap-password"), []byte(pw+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	waitInbox := func(n int) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := stack.WaitDelivered(ctx, name, n); err != nil {
			t.Fatal(err)
		}
	}

	run := runRapport(t, bin, stack, "", "run", "--config", cfgPath)
	if run.code != ExitLoginRefused {
		t.Fatalf("rapport run with a wrong IMAP password exited %d, want %d:\n%s", run.code, ExitLoginRefused, strings.Join(run.lines, "\n"))
	}
	for _, l := range run.lines {
		if !strings.HasPrefix(l, "<") {
			t.Errorf("line %q has no priority for the journal", l)
		}
	}
	run.line(t, "<3>", "the mailbox refused the login; not trying again", "AUTHENTICATIONFAILED")
	run.line(t, "<3>rapport run: stopped: the mailbox refused rapport's login")
	run.line(t, "<6>", "the owner is told by mail")
	if n := mismatches(t, stack, owner, 1); n != 1 {
		t.Errorf("Dovecot saw %d logins with the wrong password, want 1: a refused password is not tried again", n)
	}
	waitInbox(1)
	inbox := readInbox(t, stack, owner, "owner-secret")
	if len(inbox) != 1 {
		t.Fatalf("the owner's inbox holds %d messages, want the notice alone", len(inbox))
	}
	notice := inbox[0]
	if notice.Subject != "rapport stopped: the mailbox refused its login" || notice.AutoSubmitted != "auto-generated" {
		t.Errorf("notice: subject %q, Auto-Submitted %q; want rapport's notice, marked automatic", notice.Subject, notice.AutoSubmitted)
	}
	wantLines(t, "the notice", notice.Text,
		"The mailbox refused rapport's login at 127.0.0.1 as "+owner+": the password or app password may have changed; fix it and start rapport again.",
		"The server answered: NO [AUTHENTICATIONFAILED] Authentication failed.")
	if strings.Contains(notice.Text, "Wr0ng-Pa55word!") || strings.Contains(notice.Text, "owner-secret") {
		t.Errorf("the notice holds a password:\n%s", notice.Text)
	}

	// Started again (by hand, or by a supervisor that restarts anything):
	// refused again, and the owner is not told again.
	run = runRapport(t, bin, stack, "", "run", "--config", cfgPath)
	if run.code != ExitLoginRefused {
		t.Fatalf("rapport run started again exited %d, want %d", run.code, ExitLoginRefused)
	}
	run.line(t, "the owner was told of this refused login already")
	if n := mismatches(t, stack, owner, 2); n != 2 {
		t.Errorf("Dovecot saw %d logins with the wrong password after two starts, want 2", n)
	}
	if n := len(refusalNotices(t, db)); n != 1 {
		t.Fatalf("%d notices of the refused login after a second start, want 1", n)
	}

	// The password fixed: rapport runs, and the refusal is over.
	setIMAPPassword("owner-secret")
	run = runRapport(t, bin, stack, "ready: INBOX is caught up", "run", "--config", cfgPath)
	if run.code != 0 {
		t.Fatalf("rapport run with the right password exited %d, want 0 after SIGTERM:\n%s", run.code, strings.Join(run.lines, "\n"))
	}
	run.line(t, "<6>", "the mailbox takes rapport's login again")

	// Changed again at the provider: news, a second notice.
	setIMAPPassword("changed-again")
	run = runRapport(t, bin, stack, "", "run", "--config", cfgPath)
	if run.code != ExitLoginRefused {
		t.Fatalf("rapport run refused again exited %d, want %d", run.code, ExitLoginRefused)
	}
	if n := len(refusalNotices(t, db)); n != 2 {
		t.Fatalf("%d notices after a second refusal episode, want 2", n)
	}
	waitInbox(2)
}

// A configuration that cannot run exits 78, which the units do not
// restart, and says why at the error priority.
func TestBrokenConfigExitStatus(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.toml")
	if err := os.WriteFile(broken, []byte("[owner]\nname = \"Alex\"\naddresses = [\"alex@example.com\"]\n\n[imap]\nhots = \"imap.example.com\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bin := buildBinary(t)
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown key", []string{"run", "--config", broken, "--db", filepath.Join(dir, "a.db")}, "hots"},
		{"missing file", []string{"run", "--config", filepath.Join(dir, "missing.toml"), "--db", filepath.Join(dir, "b.db")}, "missing.toml"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			run := runRapport(t, bin, nil, "", tt.args...)
			if run.code != ExitConfig {
				t.Fatalf("rapport %s exited %d, want %d:\n%s", strings.Join(tt.args, " "), run.code, ExitConfig, strings.Join(run.lines, "\n"))
			}
			run.line(t, "<3>rapport run: ", tt.want)
		})
	}
}

// The SMTP server refusing the login twice in a row (two notices in the
// queue, each refused by Postfix with 535) stops the daemon with a
// refused login; the messages stay in the queue, not failed.
func TestWrongSMTPPasswordStops(t *testing.T) {
	stack := mailstack.Shared(t)
	owner, err := stack.AddUser(fmt.Sprintf("smtprefused%d", userSeq.Add(1)), "owner-secret")
	if err != nil {
		t.Fatal(err)
	}
	srv := startMemIMAP(t, rev2)
	h := newHarness(t, srv.addr)
	h.cfg.Owner.Addresses = []string{owner}
	h.cfg.Digest.Enabled = false
	h.cfg.SMTP = config.SMTP{Server: config.Server{Host: "127.0.0.1", TLS: config.TLSStartTLS, Username: owner, Password: "Wr0ng-Pa55word!"}}
	_, port, _ := strings.Cut(stack.SubmissionAddr, ":")
	fmt.Sscan(port, &h.cfg.SMTP.Port)
	var notices []*store.Outgoing
	for i := range 2 {
		o := &store.Outgoing{Template: "receipt", Audience: store.AudienceOwner, Status: store.OutboxApproved,
			MessageID: fmt.Sprintf("notice-%d-%d@rapport.test", i, time.Now().UnixNano()), To: owner,
			Subject: "Done", Body: "Done.\n"}
		h.insert(o)
		notices = append(notices, o)
	}
	d, err := New(Options{Config: h.cfg, Store: h.store, Tracker: h.track, Log: testSlog(t), CommandTimeout: 10 * time.Second,
		SMTPTLS: stack.TLSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err = d.Run(ctx)
	var refused *LoginRefusedError
	if !errors.As(err, &refused) || !refused.SMTP || ctx.Err() != nil {
		t.Fatalf("Run() = %v, want the SMTP server's refusal", err)
	}
	if ExitStatus(err) != ExitLoginRefused || !strings.Contains(err.Error(), "535") || strings.Contains(err.Error(), "Wr0ng-Pa55word!") {
		t.Errorf("Run() = %q (exit status %d), want 535, exit status %d and no password", err, ExitStatus(err), ExitLoginRefused)
	}
	for _, n := range notices {
		o, err := h.store.Read().Outgoing(context.Background(), n.ID)
		if err != nil {
			t.Fatal(err)
		}
		if o.Status != store.OutboxApproved {
			t.Errorf("notice %d is %s after the refused logins, want approved: it is sent once the password is fixed", o.ID, o.Status)
		}
	}
}
