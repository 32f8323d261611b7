package memimap

import (
	"net"
	"sync"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"

	"github.com/rapport-mail/rapport/internal/rig/oauthrig"
)

// OAuthServer is go-imap's in-process server behind a session that offers
// OAuth mechanisms through AUTHENTICATE (see oauthrig, which checks each
// exchange against the protocol), for tests of OAuth logins.
type OAuthServer struct {
	Addr string // host:port on 127.0.0.1

	t     testing.TB
	user  string
	token string
	mechs []string

	mu     sync.Mutex
	logins []string // "MECH user token" of each successful login
}

// StartOAuth serves, until the test ends, a server with one user (and its
// INBOX) that offers the SASL mechanisms mechs ("XOAUTH2",
// "OAUTHBEARER") and logs in user with token alone; any other token is
// refused as Gmail refuses it. It offers IMAP4rev1 only. It fails the test
// when it cannot listen.
func StartOAuth(t testing.TB, user, token string, mechs ...string) *OAuthServer {
	t.Helper()
	o := &OAuthServer{t: t, user: user, token: token, mechs: mechs}
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(user, "unused-password")
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &oauthSession{Session: mem.NewSession(), o: o}, nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}},
		InsecureAuth: true,
		Logger:       Logger{t},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	o.Addr = ln.Addr().String()
	return o
}

// Logins returns "MECH user token" for each successful login so far.
func (o *OAuthServer) Logins() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.logins...)
}

// oauthSession adds SASL OAuth to a memory server session, whose Login it
// calls once the token is accepted.
type oauthSession struct {
	imapserver.Session
	o *OAuthServer
}

var _ imapserver.SessionSASL = (*oauthSession)(nil)

func (s *oauthSession) AuthenticateMechanisms() []string { return s.o.mechs }

func (s *oauthSession) Authenticate(mech string) (sasl.Server, error) {
	login := func(user, token string) bool {
		if user != s.o.user || token != s.o.token {
			return false
		}
		s.o.mu.Lock()
		s.o.logins = append(s.o.logins, mech+" "+user+" "+token)
		s.o.mu.Unlock()
		return s.Session.Login(s.o.user, "unused-password") == nil
	}
	refusal := func(string) error {
		return &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeAuthenticationFailed, Text: "Invalid credentials (Failure)"}
	}
	malformed := &imap.Error{Type: imap.StatusResponseTypeBad, Text: "malformed XOAUTH2"}
	if srv, ok := oauthrig.Mechanism(s.o.t, mech, login, refusal, malformed); ok {
		return srv, nil
	}
	return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "mechanism not supported"}
}
