package smtpout

import (
	"bytes"
	"context"
	"errors"
	"net/mail"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/mail/compose"
)

// The real Postfix delivers nothing of a message whose end-of-data mark
// SendMarked held back, and delivers the next one; beforeEnd runs once per
// message, after the whole message was handed over.
func TestPostfixSendMarked(t *testing.T) {
	st := mailstack.Shared(t)
	owner, ownerPass := stackUser(t, st, "owner")
	jane, janePass := stackUser(t, st, "jane")
	s := submission(t, st, owner, ownerPass)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	build := func(subject string) []byte {
		data, err := compose.Bytes(&compose.Message{From: mail.Address{Address: owner}, To: []mail.Address{{Address: jane}}, Subject: subject,
			Body: "Hello\n", MessageID: compose.NewMessageID(owner), Date: time.Now().Truncate(time.Second)})
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	refuse := errors.New("the store is full")
	calls := 0
	err := s.SendMarked(ctx, owner, []string{jane}, build("never delivered"), func() error { calls++; return refuse })
	var e *Error
	if !errors.As(err, &e) || e.Class != Temporary || e.Stage != StageData || !errors.Is(err, refuse) {
		t.Fatalf("SendMarked with a failing mark = %v; want a Temporary error at DATA wrapping the mark's", err)
	}
	second := build("delivered")
	if err := s.SendMarked(ctx, owner, []string{jane}, second, func() error { calls++; return nil }); err != nil {
		t.Fatalf("SendMarked() = %v", err)
	}
	if calls != 2 {
		t.Fatalf("beforeEnd ran %d times for two messages, want 2", calls)
	}
	// The first was never accepted, so never queued: once the second is
	// in, the mailbox holds all it will.
	if raw := fetchRaw(t, st, jane, janePass); !bytes.HasSuffix(raw, second) {
		t.Fatalf("the first message in the mailbox is\n%s\nwant the second one sent: the first never ended", raw)
	}
	if n := countInbox(t, st, jane, janePass); n != 1 {
		t.Fatalf("the mailbox holds %d messages, want only the one whose end was written", n)
	}
}

// countInbox returns how many messages user's INBOX holds.
func countInbox(t *testing.T, st *mailstack.Stack, user, pass string) uint32 {
	t.Helper()
	c := imapLogin(t, st, user, pass)
	defer c.Close()
	data, err := c.Status("INBOX", &imap.StatusOptions{NumMessages: true}).Wait()
	if err != nil || data.NumMessages == nil {
		t.Fatalf("STATUS INBOX = %+v, %v", data, err)
	}
	return *data.NumMessages
}
