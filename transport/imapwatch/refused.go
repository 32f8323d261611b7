package imapwatch

import (
	"errors"
	"strings"

	"github.com/emersion/go-imap/v2"
)

// LoginRefusedError is Dial's error when the server refused the login
// itself: it answered NO to LOGIN or AUTHENTICATE, with
// [AUTHENTICATIONFAILED] or another code that is not a temporary one, or
// with no code and a text that does not say the failure is temporary.
// Trying again with the same password (or token command) will be refused
// the same way, and providers lock out accounts that keep trying; the
// owner must fix the credentials.
//
// It is never a failure to connect, a timeout, a TLS failure, a BYE, or a
// NO with a temporary code ([UNAVAILABLE], [INUSE], [LIMIT],
// [SERVERBUG]: RFC 5530 §3), all of which may pass by themselves. Use
// errors.As to get it; its text is Dial's usual error, without secrets.
type LoginRefusedError struct {
	// Server is the server's "host:port", User the login refused.
	Server, User string
	// Mechanism is the SASL mechanism refused ("XOAUTH2", "OAUTHBEARER"),
	// or "" for LOGIN with a password.
	Mechanism string
	// Code is the response code of the refusal ("AUTHENTICATIONFAILED"),
	// "" when the server gave none; Text is its text, without secrets.
	Code, Text string
	err        error
}

// Error returns Dial's error: what was refused, the server's answer and
// what to check.
func (e *LoginRefusedError) Error() string { return e.err.Error() }

// Unwrap returns the error Error says.
func (e *LoginRefusedError) Unwrap() error { return e.err }

// temporaryCodes are the response codes of RFC 5530 that say a command
// failed for a reason that may pass: the server's side is unavailable,
// the mailbox busy, a limit hit, a bug.
var temporaryCodes = map[imap.ResponseCode]bool{
	imap.ResponseCodeUnavailable: true,
	imap.ResponseCodeInUse:       true,
	imap.ResponseCodeLimit:       true,
	imap.ResponseCodeServerBug:   true,
}

// refusal returns the NO with which a server refused a login, or nil
// when err is anything else or a NO that says it is temporary. A NO
// without a code is a refusal (Outlook's "LOGIN failed." has none) unless
// its text says to try again later, as some servers do instead of
// [UNAVAILABLE].
func refusal(err error) *imap.Error {
	var ie *imap.Error
	if !errors.As(err, &ie) || ie.Type != imap.StatusResponseTypeNo || temporaryCodes[ie.Code] {
		return nil
	}
	if ie.Code == "" {
		text := strings.ToLower(ie.Text)
		if strings.Contains(text, "temporar") || strings.Contains(text, "try again") {
			return nil
		}
	}
	return ie
}

// refused returns err as a *LoginRefusedError when it is a refusal of the
// login (see refusal), and err unchanged otherwise; wrapped is the error
// to report, already without secrets, and secrets are removed from the
// server's text.
func refused(err, wrapped error, server, user, mech string, secrets ...string) error {
	no := refusal(err)
	if no == nil {
		return wrapped
	}
	return &LoginRefusedError{Server: server, User: user, Mechanism: mech, Code: string(no.Code),
		Text: redactSecrets(no.Text, secrets...), err: wrapped}
}
