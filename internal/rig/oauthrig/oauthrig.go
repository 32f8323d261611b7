// Package oauthrig is the server side of the OAuth SASL mechanisms as
// Gmail speaks them, for tests of rapport's IMAP and SMTP logins: it
// checks every exchange against the protocol and fails the test on a
// deviation. It is a test rig, never part of the shipped binary.
package oauthrig

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/emersion/go-sasl"
)

// XOAuth2 is the name of Google's mechanism; go-sasl names only
// OAUTHBEARER (sasl.OAuthBearer).
const XOAuth2 = "XOAUTH2"

// GmailError is the error challenge Gmail sends for a refused token.
const GmailError = `{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}`

// Mechanism returns the server side of mech (sasl.OAuthBearer or
// XOAuth2), and false for another. login says whether a user and token
// are good. A refused token gets an error challenge; the client must
// answer it with the mechanism's dummy response (0x01 for OAUTHBEARER,
// empty for XOAUTH2), and then the exchange fails with refusal(token),
// the protocol's own error. malformed is the error for an XOAUTH2 initial
// response that is not "user=U^Aauth=Bearer T^A^A".
func Mechanism(t testing.TB, mech string, login func(user, token string) bool, refusal func(token string) error, malformed error) (sasl.Server, bool) {
	r := &refusing{t: t, refusal: refusal}
	switch mech {
	case sasl.OAuthBearer:
		r.dummy = []byte{0x01}
		r.Server = sasl.NewOAuthBearerServer(func(opts sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
			r.token = opts.Token
			if login(opts.Username, opts.Token) {
				return nil
			}
			return &sasl.OAuthBearerError{Status: "invalid_token", Schemes: "bearer"}
		})
	case XOAuth2:
		r.dummy = []byte{}
		r.Server = &xoauth2{t: t, r: r, login: login, malformed: malformed}
	default:
		return nil, false
	}
	return r, true
}

// refusing ends a failed exchange as Gmail does: after the error
// challenge it wants the mechanism's dummy response, then refuses.
type refusing struct {
	t testing.TB
	sasl.Server
	refusal func(token string) error
	dummy   []byte
	token   string
	failing bool
}

func (r *refusing) Next(resp []byte) ([]byte, bool, error) {
	if r.failing {
		if !bytes.Equal(resp, r.dummy) {
			r.t.Errorf("response to the error challenge = %q, want %q", resp, r.dummy)
		}
		return nil, true, r.refusal(r.token)
	}
	challenge, done, err := r.Server.Next(resp)
	if err == nil && !done && len(challenge) > 0 {
		r.failing = true
	}
	return challenge, done, err
}

// xoauth2 wants exactly "user=U^Aauth=Bearer T^A^A", and answers a
// refused token with Gmail's error challenge.
type xoauth2 struct {
	t         testing.TB
	r         *refusing
	login     func(user, token string) bool
	malformed error
}

func (x *xoauth2) Next(resp []byte) ([]byte, bool, error) {
	if resp == nil {
		return []byte{}, false, nil // ask for the initial response
	}
	rest, ok := strings.CutPrefix(string(resp), "user=")
	user, rest, ok2 := strings.Cut(rest, "\x01auth=Bearer ")
	token, ok3 := strings.CutSuffix(rest, "\x01\x01")
	if !ok || !ok2 || !ok3 || strings.Contains(token, "\x01") {
		x.t.Errorf("XOAUTH2 initial response = %q, want user=U\\x01auth=Bearer T\\x01\\x01", resp)
		return nil, true, x.malformed
	}
	if x.login(user, token) {
		return nil, true, nil
	}
	x.r.token = token
	return []byte(GmailError), false, nil
}

// TokenForms are the forms of a token that must never be printed: the
// token itself and the base64 initial responses that carry it for user.
func TokenForms(user, token string) []string {
	return []string{token,
		base64.StdEncoding.EncodeToString([]byte("user=" + user + "\x01auth=Bearer " + token + "\x01\x01")),
		base64.StdEncoding.EncodeToString([]byte("n,a=" + user + ",\x01auth=Bearer " + token + "\x01\x01"))}
}
