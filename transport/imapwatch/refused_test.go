package imapwatch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/rig/memimap"
)

func TestRefusal(t *testing.T) {
	no := func(code imap.ResponseCode, text string) error {
		return fmt.Errorf("in LOGIN: %w", &imap.Error{Type: imap.StatusResponseTypeNo, Code: code, Text: text})
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"authentication failed (Dovecot, Gmail, Yahoo)", no(imap.ResponseCodeAuthenticationFailed, "Authentication failed."), true},
		{"no code (Outlook)", no("", "LOGIN failed."), true},
		{"app password required", no(imap.ResponseCodeAlert, "Application-specific password required"), true},
		{"password expired", no(imap.ResponseCodeExpired, "Password expired"), true},
		{"authorization failed", no(imap.ResponseCodeAuthorizationFailed, "not allowed"), true},
		{"unavailable", no(imap.ResponseCodeUnavailable, "Temporary authentication failure"), false},
		{"in use", no(imap.ResponseCodeInUse, "Mailbox is locked"), false},
		{"limit", no(imap.ResponseCodeLimit, "Too many connections"), false},
		{"server bug", no(imap.ResponseCodeServerBug, "Internal error"), false},
		{"no code, temporary", no("", "Temporary authentication failure"), false},
		{"no code, try again", no("", "Service busy, try again later"), false},
		{"bad", &imap.Error{Type: imap.StatusResponseTypeBad, Text: "Syntax error"}, false},
		{"bye", &imap.Error{Type: imap.StatusResponseTypeBye, Text: "Server shutting down"}, false},
		{"timeout", errNoAnswer, false},
		{"connection lost", io.ErrUnexpectedEOF, false},
		{"connection refused", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := refusal(tt.err) != nil; got != tt.want {
				t.Fatalf("refusal(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

// scriptServer is go-imap's in-process server whose LOGIN answers follow
// a script: each login takes the next answer (nil lets the memory server
// check the password), and once the script is used up every login does.
type scriptServer struct {
	*memimap.Server
	mu      sync.Mutex
	answers []error
	logins  int
}

func startScriptServer(t *testing.T, answers ...error) *scriptServer {
	t.Helper()
	s := &scriptServer{answers: answers}
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(memimap.Username, memimap.Password)
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &scriptSession{SessionIMAP4rev2: mem.NewSession().(imapserver.SessionIMAP4rev2), s: s}, nil, nil
		},
		Caps:         rev2,
		InsecureAuth: true,
		Logger:       memimap.Logger{T: t},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	s.Server = &memimap.Server{Addr: ln.Addr().String(), Port: ln.Addr().(*net.TCPAddr).Port, User: user}
	return s
}

// next returns the answer to the next login.
func (s *scriptServer) next() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logins++
	if len(s.answers) == 0 {
		return nil
	}
	a := s.answers[0]
	s.answers = s.answers[1:]
	return a
}

// count returns how many logins were tried.
func (s *scriptServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins
}

type scriptSession struct {
	imapserver.SessionIMAP4rev2
	s *scriptServer
}

func (ss *scriptSession) Login(user, password string) error {
	if err := ss.s.next(); err != nil {
		return err
	}
	return ss.SessionIMAP4rev2.Login(user, password)
}

var (
	// wrongPassword is Dovecot's answer to a wrong password.
	wrongPassword = &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeAuthenticationFailed, Text: "Authentication failed."}
	// unavailable is Dovecot's answer when its password database is down.
	unavailable = &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeUnavailable, Text: "Temporary authentication failure. [host:2026-01-01 10:00:00]"}
)

// Dial says a refused login as a *LoginRefusedError naming the server,
// the user and the server's answer, and nothing else as one.
func TestDialRefusedLogin(t *testing.T) {
	srv := startScriptServer(t, wrongPassword, unavailable)
	d := &Dialer{Server: config.Server{Host: "127.0.0.1", Port: srv.Port, TLS: config.TLSNone, Username: memimap.Username},
		Secret: func(context.Context) (string, error) { return "hunter2", nil }, Timeout: 10 * time.Second}

	_, err := d.Dial(t.Context(), nil)
	var lr *LoginRefusedError
	if !errors.As(err, &lr) {
		t.Fatalf("Dial() with a wrong password = %v, want a *LoginRefusedError", err)
	}
	if lr.Server != srv.Addr || lr.User != memimap.Username || lr.Code != "AUTHENTICATIONFAILED" || lr.Text != "Authentication failed." {
		t.Errorf("Dial() = %+v, want the server, the user and the server's answer", lr)
	}
	for _, want := range []string{"log in to " + srv.Addr + " as alex", "Authentication failed", "check imap.username and the password"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Dial() = %q, want it to say %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("Dial() = %q holds the password", err)
	}

	_, err = d.Dial(t.Context(), nil)
	if err == nil || errors.As(err, &lr) {
		t.Fatalf("Dial() answered [UNAVAILABLE] = %v, want an error that is not a refusal", err)
	}
}

// refusalRig runs a watcher on a scriptServer, with a short backoff, and
// lets a test end the current session as a dropped connection would.
type refusalRig struct {
	t       *testing.T
	srv     *scriptServer
	log     *logLines
	healthy chan struct{}
	done    chan struct{} // closed when Run returned, err set
	err     error

	mu     sync.Mutex
	client *imapclient.Client // the current session's
}

func startRefusalRig(t *testing.T, answers ...error) *refusalRig {
	t.Helper()
	srv := startScriptServer(t, answers...)
	log, lines := recordLog(t)
	r := &refusalRig{t: t, srv: srv, log: lines, healthy: make(chan struct{}, 16), done: make(chan struct{})}
	d := &Dialer{Server: config.Server{Host: "127.0.0.1", Port: srv.Port, TLS: config.TLSNone, Username: memimap.Username},
		Secret: func(context.Context) (string, error) { return memimap.Password, nil }, Timeout: 10 * time.Second}
	w, err := New(Options{
		Folder: "INBOX", Sink: newRecSink(), Log: log, Poll: time.Minute, Timeout: 10 * time.Second,
		Dial: func(ctx context.Context, h *imapclient.UnilateralDataHandler) (*imapclient.Client, error) {
			c, err := d.Dial(ctx, h)
			if err == nil {
				r.mu.Lock()
				r.client = c
				r.mu.Unlock()
			}
			return c, err
		},
		Healthy: func(string) { r.healthy <- struct{}{} },
	})
	if err != nil {
		t.Fatal(err)
	}
	w.retryMin = 5 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	go func() { r.err = w.Run(ctx); close(r.done) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(30 * time.Second):
			t.Errorf("Run did not return after its context ended")
		}
	})
	return r
}

// waitHealthy waits for a session to catch up; it fails the test when
// Run returns first.
func (r *refusalRig) waitHealthy() {
	r.t.Helper()
	select {
	case <-r.healthy:
	case <-r.done:
		r.t.Fatalf("Run() = %v before a session caught up, want it to keep trying", r.err)
	case <-time.After(30 * time.Second):
		r.t.Fatalf("no session caught up")
	}
}

// drop ends the current session as a lost connection would.
func (r *refusalRig) drop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.client.Close()
}

// waitStopped waits for Run to give up on a refused login.
func (r *refusalRig) waitStopped() *LoginRefusedError {
	r.t.Helper()
	select {
	case <-r.done:
		var lr *LoginRefusedError
		if !errors.As(r.err, &lr) {
			r.t.Fatalf("Run() = %v, want a *LoginRefusedError", r.err)
		}
		return lr
	case <-r.healthy:
		r.t.Fatalf("a session caught up, want Run to stop on the refused login")
	case <-time.After(30 * time.Second):
		r.t.Fatalf("Run did not stop on the refused login")
	}
	return nil
}

// A wrong password at start stops the watcher at once: one login tried,
// and the log says why it does not try again.
func TestRefusedAtStartStops(t *testing.T) {
	r := startRefusalRig(t, wrongPassword, wrongPassword, wrongPassword)
	lr := r.waitStopped()
	if lr.Code != "AUTHENTICATIONFAILED" {
		t.Errorf("Run() = %+v, want the server's code", lr)
	}
	if n := r.srv.count(); n != 1 {
		t.Errorf("%d logins tried, want 1: a refused password is not tried again", n)
	}
	if !r.log.has("ERROR", "the mailbox refused the login; not trying again", "Authentication failed") {
		t.Errorf("no error line says the login was refused")
	}
}

// A temporary failure is retried, at start and later, as often as it
// comes; a single refusal after rapport logged in is taken for a hiccup;
// refusals that are not in a row do not add up.
func TestTemporaryFailuresAndOneRefusalAreRetried(t *testing.T) {
	r := startRefusalRig(t, unavailable, unavailable, nil, wrongPassword, nil, wrongPassword, unavailable, wrongPassword)
	r.waitHealthy() // after two [UNAVAILABLE]
	r.drop()
	r.waitHealthy() // after one refusal
	r.drop()
	r.waitHealthy() // refused, unavailable, refused: not twice in a row
	if n := r.srv.count(); n != 9 {
		t.Errorf("%d logins tried, want 9", n)
	}
	if !r.log.has("WARN", "the mailbox refused the login; trying once more") {
		t.Errorf("no warning says the refusal is tried once more")
	}
}

// After rapport logged in, the same refusal twice in a row stops it.
func TestRefusedTwiceInARowStops(t *testing.T) {
	r := startRefusalRig(t, nil, wrongPassword, wrongPassword, nil)
	r.waitHealthy()
	r.drop()
	r.waitStopped()
	if n := r.srv.count(); n != 3 {
		t.Errorf("%d logins tried, want 3: one good, two refused", n)
	}
}
