package smtpout

import (
	"fmt"
	"strconv"
	"strings"
)

// Class is what a failed Send means for the message.
type Class int

const (
	// Temporary: the message was not delivered (the server answered 4xx,
	// or the connection failed before the end of the message was sent);
	// sending it again later may work.
	Temporary Class = iota + 1
	// Permanent: the message was not delivered and sending it again
	// unchanged will fail the same way (a 5xx answer, a refused login, a
	// certificate that does not verify, an invalid envelope).
	Permanent
	// Ambiguous: the whole message was sent but the connection failed or
	// timed out before the server's answer. The server may have accepted
	// it: never send it again without the owner's decision.
	Ambiguous
)

// String returns "temporary", "permanent" or "ambiguous".
func (c Class) String() string {
	switch c {
	case Temporary:
		return "temporary"
	case Permanent:
		return "permanent"
	case Ambiguous:
		return "ambiguous"
	}
	return "Class(" + strconv.Itoa(int(c)) + ")"
}

// Stage is the step of the SMTP conversation that failed.
type Stage string

// Stages, in order.
const (
	StageConnect Stage = "connect"       // TCP, greeting, EHLO, STARTTLS
	StageTLS     Stage = "tls handshake" // the TLS handshake and certificate
	StageAuth    Stage = "auth"          // SMTP AUTH
	StageMail    Stage = "mail from"     // the envelope sender
	StageRcpt    Stage = "rcpt to"       // the envelope recipients
	StageData    Stage = "data"          // DATA and the message, before its end was sent
	StageEnd     Stage = "end of data"   // the server's answer to the whole message
)

// Error is the error Send returns. Use errors.As to get it and Class to
// decide: Temporary errors may be retried, Permanent ones may not, and
// Ambiguous ones must not be retried automatically.
//
// Errors at StageConnect, StageTLS and StageAuth concern the account or the
// server, not the message: a caller may prefer to hold all sending until
// the owner fixes the configuration rather than fail each message.
type Error struct {
	Class Class
	Stage Stage
	// Server is "host:port".
	Server string
	// Code is the server's reply code (421, 550…); 0 when it gave none.
	Code int
	// Enhanced is the enhanced status code ("5.1.1") when the reply has one.
	Enhanced string
	// Text is the server's reply text without the codes; "" when none.
	Text string
	// Recipients are the refused recipients at StageRcpt.
	Recipients []string
	// Mechanism is the SASL mechanism of a failure at StageAuth ("PLAIN",
	// "XOAUTH2"…); "" when none was chosen.
	Mechanism string
	// OAuth reports a failure at StageAuth with an OAuth access token;
	// OAuthError is then the error the server sent before refusing it,
	// a JSON object such as {"status":"401","schemes":"Bearer"}, or "".
	OAuth      bool
	OAuthError string
	// Err is the underlying error; its text never holds the password.
	Err error
}

// Error says what failed, where, and what it means for the message:
// "smtp: send to smtp.example.com:587: rcpt to <x@y>: 550 5.1.1 user
// unknown (the address was refused; the message was not sent)".
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "smtp: send to %s: %s", e.Server, e.Stage)
	if e.Mechanism != "" {
		b.WriteString(" " + e.Mechanism)
	}
	if len(e.Recipients) > 0 {
		b.WriteString(" <" + strings.Join(e.Recipients, ">, <") + ">")
	}
	b.WriteString(": ")
	switch {
	case e.Code != 0:
		b.WriteString(strconv.Itoa(e.Code))
		if e.Enhanced != "" {
			b.WriteString(" " + e.Enhanced)
		}
		if e.Text != "" {
			b.WriteString(" " + e.Text)
		}
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	default:
		b.WriteString("failed")
	}
	if e.OAuthError != "" {
		b.WriteString("; OAuth error " + e.OAuthError)
	}
	b.WriteString(" (" + e.hint() + ")")
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// hint says what the error means for the message and what to do.
func (e *Error) hint() string {
	switch e.Class {
	case Ambiguous:
		return "the server may have accepted the message; check the Sent folder or ask the recipient before sending it again"
	case Temporary:
		return "the message was not sent; it can be tried again later"
	}
	switch e.Stage {
	case StageTLS:
		return "check smtp.tls, smtp.port and the server's certificate; the message was not sent"
	case StageAuth:
		if e.OAuth {
			return "check smtp.username, and that smtp.token_command prints a valid access token for mail; the message was not sent"
		}
		return "check smtp.username and the password; the message was not sent"
	case StageRcpt:
		return "the address was refused; the message was not sent"
	case StageMail:
		return "the sender address was refused; the message was not sent"
	case StageConnect:
		return "check smtp.host, smtp.port and smtp.tls; the message was not sent"
	}
	return "the message was not sent; sending it again unchanged will fail the same way"
}
