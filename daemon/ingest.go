package daemon

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"

	"rapport/classify"
	"rapport/config"
	"rapport/control"
	"rapport/internal/ascii"
	"rapport/outbox"
	"rapport/store"
	"rapport/tracker"
)

// incoming is one fetched message waiting to be ingested.
type incoming struct {
	uid    uint32
	header []byte            // the header fields fetched first
	parsed *classify.Message // header parsed alone; nil to parse it when needed
	raw    []byte            // the whole message; nil when it was not fetched (too big, or cannot matter)
	tooBig bool              // over imap.max_message_mib: only its header was read
}

// batchCommitTimeout bounds the commit of a batch once the daemon is
// stopping (it normally takes milliseconds).
const batchCommitTimeout = 5 * time.Second

// mode says how much a message may change.
type mode int

const (
	// modeFollow applies every effect: new mail while rapport watches.
	modeFollow mode = iota
	// modeLookback is the first start on an existing mailbox: only mail
	// that threads to known contacts, or comes from a contact rapport is
	// waiting on, has effects; the rest is only recorded.
	modeLookback
)

// ingester records messages and applies their effects.
type ingester struct {
	store   *store.Store
	track   *tracker.Tracker
	owner   map[string]bool // the owner's addresses, lower-cased
	log     *slog.Logger
	now     func() time.Time
	applied func(outcome)   // called after each committed batch, for each message; may be nil
	drafter *outbox.Drafter // asks the owner again about an edited draft; may be nil
	kick    func()          // tells the sender a message was approved; never nil
	// requireAuth and authServIDs are commands.require_auth and
	// commands.authserv_ids: which of the owner's mail may command rapport.
	requireAuth bool
	authServIDs []string
	commands    config.Commands     // which of the owner's mail is for rapport
	control     *control.Controller // carries out the owner's mail to rapport; nil to leave it
}

// outcome is what ingesting one message did.
type outcome struct {
	Folder    string
	UID       uint32
	Key       string
	Kind      classify.Kind
	New       bool   // false when the message had been recorded before
	ContactID int64  // 0 when it belongs to no contact
	Event     string // the workflow event applied, "" for none
	Note      string // why nothing happened, when nothing did
}

// ingestBatch records the messages of one folder, in UID order, and
// applies their effects; with a checkpoint cp it stores it too, all in one
// transaction. Refused workflow events are logged, not fatal: the message
// is still recorded and the checkpoint still moves. A database error rolls
// everything back, so the batch is fetched again later.
func (in *ingester) ingestBatch(ctx context.Context, folder string, cp *store.Mailbox, msgs []incoming, m mode) ([]outcome, error) {
	var outcomes []outcome
	// The batch in hand is finished even when the daemon is stopping: its
	// messages are fetched, and committing them takes milliseconds.
	txCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), batchCommitTimeout)
	defer cancel()
	ctx = txCtx
	err := in.store.WithTx(ctx, func(tx *store.Tx) error {
		outcomes = make([]outcome, 0, len(msgs))
		parsed := make([]*classify.Message, len(msgs))
		for i, msg := range msgs {
			parsed[i] = msg.parse()
		}
		if err := in.settleAnswered(ctx, tx, parsed); err != nil {
			return err
		}
		strangers, err := in.strangers(ctx, tx, parsed)
		if err != nil {
			return err
		}
		for i, msg := range msgs {
			o, err := in.ingestOne(ctx, tx, folder, msg, parsed[i], m, strangers[i])
			if err != nil {
				return fmt.Errorf("%s UID %d: %w", folder, msg.uid, err)
			}
			outcomes = append(outcomes, o)
			if o.ContactID != 0 || o.Event != "" {
				// It may have changed contacts or threads: what the batch
				// query said of the messages after it no longer holds.
				clear(strangers[i+1:])
			}
		}
		if cp == nil {
			return nil
		}
		cp.Updated = in.now()
		return tx.SetMailbox(ctx, cp)
	})
	if err != nil {
		return nil, err
	}
	for _, o := range outcomes {
		in.log.Debug("message handled", "folder", o.Folder, "uid", o.UID, "kind", o.Kind,
			"new", o.New, "contact", o.ContactID, "event", o.Event, "note", o.Note)
		if in.applied != nil {
			in.applied(o)
		}
	}
	return outcomes, nil
}

// wantBodies decides for a batch of messages, from their headers and
// structure, whose bodies must be fetched: those that may concern a
// contact (their thread or their address), and bounces, invitations and
// forwards. Mail from strangers is judged on its headers alone, and so is
// mail over maxBody. It asks the database once for the whole batch; the
// answer only saves fetching, the effects are decided again when the
// batch is committed.
func (in *ingester) wantBodies(ctx context.Context, msgs []fetched, maxBody int64) error {
	var open []int // decided by the database
	var addrs, refs []string
	for i := range msgs {
		m := &msgs[i]
		hdr := m.parsed
		switch {
		case m.size > maxBody:
			m.tooBig = true
		case carriesPayload(m.structure):
			// Checked first: a report or invitation may look like bulk mail
			// by its headers, and the owner's own mail may carry a forward.
			m.worth = true
		case in.owner[ascii.Lower(hdr.From.Email)] && (len(hdr.InReplyTo) > 0 || in.forRapport(hdr)):
			// The owner answering something, perhaps a notice, or writing
			// to rapport: read it.
			m.worth = true
		case in.owner[ascii.Lower(hdr.From.Email)] || hdr.Kind == classify.KindBulk:
		case hdr.Kind == classify.KindBounce || machineSender(hdr.From.Email):
			m.worth = true
		default:
			open = append(open, i)
			addrs = append(addrs, ascii.Lower(hdr.From.Email))
			refs = append(refs, threadKeys(hdr)...)
		}
	}
	if len(open) == 0 {
		return nil
	}
	read := in.store.Read()
	contacts, err := read.ContactAddresses(ctx, addrs)
	if err != nil {
		return err
	}
	threads, err := read.ThreadKeys(ctx, refs)
	if err != nil {
		return err
	}
	for _, i := range open {
		m := &msgs[i]
		m.worth = contacts[ascii.Lower(m.parsed.From.Email)]
		for _, k := range threadKeys(m.parsed) {
			m.worth = m.worth || threads[k]
		}
	}
	return nil
}

// machineSender reports addresses that send delivery reports.
func machineSender(addr string) bool {
	local, _, _ := strings.Cut(ascii.Lower(addr), "@")
	return local == "mailer-daemon" || local == "postmaster" || local == "mail-daemon"
}

// carriesPayload reports a structure holding a delivery report, a calendar
// or an attached message.
func carriesPayload(bs imap.BodyStructure) bool {
	if bs == nil {
		return false
	}
	found := false
	bs.Walk(func(path []int, part imap.BodyStructure) bool {
		switch part.MediaType() {
		case "multipart/report", "message/delivery-status", "text/calendar", "application/ics", "message/rfc822", "message/global":
			found = true
		}
		return !found
	})
	return found
}

// parse returns what the message says: from the whole message when it
// was fetched, else from its header.
func (msg incoming) parse() *classify.Message {
	switch {
	case msg.raw != nil:
		return classify.Parse(msg.raw)
	case msg.parsed != nil:
		return msg.parsed
	}
	return classify.ParseHeader(msg.header)
}

// strangers reports, for each message of a batch, whether it certainly
// belongs to no contact: neither its sender nor any message it refers to
// is known. It asks the database twice for the whole batch instead of
// twice per message, inside the batch's transaction so that the answer
// holds until the batch itself changes something.
func (in *ingester) strangers(ctx context.Context, tx *store.Tx, msgs []*classify.Message) ([]bool, error) {
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
func (in *ingester) settleAnswered(ctx context.Context, tx *store.Tx, msgs []*classify.Message) error {
	var keys []string
	for _, m := range msgs {
		if !in.owner[ascii.Lower(m.From.Email)] {
			keys = append(keys, threadKeys(m)...)
		}
	}
	list, err := tx.UncertainAnswered(ctx, keys)
	if err != nil {
		return err
	}
	for i := range list {
		o := &list[i]
		if _, err := outbox.MarkSent(ctx, tx, in.track, o, []string{store.OutboxUncertain, store.OutboxSending}, in.now(), store.SourceMail); err != nil {
			return err
		}
		in.log.Info("an uncertain send was answered: it arrived", "outbox", o.ID, "message_id", o.MessageID)
	}
	return nil
}

// ingestOne records one message and applies its effects. stranger says
// the batch query found no contact it could belong to, which spares
// looking again.
func (in *ingester) ingestOne(ctx context.Context, tx *store.Tx, folder string, msg incoming, parsed *classify.Message, m mode, stranger bool) (outcome, error) {
	o := outcome{Folder: folder, UID: msg.uid, Key: messageKey(parsed, msg.header), Kind: parsed.Kind}
	rec := &store.Message{
		Key: o.Key, MessageID: parsed.MessageID, Direction: store.DirectionIn, Kind: string(parsed.Kind),
		Sender: parsed.From.Email, Subject: oneLine(parsed.Subject, 200), Date: parsed.Date,
		Folder: folder, UID: msg.uid, Recorded: in.now(),
	}
	if len(parsed.InReplyTo) > 0 {
		rec.InReplyTo = parsed.InReplyTo[0]
	}
	if in.owner[ascii.Lower(parsed.From.Email)] {
		// The owner's own mail: never a contact's reply, perhaps an answer
		// to a notice. Old mail read on a first start is only recorded.
		isNew, err := tx.RecordMessage(ctx, rec)
		if err != nil || !isNew {
			o.Note = "seen before"
			return o, err
		}
		o.New, o.Note = true, noOwner
		if m == modeLookback {
			return o, nil
		}
		event, note, err := in.ownerMail(ctx, tx, parsed, msg.tooBig)
		o.Event, o.Note = event, note
		return o, err
	}
	c, how, err := in.match(ctx, tx, parsed, stranger)
	if err != nil {
		return o, err
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
	case m == modeLookback && !inThread(how) && !waitingOn(c):
		o.Note = "older mail from a contact not waiting on an answer"
	default:
		if err := in.unreadable(ctx, tx, c, parsed, msg.tooBig); err != nil {
			return o, err
		}
		o.Event, o.Note, err = in.apply(ctx, tx, c, parsed, how)
	}
	return o, err
}

// unreadable tells the owner, through the digest's problems, about mail
// from a contact (or in their thread) that rapport could not read whole:
// it still counts as their answer (see eventFor), so the owner must read
// it themselves.
func (in *ingester) unreadable(ctx context.Context, tx *store.Tx, c *store.Contact, m *classify.Message, tooBig bool) error {
	why := ""
	switch {
	case m.Kind == classify.KindMalformed:
		why = m.Reason
	case tooBig:
		why = "over the size limit (imap.max_message_mib): only its header was read"
	default:
		return nil
	}
	in.log.Warn("could not read a contact's mail; counted as their answer", "contact", c.ID, "message_id", m.MessageID, "reason", why)
	return tx.AddProblem(ctx, &store.Problem{At: in.now(), Kind: store.ProblemUnreadable,
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
