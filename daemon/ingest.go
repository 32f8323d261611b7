package daemon

import (
	"context"
	"log/slog"
	"time"

	"github.com/rapport-mail/rapport/inbound"
	"github.com/rapport-mail/rapport/internal/crashpoint"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
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

// ingester commits fetched messages with their folder's checkpoint: what
// each message means is the inbound.Handler's to decide, in the same
// transaction. It is the watchers' imapwatch.Sink (sink.go).
type ingester struct {
	store   *store.Store
	handler *inbound.Handler
	log     *slog.Logger
	now     func() time.Time
	applied func(inbound.Outcome) // called after each committed batch, for each message; may be nil
	// sent makes this the Sent folder's ingester: the owner's own mail,
	// whose meaning is inbound.Handler.HandleSent's (sent.go).
	sent bool
}

// ingestBatch records the messages of one folder, in UID order, and
// applies their effects; with a checkpoint cp it stores it too, all in one
// transaction. Refused workflow events are logged, not fatal: the message
// is still recorded and the checkpoint still moves. A database error rolls
// everything back, so the batch is fetched again later.
func (in *ingester) ingestBatch(ctx context.Context, folder string, cp *store.Mailbox, msgs []incoming, m mode) ([]inbound.Outcome, error) {
	var outcomes []inbound.Outcome
	// The batch in hand is finished even when the daemon is stopping: its
	// messages are fetched, and committing them takes milliseconds.
	txCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), batchCommitTimeout)
	defer cancel()
	ctx = txCtx
	batch := make([]inbound.Message, len(msgs))
	for i, msg := range msgs {
		batch[i] = inbound.Message{UID: msg.uid, Header: msg.header, Parsed: msg.parse(), TooBig: msg.tooBig}
	}
	err := in.store.WithTx(ctx, func(tx *store.Tx) (err error) {
		handle := in.handler.Handle
		if in.sent {
			handle = in.handler.HandleSent
		}
		if outcomes, err = handle(ctx, tx, folder, batch, m == modeLookback); err != nil {
			return err
		}
		if in.sent {
			// The owner's mail is applied, not yet committed (see
			// sentcrash_test.go).
			crashpoint.Hit("sent-before-commit")
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
