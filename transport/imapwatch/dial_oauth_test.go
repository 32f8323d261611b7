package imapwatch

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/rig/memimap"
	"github.com/rapport-mail/rapport/internal/rig/oauthrig"
)

const (
	oauthUser  = "alex@gmail.example"
	goodToken  = "ya29.good-imap-token-Wm4s"
	badToken   = "ya29.expired-imap-token-Hq2v"
	gmailError = oauthrig.GmailError
)

// tokenForms are the forms of a token that must never be printed.
func tokenForms(token string) []string { return oauthrig.TokenForms(oauthUser, token) }

func TestDialOAuth(t *testing.T) {
	for _, auth := range []string{config.AuthXOAuth2, config.AuthOAuthBearer} {
		mech := strings.ToUpper(auth)
		t.Run(auth+" right token", func(t *testing.T) {
			o := memimap.StartOAuth(t, oauthUser, goodToken, "XOAUTH2", "OAUTHBEARER")
			s := oauthrig.Server(o.Addr, oauthUser, auth)
			s.TokenCommand = oauthrig.TokenCommand(t, goodToken)
			d := &Dialer{Server: s, Secret: s.Secret}
			c, err := d.Dial(context.Background(), nil)
			if err != nil {
				t.Fatalf("Dial() = %v, want logged in", err)
			}
			defer c.Close()
			if _, err := c.Select("INBOX", nil).Wait(); err != nil {
				t.Fatalf("Select(INBOX) after the login = %v", err)
			}
			if got, want := o.Logins(), []string{mech + " " + oauthUser + " " + goodToken}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("server logins = %q, want %q", got, want)
			}
		})
		t.Run(auth+" wrong token", func(t *testing.T) {
			o := memimap.StartOAuth(t, oauthUser, goodToken, "XOAUTH2", "OAUTHBEARER")
			s := oauthrig.Server(o.Addr, oauthUser, auth)
			s.TokenCommand = oauthrig.TokenCommand(t, badToken)
			d := &Dialer{Server: s, Secret: s.Secret}
			c, err := d.Dial(context.Background(), nil)
			if err == nil {
				c.Close()
				t.Fatalf("Dial() = nil error, want the login refused")
			}
			for _, want := range []string{"imap: log in to " + o.Addr + " as " + oauthUser + " with " + mech + ": ",
				"Invalid credentials (Failure)", "imap.token_command"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Dial() = %v, want %q in it", err, want)
				}
			}
			wantOAuth := map[string]string{config.AuthXOAuth2: gmailError, config.AuthOAuthBearer: `"status":"invalid_token"`}[auth]
			if !strings.Contains(err.Error(), "OAuth error ") || !strings.Contains(err.Error(), wantOAuth) {
				t.Errorf("Dial() = %v, want the server's OAuth error %s", err, wantOAuth)
			}
			for _, secret := range tokenForms(badToken) {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("Dial() = %v, shows the token", err)
				}
			}
			if len(o.Logins()) != 0 {
				t.Errorf("server logins = %q, want none", o.Logins())
			}
		})
	}
}

// TestDialOAuthFreshToken checks that each connection runs token_command.
func TestDialOAuthFreshToken(t *testing.T) {
	o := memimap.StartOAuth(t, oauthUser, goodToken, "XOAUTH2")
	calls := 0
	d := &Dialer{Server: oauthrig.Server(o.Addr, oauthUser, config.AuthXOAuth2), Secret: func(context.Context) (string, error) {
		calls++
		return goodToken, nil
	}}
	for range 2 {
		c, err := d.Dial(context.Background(), nil)
		if err != nil {
			t.Fatalf("Dial() = %v", err)
		}
		c.Close()
	}
	if calls != 2 || len(o.Logins()) != 2 {
		t.Fatalf("token fetched %d times for %d logins, want 2 and 2", calls, len(o.Logins()))
	}
}

func TestDialOAuthMechanismNotOffered(t *testing.T) {
	o := memimap.StartOAuth(t, oauthUser, goodToken, "XOAUTH2")
	calls := 0
	d := &Dialer{Server: oauthrig.Server(o.Addr, oauthUser, config.AuthOAuthBearer), Secret: func(context.Context) (string, error) {
		calls++
		return goodToken, nil
	}}
	_, err := d.Dial(context.Background(), nil)
	want := "does not offer AUTHENTICATE OAUTHBEARER (it offers AUTH=XOAUTH2; check imap.auth)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Dial() = %v, want %q", err, want)
	}
	if calls != 0 {
		t.Errorf("token_command ran %d times, want none before the server is known to take the mechanism", calls)
	}
}

func TestDialOAuthTokenCommandFails(t *testing.T) {
	o := memimap.StartOAuth(t, oauthUser, goodToken, "XOAUTH2")
	s := oauthrig.Server(o.Addr, oauthUser, config.AuthXOAuth2)
	s.TokenCommand = "echo 'oama: no refresh token for " + oauthUser + "' >&2; exit 2"
	d := &Dialer{Server: s, Secret: s.Secret}
	_, err := d.Dial(context.Background(), nil)
	want := "imap: access token for " + oauthUser + ": token_command"
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "exit status 2: oama: no refresh token") {
		t.Fatalf("Dial() = %v, want %q and the command's stderr", err, want)
	}
}
