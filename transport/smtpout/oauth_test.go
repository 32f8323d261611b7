package smtpout

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/rig/oauthrig"
)

const (
	oauthUser  = "alex@gmail.example"
	goodToken  = "ya29.good-token-Zq8x"
	badToken   = "ya29.expired-token-Kp3w"
	gmailError = oauthrig.GmailError
)

// oauthSMTP is a go-smtp server on loopback that offers the OAuth
// mechanisms in mechs, checks every exchange against the protocol, and
// takes mail only after a login as oauthUser with a token good says is
// good.
type oauthSMTP struct {
	t     *testing.T
	mechs []string
	good  func(token string) bool
	// refusal, when set, is the text of the 535 refusing a bad token, given
	// the token (a server that echoes it).
	refusal func(token string) string
	base    *fakeServer // host, port and the messages taken

	mu     sync.Mutex
	logins []string // "MECH user token" of each successful login
}

func startOAuthSMTP(t *testing.T, mechs ...string) *oauthSMTP {
	t.Helper()
	o := &oauthSMTP{t: t, mechs: mechs, good: func(tok string) bool { return tok == goodToken }, base: &fakeServer{}}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &oauthSession{fakeSession: &fakeSession{f: o.base, conn: c}, o: o}, nil
	}))
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	s.ErrorLog = log.New(io.Discard, "", 0)
	s.ReadTimeout, s.WriteTimeout = time.Minute, time.Minute
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	o.base.host = host
	o.base.port, _ = strconv.Atoi(port)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Serve(ln)
	}()
	t.Cleanup(func() {
		_ = s.Close()
		_ = ln.Close()
		<-done
	})
	return o
}

// config returns a Config logging in to o with mech and tokens from token.
func (o *oauthSMTP) config(auth string, token func(context.Context) (string, error)) Config {
	c := o.base.config(config.TLSNone)
	c.Username, c.Auth, c.Token = oauthUser, auth, token
	return c
}

func (o *oauthSMTP) loggedIn() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.logins...)
}

// oauthSession requires a login before MAIL.
type oauthSession struct {
	*fakeSession
	o      *oauthSMTP
	authed bool
}

func (s *oauthSession) Mail(from string, opts *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	return s.fakeSession.Mail(from, opts)
}

func (s *oauthSession) AuthMechanisms() []string { return s.o.mechs }

func (s *oauthSession) Auth(mech string) (sasl.Server, error) {
	login := func(user, token string) bool {
		if user != oauthUser || !s.o.good(token) {
			return false
		}
		s.authed = true
		s.o.mu.Lock()
		s.o.logins = append(s.o.logins, mech+" "+user+" "+token)
		s.o.mu.Unlock()
		return true
	}
	// A refusal is 535 as Gmail says it (go-smtp would say 454).
	refusal := func(token string) error {
		return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: s.o.refusalText(token)}
	}
	malformed := &smtp.SMTPError{Code: 501, EnhancedCode: smtp.EnhancedCode{5, 5, 2}, Message: "malformed XOAUTH2"}
	if srv, ok := oauthrig.Mechanism(s.o.t, mech, login, refusal, malformed); ok {
		return srv, nil
	}
	return nil, fmt.Errorf("mechanism %s not offered", mech)
}

func (o *oauthSMTP) refusalText(token string) string {
	if o.refusal != nil {
		return o.refusal(token)
	}
	return "Username and Password not accepted"
}

// tokenForms are the forms of a token that must never be printed.
func tokenForms(token string) []string { return oauthrig.TokenForms(oauthUser, token) }

// fixedToken returns a Token function that returns token and counts calls.
func fixedToken(token string, calls *int) func(context.Context) (string, error) {
	return func(context.Context) (string, error) {
		*calls++
		return token, nil
	}
}

func TestSendOAuth(t *testing.T) {
	for _, auth := range []string{config.AuthXOAuth2, config.AuthOAuthBearer} {
		mech := strings.ToUpper(auth)
		t.Run(auth+" right token", func(t *testing.T) {
			o := startOAuthSMTP(t, "XOAUTH2", "OAUTHBEARER")
			calls := 0
			if err := send(t, context.Background(), o.base, o.config(auth, fixedToken(goodToken, &calls))); err != nil {
				t.Fatalf("Send() = %v, want delivered", err)
			}
			if got, want := o.loggedIn(), []string{mech + " " + oauthUser + " " + goodToken}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("server logins = %q, want %q", got, want)
			}
			if n := len(o.base.messages()); n != 1 || calls != 1 {
				t.Fatalf("%d messages stored, Token called %d times; want 1 and 1", n, calls)
			}
		})
		t.Run(auth+" wrong token", func(t *testing.T) {
			o := startOAuthSMTP(t, "XOAUTH2", "OAUTHBEARER")
			calls := 0
			cfg := o.config(auth, fixedToken(badToken, &calls))
			err := send(t, context.Background(), o.base, cfg)
			e := asError(t, err)
			if e.Class != Permanent || e.Stage != StageAuth || e.Code != 535 || e.Mechanism != mech || !e.OAuth {
				t.Fatalf("Send() = %s at %s, %d, mechanism %q; want permanent at auth, 535, %s: %v", e.Class, e.Stage, e.Code, e.Mechanism, mech, e)
			}
			wantText := "auth " + mech + ": 535 5.7.8 Username and Password not accepted"
			if !strings.Contains(err.Error(), wantText) || !strings.Contains(err.Error(), "smtp.token_command") {
				t.Errorf("Send() = %q, want %q and a hint naming smtp.token_command", err, wantText)
			}
			if auth == config.AuthXOAuth2 && e.OAuthError != gmailError {
				t.Errorf("OAuthError = %q, want the server's %s", e.OAuthError, gmailError)
			}
			if auth == config.AuthOAuthBearer && !strings.Contains(e.OAuthError, "invalid_token") {
				t.Errorf("OAuthError = %q, want the server's invalid_token", e.OAuthError)
			}
			if len(o.loggedIn()) != 0 || len(o.base.messages()) != 0 {
				t.Fatalf("the server took the login or a message")
			}
			noToken(t, badToken, err, cfg)
		})
	}
}

// noToken fails when err or cfg, printed or logged, shows token.
func noToken(t *testing.T, token string, err error, cfg Config) {
	t.Helper()
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	log.Warn("cannot send", "error", err, "smtp", cfg)
	slog.New(slog.NewJSONHandler(&logged, nil)).Warn("cannot send", "error", err, "smtp", cfg)
	var e *Error
	errors.As(err, &e)
	printed := fmt.Sprintf("%v %+v %#v %s %v %+v %#v", err, e, e, cfg, cfg, cfg, cfg) + logged.String()
	for _, secret := range tokenForms(token) {
		if strings.Contains(printed, secret) {
			t.Errorf("the token is shown (as %q):\n%s", secret, printed)
		}
	}
}

// TestSendOAuthFreshToken checks that each Send gets its own token, and
// that a token fetched for one is never used for the next.
func TestSendOAuthFreshToken(t *testing.T) {
	o := startOAuthSMTP(t, "XOAUTH2")
	o.good = func(tok string) bool { return strings.HasPrefix(tok, "fresh-") }
	calls := 0
	cfg := o.config(config.AuthXOAuth2, func(context.Context) (string, error) {
		calls++
		return fmt.Sprintf("fresh-%d", calls), nil
	})
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	data, from, rcpts := testMessage(t)
	for range 2 {
		if err := s.Send(context.Background(), from, rcpts, data); err != nil {
			t.Fatalf("Send() = %v", err)
		}
	}
	want := []string{"XOAUTH2 " + oauthUser + " fresh-1", "XOAUTH2 " + oauthUser + " fresh-2"}
	if got := o.loggedIn(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("server logins = %q, want %q", got, want)
	}
}

// TestSendOAuthFromConfig runs token_command through config.Server.Secret,
// as the daemon does.
func TestSendOAuthFromConfig(t *testing.T) {
	o := startOAuthSMTP(t, "OAUTHBEARER")
	var s config.SMTP
	s.Host, s.Port, s.TLS, s.Username = o.base.host, o.base.port, config.TLSNone, oauthUser
	s.Auth, s.TokenCommand = config.AuthOAuthBearer, "printf '%s\\n' "+goodToken
	cfg := FromConfig(s, "")
	cfg.Timeout, cfg.HELO = 10*time.Second, "client.test"
	if err := send(t, context.Background(), o.base, cfg); err != nil {
		t.Fatalf("Send() = %v", err)
	}
	if got := o.loggedIn(); len(got) != 1 || got[0] != "OAUTHBEARER "+oauthUser+" "+goodToken {
		t.Fatalf("server logins = %q, want one OAUTHBEARER login", got)
	}

	s.TokenCommand = "echo 'oama: refresh token revoked' >&2; exit 3"
	err := send(t, context.Background(), o.base, FromConfig(s, ""))
	e := asError(t, err)
	if e.Class != Temporary || e.Stage != StageAuth || e.Mechanism != "OAUTHBEARER" ||
		!strings.Contains(err.Error(), "token_command") || !strings.Contains(err.Error(), "exit status 3: oama: refresh token revoked") {
		t.Fatalf("Send() with a failing token_command = %v (%s at %s), want a temporary auth error naming token_command and its stderr", err, e.Class, e.Stage)
	}
}

func TestSendOAuthMechanismNotOffered(t *testing.T) {
	o := startOAuthSMTP(t, "PLAIN", "OAUTHBEARER")
	calls := 0
	err := send(t, context.Background(), o.base, o.config(config.AuthXOAuth2, fixedToken(goodToken, &calls)))
	e := asError(t, err)
	want := `the server offers AUTH PLAIN OAUTHBEARER, not XOAUTH2 (set smtp.auth = "oauthbearer")`
	if e.Stage != StageAuth || e.Class != Permanent || !strings.Contains(err.Error(), want) {
		t.Fatalf("Send() = %v (%s at %s), want permanent at auth with %q", err, e.Class, e.Stage, want)
	}
}

// A server that echoes the token in its refusal must not get it printed.
func TestSendOAuthRedactsEchoedToken(t *testing.T) {
	for _, auth := range []string{config.AuthXOAuth2, config.AuthOAuthBearer} {
		t.Run(auth, func(t *testing.T) {
			o := startOAuthSMTP(t, "XOAUTH2", "OAUTHBEARER")
			form := 1 // the base64 initial response of the mechanism
			if auth == config.AuthOAuthBearer {
				form = 2
			}
			o.refusal = func(token string) string {
				return "token " + token + " rejected (" + tokenForms(token)[form] + ")"
			}
			calls := 0
			cfg := o.config(auth, fixedToken(badToken, &calls))
			err := send(t, context.Background(), o.base, cfg)
			e := asError(t, err)
			if !strings.HasPrefix(e.Text, "token [redacted] rejected") {
				t.Fatalf("Text = %q, want the token redacted", e.Text)
			}
			noToken(t, badToken, err, cfg)
		})
	}
}
