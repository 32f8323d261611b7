package smtpout

import (
	"fmt"
	"strings"

	"github.com/wneessen/go-mail/smtp"
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
	started func()
	chosen  smtp.Auth
}

// Start implements smtp.Auth.
func (a *chooser) Start(si *smtp.ServerInfo) (string, []byte, error) {
	a.started()
	offered := map[string]bool{}
	for _, m := range si.Auth {
		offered[strings.ToUpper(m)] = true
	}
	var mech string
	for _, m := range mechanisms {
		if offered[m] {
			mech = m
			break
		}
	}
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
