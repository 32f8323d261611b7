package smtpout

import (
	"context"
	"errors"
	"io"
	"net"
	"net/textproto"
	"os"
	"regexp"
	"strings"
	"syscall"

	"github.com/rapport-mail/rapport/internal/tlsfail"
)

// enhancedCode matches an RFC 3463 enhanced status code at the start of a
// reply line.
var enhancedCode = regexp.MustCompile(`^([245]\.\d{1,3}\.\d{1,3})(?:\s+|$)`)

// reply returns the SMTP reply carried by err, as go-mail's smtp package
// reports an unexpected one: a *textproto.Error, possibly wrapped. Its
// lines are joined with spaces, their enhanced codes removed and the first
// one returned. ok is false when the server gave no reply.
func reply(err error) (code int, enhanced, text string, ok bool) {
	var te *textproto.Error
	if !errors.As(err, &te) {
		return 0, "", "", false
	}
	var lines []string
	for _, line := range strings.Split(te.Msg, "\n") {
		if m := enhancedCode.FindStringSubmatch(line); m != nil {
			if enhanced == "" {
				enhanced = m[1]
			}
			line = line[len(m[0]):]
		}
		lines = append(lines, strings.TrimSpace(line))
	}
	return te.Code, enhanced, strings.Join(lines, " "), true
}

// replyClass is the class of a reply code: 4xx is Temporary, 5xx
// Permanent; other codes are unexpected and get the class of a failure
// without reply.
func replyClass(code int, noReply Class) Class {
	switch code / 100 {
	case 4:
		return Temporary
	case 5:
		return Permanent
	}
	return noReply
}

// isNetwork reports whether err is a failure of the connection itself
// (refused, reset, closed, timed out, cancelled, no such host) rather than
// something the server said or a TLS certificate problem.
func isNetwork(err error) bool {
	if tlsfail.Is(err) {
		return false
	}
	var netErr net.Error
	return errors.As(err, &netErr) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) || errors.Is(err, os.ErrDeadlineExceeded) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNABORTED)
}

// scrubber removes secrets from error texts: the password, and the
// base64 forms in which PLAIN and LOGIN send it, in case a server quotes
// what it received.
type scrubber []string

func newScrubber(user, pass string) scrubber {
	if pass == "" {
		return nil
	}
	return scrubber{
		base64Std("\x00" + user + "\x00" + pass),
		base64Std(pass),
		pass,
	}
}

// text returns s with every secret replaced by "[redacted]".
func (s scrubber) text(v string) string {
	for _, secret := range s {
		v = strings.ReplaceAll(v, secret, "[redacted]")
	}
	return v
}

// err returns err unchanged when its text holds no secret, and otherwise
// an error with the scrubbed text (and nothing to unwrap, as the wrapped
// errors would still hold the secret).
func (s scrubber) err(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := s.text(msg); clean != msg {
		return errors.New(clean)
	}
	return err
}
