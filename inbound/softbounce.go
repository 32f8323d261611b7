package inbound

import (
	"context"
	"fmt"
	"strconv"

	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/internal/textclean"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// softBounceLimit is how many soft bounces in a row, without mail from
// the address between them, make an address failed. A full mailbox or a
// greylisting server that never let one message through says little
// about the address; the same three times over several sends says the
// mail does not arrive there.
const softBounceLimit = 3

// soft reports whether m is a bounce that is not permanent: a warning
// that the server is still trying, or a message given up on with a
// temporary status (see classify.Bounce).
func soft(m *classify.Message) bool {
	return m.Kind == classify.KindBounce && m.Bounce != nil && !m.Bounce.Permanent
}

// softBounce decides what a bounce that is not permanent means for c.
// A delay (the server still holds the message) is only written in c's
// history: the message may yet arrive. A soft failure (the message was
// given up on, its status temporary) is counted for the address that
// failed, in tx with the report's record under key, so that a report read
// twice counts once; it is written in the history and in the digest's
// problems ("soft bounce 1 of 3") until the count reaches
// softBounceLimit, when the address is treated as failed: the bounce
// event, as a permanent bounce gives. It returns that event, or nil and
// a note on why there is none.
func (in *Handler) softBounce(ctx context.Context, tx *store.Tx, c *store.Contact, m *classify.Message, how, key string) (*workflow.Event, string, error) {
	addr, err := failedAddress(ctx, tx, c, m.Bounce)
	if err != nil {
		return nil, "", err
	}
	reported := outbox.ReportedBounce(m.Bounce, addr)
	words := reportWords(reported)
	history := func(detail string) error {
		return tx.AppendHistory(ctx, &store.Entry{
			ContactID: c.ID, At: in.Now(), Kind: store.EntryDelivery, From: c.State.Status, To: c.State.Status,
			Why: describe(m, how), Detail: detail, MessageID: m.MessageID, Source: store.SourceMail,
		})
	}
	switch {
	case m.Bounce.Delayed:
		in.Log.Info("delivery delayed; the server is still trying", "contact", c.ID, "address", reported.Recipient, "status", reported.Status)
		return nil, "a delivery delay: the server is still trying", history("delivery delayed: " + words + "; the server is still trying")
	case addr == "":
		// A contact rapport has no address for: nothing was sent to count.
		return nil, "a soft bounce naming no address of theirs", history("soft bounce, not counted (no address of theirs): " + words)
	}
	n, err := tx.AddSoftBounce(ctx, &store.SoftBounce{MessageKey: key, ContactID: c.ID, Address: addr, At: in.Now(), Status: reported.Status})
	if err != nil {
		return nil, "", err
	}
	if n >= softBounceLimit {
		reported.Soft = n
		in.Log.Info("soft bounces in a row: the address is treated as failed", "contact", c.ID, "address", addr, "count", n)
		return &workflow.Event{Kind: workflow.EventBounceReceived, Bounce: reported,
			Why: fmt.Sprintf("%s soft bounces: %s; no mail from %s between them", countWord(n), describe(m, how), oneLine(addr, 100))}, "", nil
	}
	of := fmt.Sprintf("soft bounce %d of %d", n, softBounceLimit)
	in.Log.Info("soft bounce counted", "contact", c.ID, "address", addr, "count", n, "status", reported.Status)
	if err := history(of + ": " + words + "; the message did not arrive"); err != nil {
		return nil, "", err
	}
	err = tx.AddProblem(ctx, &store.Problem{At: in.Now(), Kind: store.ProblemSoftBounce,
		Detail: fmt.Sprintf("#%d %s: %s, the mail did not arrive: %s; at %s in a row, with no mail from that address between them, the contact is closed as bounced",
			c.ID, oneLine(c.Name, 60), of, words, countWord(softBounceLimit))})
	return nil, of, err
}

// failedAddress is the address of c that a soft failure counts against:
// the one the report names, the address rapport writes to first; else
// the address rapport writes to (the report names an alias that
// forwards to it, or nothing). It is "" for a contact without one.
func failedAddress(ctx context.Context, tx *store.Tx, c *store.Contact, b *classify.Bounce) (string, error) {
	for _, r := range b.Recipients {
		if c.Email != "" && ascii.EqualFold(r, c.Email) {
			return c.Email, nil
		}
	}
	for _, r := range b.Recipients {
		id, err := tx.ContactIDByEmail(ctx, r)
		if err != nil {
			return "", err
		}
		if id == c.ID {
			return r, nil
		}
	}
	return c.Email, nil
}

// signOfLife forgets the soft bounces of the address m comes from, when
// it is one of c's: mail from it (an answer, even an automatic one)
// shows that mail reaches it. A bounce is no sign of life, and mail a
// colleague writes in c's thread clears nothing, as its address has no
// soft bounces of c's.
func (in *Handler) signOfLife(ctx context.Context, tx *store.Tx, c *store.Contact, m *classify.Message) error {
	if m.Kind == classify.KindBounce || m.Kind == classify.KindBulk || m.From.Email == "" {
		return nil
	}
	n, err := tx.ClearSoftBounces(ctx, c.ID, m.From.Email)
	if err != nil || n == 0 {
		return err
	}
	in.Log.Info("mail from an address with soft bounces: they are forgotten", "contact", c.ID, "address", m.From.Email, "count", n)
	return tx.AppendHistory(ctx, &store.Entry{
		ContactID: c.ID, At: in.Now(), Kind: store.EntryDelivery, From: c.State.Status, To: c.State.Status,
		Why:       describe(m, matchSender),
		Detail:    fmt.Sprintf("soft bounce count of %s reset (was %d): mail came from it", oneLine(m.From.Email, 100), n),
		MessageID: m.MessageID, Source: store.SourceMail,
	})
}

// reportWords says what a report says failed, on one line: the address,
// the status and the server's words, cut short ("kim@example.org, 4.2.2:
// 452 4.2.2 Mailbox full"). The words come from a server anyone may run.
func reportWords(b *workflow.Bounce) string {
	s := textclean.OneLine(b.Recipient)
	if s == "" {
		s = "an address the report does not name"
	}
	if st := textclean.OneLine(b.Status); st != "" {
		s += ", " + oneLine(st, 20)
	}
	if d := textclean.OneLine(b.Diagnostic); d != "" {
		s += ": " + oneLine(d, 160)
	}
	return s
}

// countWord writes a small count in words, as the history reads ("three
// soft bounces"), and a larger one in digits.
func countWord(n int) string {
	words := []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return strconv.Itoa(n)
}
