package daemon

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"

	"rapport/config"
	"rapport/internal/rig/memimap"
	"rapport/internal/rig/oauthrig"
)

const (
	oauthUser  = "alex@gmail.example"
	goodToken  = "ya29.good-imap-token-Wm4s"
	badToken   = "ya29.expired-imap-token-Hq2v"
	gmailError = oauthrig.GmailError
)

// oauthIMAP is go-imap's memory server behind a session that offers the
// OAuth mechanisms in mechs through AUTHENTICATE, checks each exchange
// against the protocol, and logs in as oauthUser for goodToken only.
type oauthIMAP struct {
	t     *testing.T
	addr  string
	mechs []string

	mu     sync.Mutex
	logins []string // "MECH user token" of each successful login
}

func startOAuthIMAP(t *testing.T, mechs ...string) *oauthIMAP {
	t.Helper()
	o := &oauthIMAP{t: t, mechs: mechs}
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(oauthUser, "unused-password")
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &oauthIMAPSession{Session: mem.NewSession(), o: o}, nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}},
		InsecureAuth: true,
		Logger:       memimap.Logger{T: t},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	o.addr = ln.Addr().String()
	return o
}

func (o *oauthIMAP) loggedIn() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.logins...)
}

// server returns the [imap] configuration for o with auth.
func (o *oauthIMAP) server(auth string) config.Server {
	host, port, _ := net.SplitHostPort(o.addr)
	p, _ := strconv.Atoi(port)
	return config.Server{Host: host, Port: p, TLS: config.TLSNone, Username: oauthUser, Auth: auth}
}

// oauthIMAPSession adds SASL OAuth to a memory server session, whose
// Login it calls once the token is accepted.
type oauthIMAPSession struct {
	imapserver.Session
	o *oauthIMAP
}

var _ imapserver.SessionSASL = (*oauthIMAPSession)(nil)

func (s *oauthIMAPSession) AuthenticateMechanisms() []string { return s.o.mechs }

func (s *oauthIMAPSession) Authenticate(mech string) (sasl.Server, error) {
	login := func(user, token string) bool {
		if user != oauthUser || token != goodToken {
			return false
		}
		s.o.mu.Lock()
		s.o.logins = append(s.o.logins, mech+" "+user+" "+token)
		s.o.mu.Unlock()
		return s.Session.Login(oauthUser, "unused-password") == nil
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

// tokenFile writes token in a file and returns a token_command that
// prints it (so that the command, which is logged, does not hold it).
func tokenFile(t *testing.T, token string) string {
	path := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(path, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return "cat " + path
}

// tokenForms are the forms of a token that must never be printed.
func tokenForms(token string) []string { return oauthrig.TokenForms(oauthUser, token) }

func TestDialOAuth(t *testing.T) {
	for _, auth := range []string{config.AuthXOAuth2, config.AuthOAuthBearer} {
		mech := strings.ToUpper(auth)
		t.Run(auth+" right token", func(t *testing.T) {
			o := startOAuthIMAP(t, "XOAUTH2", "OAUTHBEARER")
			s := o.server(auth)
			s.TokenCommand = tokenFile(t, goodToken)
			d := &dialer{server: s, secret: s.Secret}
			c, err := d.dial(context.Background(), nil)
			if err != nil {
				t.Fatalf("dial() = %v, want logged in", err)
			}
			defer c.Close()
			if _, err := c.Select("INBOX", nil).Wait(); err != nil {
				t.Fatalf("Select(INBOX) after the login = %v", err)
			}
			if got, want := o.loggedIn(), []string{mech + " " + oauthUser + " " + goodToken}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("server logins = %q, want %q", got, want)
			}
		})
		t.Run(auth+" wrong token", func(t *testing.T) {
			o := startOAuthIMAP(t, "XOAUTH2", "OAUTHBEARER")
			s := o.server(auth)
			s.TokenCommand = tokenFile(t, badToken)
			d := &dialer{server: s, secret: s.Secret}
			c, err := d.dial(context.Background(), nil)
			if err == nil {
				c.Close()
				t.Fatalf("dial() = nil error, want the login refused")
			}
			for _, want := range []string{"imap: log in to " + o.addr + " as " + oauthUser + " with " + mech + ": ",
				"Invalid credentials (Failure)", "imap.token_command"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("dial() = %v, want %q in it", err, want)
				}
			}
			wantOAuth := map[string]string{config.AuthXOAuth2: gmailError, config.AuthOAuthBearer: `"status":"invalid_token"`}[auth]
			if !strings.Contains(err.Error(), "OAuth error ") || !strings.Contains(err.Error(), wantOAuth) {
				t.Errorf("dial() = %v, want the server's OAuth error %s", err, wantOAuth)
			}
			for _, secret := range tokenForms(badToken) {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("dial() = %v, shows the token", err)
				}
			}
			if len(o.loggedIn()) != 0 {
				t.Errorf("server logins = %q, want none", o.loggedIn())
			}
		})
	}
}

// TestDialOAuthFreshToken checks that each connection runs token_command.
func TestDialOAuthFreshToken(t *testing.T) {
	o := startOAuthIMAP(t, "XOAUTH2")
	calls := 0
	d := &dialer{server: o.server(config.AuthXOAuth2), secret: func(context.Context) (string, error) {
		calls++
		return goodToken, nil
	}}
	for range 2 {
		c, err := d.dial(context.Background(), nil)
		if err != nil {
			t.Fatalf("dial() = %v", err)
		}
		c.Close()
	}
	if calls != 2 || len(o.loggedIn()) != 2 {
		t.Fatalf("token fetched %d times for %d logins, want 2 and 2", calls, len(o.loggedIn()))
	}
}

func TestDialOAuthMechanismNotOffered(t *testing.T) {
	o := startOAuthIMAP(t, "XOAUTH2")
	calls := 0
	d := &dialer{server: o.server(config.AuthOAuthBearer), secret: func(context.Context) (string, error) {
		calls++
		return goodToken, nil
	}}
	_, err := d.dial(context.Background(), nil)
	want := "does not offer AUTHENTICATE OAUTHBEARER (it offers AUTH=XOAUTH2; check imap.auth)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("dial() = %v, want %q", err, want)
	}
	if calls != 0 {
		t.Errorf("token_command ran %d times, want none before the server is known to take the mechanism", calls)
	}
}

func TestDialOAuthTokenCommandFails(t *testing.T) {
	o := startOAuthIMAP(t, "XOAUTH2")
	s := o.server(config.AuthXOAuth2)
	s.TokenCommand = "echo 'oama: no refresh token for " + oauthUser + "' >&2; exit 2"
	d := &dialer{server: s, secret: s.Secret}
	_, err := d.dial(context.Background(), nil)
	want := "imap: access token for " + oauthUser + ": token_command"
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "exit status 2: oama: no refresh token") {
		t.Fatalf("dial() = %v, want %q and the command's stderr", err, want)
	}
}

// syncBuffer is a bytes.Buffer safe for the daemon's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestDaemonOAuthNeverLogsToken runs the daemon against the OAuth server
// with a good and a bad token, logging at debug level, and checks that
// the log says which mechanism failed but never shows a token.
func TestDaemonOAuthNeverLogsToken(t *testing.T) {
	for _, tt := range []struct {
		name, auth, token string
		want              string // in the log
	}{
		{"xoauth2 right token", config.AuthXOAuth2, goodToken, ""},
		{"xoauth2 wrong token", config.AuthXOAuth2, badToken, "with XOAUTH2: "},
		{"oauthbearer wrong token", config.AuthOAuthBearer, badToken, "with OAUTHBEARER: "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := startOAuthIMAP(t, "XOAUTH2", "OAUTHBEARER")
			h := newHarness(t, o.addr)
			h.cfg.IMAP.Server = o.server(tt.auth)
			h.cfg.IMAP.TokenCommand = tokenFile(t, tt.token)
			var logged syncBuffer
			log := slog.New(slog.NewJSONHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
			healthy := make(chan string, 16)
			d, err := New(Options{Config: h.cfg, Store: h.store, Tracker: h.track, Log: log, CommandTimeout: 10 * time.Second,
				Healthy: func(folder string) {
					select {
					case healthy <- folder:
					default:
					}
				}})
			if err != nil {
				t.Fatal(err)
			}
			log.Info("starting", "config", h.cfg)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { d.Run(ctx); close(done) }()
			deadline := time.After(30 * time.Second)
		wait:
			for {
				select {
				case <-healthy:
					if tt.want == "" {
						break wait
					}
					t.Fatalf("the daemon caught up with the mailbox with a wrong token")
				case <-time.After(20 * time.Millisecond):
					if tt.want != "" && strings.Contains(logged.String(), tt.want) {
						break wait
					}
				case <-deadline:
					t.Fatalf("neither logged in nor failed to; log:\n%s", logged.String())
				}
			}
			cancel()
			<-done
			out := logged.String()
			for _, secret := range append(tokenForms(goodToken), tokenForms(badToken)...) {
				if strings.Contains(out, secret) {
					t.Fatalf("the log shows a token (as %q):\n%s", secret, out)
				}
			}
			if tt.want != "" && !strings.Contains(out, "imap.token_command") {
				t.Errorf("log = %s\nwant a hint naming imap.token_command", out)
			}
		})
	}
}
