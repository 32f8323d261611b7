package mailstack

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Deliver sends raw from an outside MTA's point of view: over SMTPAddr, in
// plaintext, without AUTH. It returns once Postfix has accepted the message
// (the reply to DATA); Dovecot stores it a few milliseconds later, see
// WaitDelivered. A refused recipient makes it return an *smtp.SMTPError.
func (s *Stack) Deliver(from string, to []string, raw []byte) error {
	conn, err := net.DialTimeout("tcp", s.SMTPAddr, 10*time.Second)
	if err != nil {
		return fmt.Errorf("mailstack: deliver: %w", err)
	}
	c := smtp.NewClient(conn)
	defer c.Close()
	c.CommandTimeout, c.SubmissionTimeout = 30*time.Second, 30*time.Second
	if err := c.SendMail(from, to, bytes.NewReader(raw)); err != nil {
		return fmt.Errorf("mailstack: deliver to %s: %w", strings.Join(to, ", "), err)
	}
	return c.Quit()
}

// Submit sends raw as a user's mail app does: over SubmissionAddr, after
// STARTTLS and AUTH PLAIN as login, with from as the envelope sender. The
// message then arrives with the Authentication-Results field that vouches
// for login (see Stack). It returns once Postfix has accepted it.
func (s *Stack) Submit(login, password, from string, to []string, raw []byte) error {
	c, err := smtp.DialStartTLS(s.SubmissionAddr, s.TLSConfig())
	if err != nil {
		return fmt.Errorf("mailstack: submit: %w", err)
	}
	defer c.Close()
	c.CommandTimeout, c.SubmissionTimeout = 30*time.Second, 30*time.Second
	if err := c.Auth(sasl.NewPlainClient("", login, password)); err != nil {
		return fmt.Errorf("mailstack: submit: AUTH as %s: %w", login, err)
	}
	if err := c.SendMail(from, to, bytes.NewReader(raw)); err != nil {
		return fmt.Errorf("mailstack: submit to %s: %w", strings.Join(to, ", "), err)
	}
	return c.Quit()
}

// WaitDelivered blocks until the user's INBOX holds at least n messages, or
// ctx is done. It looks at the maildir (new/ and cur/) every 10 ms: cheap,
// and a message is there before any IMAP client can see it.
func (s *Stack) WaitDelivered(ctx context.Context, user string, n int) error {
	local, _, _ := strings.Cut(s.Address(user), "@")
	maildir := filepath.Join(s.Dir, "mail", Domain, local, "Maildir")
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		have, err := countMessages(maildir)
		if err != nil {
			return err
		}
		if have >= n {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("mailstack: %s has %d messages, want %d (see %s/log): %w",
				s.Address(user), have, n, s.Dir, ctx.Err())
		case <-tick.C:
		}
	}
}

// countMessages counts the messages of a maildir; a maildir not created yet
// (nothing delivered) holds none.
func countMessages(maildir string) (int, error) {
	n := 0
	for _, sub := range []string{"new", "cur"} {
		entries, err := os.ReadDir(filepath.Join(maildir, sub))
		if err != nil && !os.IsNotExist(err) {
			return 0, fmt.Errorf("mailstack: %w", err)
		}
		n += len(entries)
	}
	return n, nil
}
