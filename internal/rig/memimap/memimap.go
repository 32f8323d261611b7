// Package memimap starts go-imap's in-process IMAP server on loopback for
// fast tests: one user, alex with password secret, and an INBOX. It is a
// test rig, never part of the shipped binary; tests that must prove
// something against a real server use internal/mailstack (Dovecot and
// Postfix) instead.
package memimap

import (
	"bytes"
	"net"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// The one user's login.
const (
	Username = "alex"
	Password = "secret"
)

// Server is a running in-process IMAP server.
type Server struct {
	t    testing.TB
	Addr string // host:port on 127.0.0.1
	Port int
	// User is the mailbox, for tests that reach into it.
	User *imapmemserver.User
}

// Start serves an IMAP server with the capabilities caps on a free
// loopback port until the test ends; its log goes to t.Logf. It fails
// the test when it cannot listen.
func Start(t testing.TB, caps imap.CapSet) *Server {
	t.Helper()
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(Username, Password)
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         caps,
		InsecureAuth: true,
		Logger:       Logger{t},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return &Server{t: t, Addr: ln.Addr().String(), Port: ln.Addr().(*net.TCPAddr).Port, User: user}
}

// Logger sends an in-process server's log to the test's log, for servers
// a test builds itself (imapserver.Options.Logger).
type Logger struct{ T testing.TB }

// Printf logs one line.
func (l Logger) Printf(format string, args ...any) { l.T.Logf("imapmemserver: "+format, args...) }

// Deliver appends raw to folder with the internal date at (now when
// zero), as a delivery would. It fails the test on error. The server's
// own memory store needs non-nil append options, which it passes.
func (s *Server) Deliver(folder string, raw []byte, at time.Time) {
	s.t.Helper()
	if at.IsZero() {
		at = time.Now()
	}
	lit := imap.LiteralReader(sized{bytes.NewReader(raw), int64(len(raw))})
	if _, err := s.User.Append(folder, lit, &imap.AppendOptions{Time: at}); err != nil {
		s.t.Fatalf("append to %s: %v", folder, err)
	}
}

type sized struct {
	*bytes.Reader
	n int64
}

func (r sized) Size() int64 { return r.n }
