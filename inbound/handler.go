package inbound

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
)

// Handler decides what incoming mail means and applies it, in the
// caller's transaction: a contact's answer, automatic reply, bounce or
// invitation moves their workflow; the owner's mail to rapport carries
// out commands, approvals and forwarded introductions; the rest is only
// recorded. It does no network I/O: the caller fetches the mail, and
// commits what Handle writes together with its own checkpoint.
type Handler struct {
	Track *contacts.Tracker
	// Owner holds the owner's addresses, keyed as OwnerSet keys them.
	Owner map[string]bool
	Log   *slog.Logger
	Now   func() time.Time
	// Drafter writes receipts and asks the owner again about an edited
	// draft; nil to write neither.
	Drafter *outbox.Drafter
	// Kick tells the sender a message was approved; never nil.
	Kick func()
	// RequireAuth and AuthServIDs are commands.require_auth and
	// commands.authserv_ids: which of the owner's mail may command
	// rapport.
	RequireAuth bool
	AuthServIDs []string
	// Commands says which of the owner's mail is for rapport.
	Commands config.Commands
	// Control carries out the owner's mail to rapport; nil to leave it.
	Control *contacts.Controller
}

// OwnerSet keys the owner's addresses as a Handler looks them up: lowered
// in ASCII only, so that a look-alike (an address written with the Kelvin
// sign, U+212A, for K) is a stranger, not the owner.
func OwnerSet(addrs []string) map[string]bool {
	owner := make(map[string]bool, len(addrs))
	for _, a := range addrs {
		owner[ascii.Lower(strings.TrimSpace(a))] = true
	}
	return owner
}

// IsOwner reports whether addr is one of the owner's.
func (in *Handler) IsOwner(addr string) bool { return in.Owner[ascii.Lower(addr)] }

// Message is one incoming message to handle.
type Message struct {
	UID    uint32
	Header []byte            // the header fields fetched, which key a message without a Message-ID
	Parsed *classify.Message // the whole message parsed, or its header alone when TooBig
	TooBig bool              // over imap.max_message_mib: only its header was read
}

// Outcome is what handling one message did.
type Outcome struct {
	Folder    string
	UID       uint32
	Key       string
	Kind      classify.Kind
	New       bool   // false when the message had been recorded before
	ContactID int64  // 0 when it belongs to no contact
	Event     string // the workflow event applied, "" for none
	Note      string // why nothing happened, when nothing did
}

// Handle records the messages of one folder, in order, and applies their
// effects in tx. With lookback (the first start on an existing mailbox)
// only mail that threads to known contacts, or comes from a contact
// rapport is waiting on, has effects; the rest is only recorded. Refused
// workflow events are not errors: the message is still recorded and the
// refusal is the outcome's note. A database error is returned as it is,
// for the caller to roll everything back.
func (in *Handler) Handle(ctx context.Context, tx *store.Tx, folder string, msgs []Message, lookback bool) ([]Outcome, error) {
	outcomes := make([]Outcome, 0, len(msgs))
	parsed := make([]*classify.Message, len(msgs))
	for i, msg := range msgs {
		parsed[i] = msg.Parsed
	}
	if err := in.settleAnswered(ctx, tx, parsed); err != nil {
		return nil, err
	}
	strangers, err := in.strangers(ctx, tx, parsed)
	if err != nil {
		return nil, err
	}
	for i, msg := range msgs {
		o, err := in.handleOne(ctx, tx, folder, msg, lookback, strangers[i])
		if err != nil {
			return nil, fmt.Errorf("%s UID %d: %w", folder, msg.UID, err)
		}
		outcomes = append(outcomes, o)
		if o.ContactID != 0 || o.Event != "" {
			// It may have changed contacts or threads: what the batch
			// query said of the messages after it no longer holds.
			clear(strangers[i+1:])
		}
	}
	return outcomes, nil
}

// strangers reports, for each message of a batch, whether it certainly
// belongs to no contact: neither its sender nor any message it refers to
// is known. It asks the database twice for the whole batch instead of
// twice per message, inside the batch's transaction so that the answer
// holds until the batch itself changes something.
func (in *Handler) strangers(ctx context.Context, tx *store.Tx, msgs []*classify.Message) ([]bool, error) {
	var addrs, refs []string
	for _, m := range msgs {
		addrs = append(addrs, ascii.Lower(m.From.Email))
		refs = append(refs, threadKeys(m)...)
		if m.Bounce != nil {
			addrs = append(addrs, m.Bounce.Recipients...)
		}
	}
	contacts, err := tx.ContactAddresses(ctx, addrs)
	if err != nil {
		return nil, err
	}
	threads, err := tx.ThreadKeys(ctx, refs)
	if err != nil {
		return nil, err
	}
	out := make([]bool, len(msgs))
	for i, m := range msgs {
		known := contacts[ascii.Lower(m.From.Email)]
		for _, k := range threadKeys(m) {
			known = known || threads[k]
		}
		if m.Bounce != nil {
			for _, r := range m.Bounce.Recipients {
				known = known || contacts[r]
			}
		}
		out[i] = !known
	}
	return out, nil
}

// settleAnswered marks sent the messages to contacts that may or may not
// have left (uncertain, or sending past the end of data when rapport died)
// that mail of the batch refers to (an answer, an automatic reply, a
// bounce): the contact has it, so it left. It runs before matching, so that the answer
// finds its thread and applies to a contact already moved by the send,
// rather than being refused and followed by a nudge once the owner
// confirms the send by hand.
func (in *Handler) settleAnswered(ctx context.Context, tx *store.Tx, msgs []*classify.Message) error {
	var keys []string
	for _, m := range msgs {
		if !in.Owner[ascii.Lower(m.From.Email)] {
			keys = append(keys, threadKeys(m)...)
		}
	}
	list, err := tx.UncertainAnswered(ctx, keys)
	if err != nil {
		return err
	}
	for i := range list {
		o := &list[i]
		if _, err := in.Track.MarkSent(ctx, tx, o, []string{store.OutboxUncertain, store.OutboxSending}, in.Now(), store.SourceMail); err != nil {
			return err
		}
		in.Log.Info("an uncertain send was answered: it arrived", "outbox", o.ID, "message_id", o.MessageID)
	}
	return nil
}

// handleOne records one message and applies its effects. stranger says
// the batch query found no contact it could belong to, which spares
// looking again.
func (in *Handler) handleOne(ctx context.Context, tx *store.Tx, folder string, msg Message, lookback, stranger bool) (Outcome, error) {
	parsed := msg.Parsed
	o := Outcome{Folder: folder, UID: msg.UID, Key: messageKey(parsed, msg.Header), Kind: parsed.Kind}
	rec := &store.Message{
		Key: o.Key, MessageID: parsed.MessageID, Direction: store.DirectionIn, Kind: string(parsed.Kind),
		Sender: parsed.From.Email, Subject: oneLine(parsed.Subject, 200), Date: parsed.Date,
		Folder: folder, UID: msg.UID, Recorded: in.Now(),
	}
	if len(parsed.InReplyTo) > 0 {
		rec.InReplyTo = parsed.InReplyTo[0]
	}
	if in.Owner[ascii.Lower(parsed.From.Email)] {
		// The owner's own mail: never a contact's reply, perhaps an answer
		// to a notice. Old mail read on a first start is only recorded.
		isNew, err := tx.RecordMessage(ctx, rec)
		if err != nil || !isNew {
			o.Note = "seen before"
			return o, err
		}
		o.New, o.Note = true, noOwner
		if lookback {
			return o, nil
		}
		event, note, err := in.ownerMail(ctx, tx, parsed, msg.TooBig)
		o.Event, o.Note = event, note
		return o, err
	}
	c, how, err := in.match(ctx, tx, parsed, stranger)
	if err != nil {
		return o, err
	}
	var strangers []invitee
	var several []*store.Contact
	if c == nil && parsed.Booking != nil && (how == noStranger || how == noBulk) {
		// A scheduling service writes for whoever booked (in mail that
		// may look like bulk mail): the booking is the contact's it
		// names, never its sender's.
		if c, how, strangers, several, err = in.bookingContact(ctx, tx, parsed); err != nil {
			return o, err
		}
	}
	if c == nil && parsed.Booking == nil && parsed.Kind == classify.KindCalendar && how == noStranger {
		if c, err = in.cancelledMeetingOf(ctx, tx, parsed); err != nil {
			return o, err
		}
		if c != nil {
			how = matchMeetingUID
		}
	}
	if c != nil {
		rec.ContactID = c.ID
		o.ContactID = c.ID
		rec.Text = parsed.Text // the conversation notices and the prep brief quote
	}
	isNew, err := tx.RecordMessage(ctx, rec)
	if err != nil {
		return o, err
	}
	o.New = isNew
	switch {
	case !isNew:
		o.Note = "seen before"
	case c == nil:
		o.Note = how
		if !lookback && parsed.Booking != nil {
			err = in.strangerBooking(ctx, tx, parsed, strangers)
			if err == nil {
				err = in.sharedBooking(ctx, tx, parsed, several)
			}
		}
	case lookback && !inThread(how) && !waitingOn(c):
		o.Note = "older mail from a contact not waiting on an answer"
	default:
		if err := in.unreadable(ctx, tx, c, parsed, msg.TooBig); err != nil {
			return o, err
		}
		o.Event, o.Note, err = in.apply(ctx, tx, c, parsed, how, o.Key)
	}
	return o, err
}

// unreadable tells the owner, through the digest's problems, about mail
// from a contact (or in their thread) that rapport could not read whole:
// it still counts as their answer (see eventFor), so the owner must read
// it themselves.
func (in *Handler) unreadable(ctx context.Context, tx *store.Tx, c *store.Contact, m *classify.Message, tooBig bool) error {
	why := ""
	switch {
	case m.Kind == classify.KindMalformed:
		why = m.Reason
	case tooBig:
		why = "over the size limit (imap.max_message_mib): only its header was read"
	default:
		return nil
	}
	in.Log.Warn("could not read a contact's mail; counted as their answer", "contact", c.ID, "message_id", m.MessageID, "reason", why)
	return tx.AddProblem(ctx, &store.Problem{At: in.Now(), Kind: store.ProblemUnreadable,
		Detail: fmt.Sprintf("#%d %s: mail from %s (%q): %s; counted as their answer, so no nudge follows",
			c.ID, oneLine(c.Name, 60), oneLine(m.From.Email, 100), oneLine(m.Subject, 80), why)})
}

// messageKey is the message's Message-ID, or for a message without one a
// key derived from its header, so that the same message fetched again (a
// new UIDVALIDITY, a second folder) is still recognised.
func messageKey(m *classify.Message, header []byte) string {
	if m.MessageID != "" {
		return ascii.Lower(m.MessageID)
	}
	sum := sha256.Sum256(header)
	return "no-message-id:" + hex.EncodeToString(sum[:16])
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
