package smtpout

import (
	"fmt"
	"strings"

	"github.com/wneessen/go-mail/smtp"

	"github.com/rapport-mail/rapport/internal/oauthsasl"
)

// mechanisms are the SASL mechanisms used, in order of preference. PLAIN
// and LOGIN come first: over TLS they are what every submission server
// accepts for a password, while SCRAM fails on servers that advertise it
// but store no SCRAM secrets for the account.
var mechanisms = []string{"PLAIN", "LOGIN", "SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5"}

// chooser is an smtp.Auth that uses the first of mechanisms the server
// offers, as go-mail's own discovery would, but also over implicit TLS
// through our dialer (go-mail then believes the connection unencrypted and
// refuses PLAIN and LOGIN) and with a hook that marks the start of AUTH.
type chooser struct {
	user, pass string
	// clearOK allows PLAIN and LOGIN without TLS: tls = "none", which
	// Config.check allows only to a loopback host.
	clearOK bool
	// started is called as AUTH starts, with the mechanism chosen ("" for
	// none).
	started func(mech string)
	chosen  smtp.Auth
}

// Start implements smtp.Auth.
func (a *chooser) Start(si *smtp.ServerInfo) (string, []byte, error) {
	offered := offeredSet(si)
	var mech string
	for _, m := range mechanisms {
		if offered[m] {
			mech = m
			break
		}
	}
	a.started(mech)
	switch mech {
	case "PLAIN":
		a.chosen = smtp.PlainAuth("", a.user, a.pass, si.Name, a.clearOK)
	case "LOGIN":
		a.chosen = smtp.LoginAuth(a.user, a.pass, si.Name, a.clearOK)
	case "SCRAM-SHA-256":
		a.chosen = smtp.ScramSHA256Auth(a.user, a.pass)
	case "SCRAM-SHA-1":
		a.chosen = smtp.ScramSHA1Auth(a.user, a.pass)
	case "CRAM-MD5":
		a.chosen = smtp.CRAMMD5Auth(a.user, a.pass)
	case "":
		if len(si.Auth) == 0 {
			return "", nil, fmt.Errorf("the server offers no AUTH here (it may want STARTTLS first, or another port)")
		}
		return "", nil, fmt.Errorf("the server offers AUTH %s; rapport supports %s",
			strings.Join(si.Auth, " "), strings.Join(mechanisms, ", "))
	}
	return a.chosen.Start(si)
}

// Next implements smtp.Auth.
func (a *chooser) Next(fromServer []byte, more bool) ([]byte, error) {
	return a.chosen.Next(fromServer, more)
}

// offeredSet returns the mechanisms the server offers, upper-cased.
func offeredSet(si *smtp.ServerInfo) map[string]bool {
	offered := map[string]bool{}
	for _, m := range si.Auth {
		offered[strings.ToUpper(m)] = true
	}
	return offered
}

// oauthAuth is an smtp.Auth for XOAUTH2 or OAUTHBEARER with one access
// token (go-mail has XOAUTH2 but not OAUTHBEARER, and neither says why a
// token was refused): package oauthsasl's client, with a check that the
// server offers the mechanism.
type oauthAuth struct {
	*oauthsasl.Client
	started func(mech string)
}

// newOAuthAuth returns the Auth logging in as user with token by mech.
func newOAuthAuth(mech, user, token string, started func(string)) *oauthAuth {
	return &oauthAuth{Client: oauthsasl.New(mech, user, token), started: started}
}

// Start implements smtp.Auth.
func (a *oauthAuth) Start(si *smtp.ServerInfo) (string, []byte, error) {
	a.started(a.Mech)
	if offered := offeredSet(si); !offered[a.Mech] {
		if len(si.Auth) == 0 {
			return "", nil, fmt.Errorf("the server offers no AUTH here (it may want STARTTLS first, or another port)")
		}
		hint := ""
		for _, other := range []string{"XOAUTH2", "OAUTHBEARER"} {
			if other != a.Mech && offered[other] {
				hint = fmt.Sprintf(" (set smtp.auth = %q)", strings.ToLower(other))
			}
		}
		return "", nil, fmt.Errorf("the server offers AUTH %s, not %s%s", strings.Join(si.Auth, " "), a.Mech, hint)
	}
	return a.Client.Start()
}

// Next implements smtp.Auth: a challenge is the server's error.
func (a *oauthAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	return a.Client.Next(fromServer)
}

// secrets returns the forms of the token that a server or go-mail could
// echo in an error: the token and the base64 initial response.
func (a *oauthAuth) secrets(token string) scrubber {
	return scrubber{base64Std(string(a.IR)), token}
}
