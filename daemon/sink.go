package daemon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/rapport-mail/rapport/inbound"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/transport/imapwatch"
)

// The ingester is the bridge from the watchers (package imapwatch, which
// fetches) to meaning (package inbound, which decides): it keeps each
// folder's checkpoint in the store, parses headers with classify, and
// answers which mail the watcher tidies.
var _ imapwatch.Sink = (*ingester)(nil)

// Checkpoint returns the folder's checkpoint from the store.
func (in *ingester) Checkpoint(ctx context.Context, folder string) (imapwatch.Checkpoint, bool, error) {
	cp, err := in.store.Read().Mailbox(ctx, folder)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return imapwatch.Checkpoint{}, false, nil
	case err != nil:
		return imapwatch.Checkpoint{}, false, err
	}
	return imapwatch.Checkpoint{UIDValidity: cp.UIDValidity, LastUID: cp.LastUID}, true, nil
}

// Wanted parses each header and asks inbound.Handler.Worth, once for the
// batch, whose bodies to fetch; the parsed header is kept for Apply.
func (in *ingester) Wanted(ctx context.Context, folder string, heads []imapwatch.Head) ([]imapwatch.Want, error) {
	list := make([]inbound.Head, len(heads))
	for i, h := range heads {
		list[i] = inbound.Head{Parsed: classify.ParseHeader(h.Header), Payload: carriesPayload(h.Structure), TooBig: h.TooBig}
	}
	worth := in.handler.Worth
	if in.sent {
		worth = in.handler.SentWorth
	}
	bodies, err := worth(ctx, in.store.Read(), list)
	if err != nil {
		return nil, err
	}
	wants := make([]imapwatch.Want, len(heads))
	for i := range wants {
		wants[i] = imapwatch.Want{Body: bodies[i], Keep: list[i].Parsed}
	}
	return wants, nil
}

// Apply ingests the batch with its checkpoint in one transaction
// (ingestBatch), and asks the watcher to tidy what was handled: the
// keyword on every message that concerned a contact or meant an event,
// and a move for handled bounces and automatic replies. A batch without
// messages only stores the checkpoint: the end of a lookback window.
func (in *ingester) Apply(ctx context.Context, b *imapwatch.Batch) ([]imapwatch.Tidy, error) {
	if len(b.Messages) == 0 {
		if b.Checkpoint == nil {
			return nil, nil
		}
		return nil, in.store.WithTx(ctx, func(tx *store.Tx) error {
			return tx.SetMailbox(ctx, &store.Mailbox{Folder: b.Folder, UIDValidity: b.Checkpoint.UIDValidity,
				LastUID: b.Checkpoint.LastUID, Updated: in.now()})
		})
	}
	msgs := make([]incoming, len(b.Messages))
	for i, m := range b.Messages {
		parsed, _ := m.Keep.(*classify.Message)
		msgs[i] = incoming{uid: m.UID, header: m.Header, parsed: parsed, raw: m.Body, tooBig: m.TooBig}
	}
	var cp *store.Mailbox
	if b.Checkpoint != nil {
		cp = &store.Mailbox{Folder: b.Folder, UIDValidity: b.Checkpoint.UIDValidity, LastUID: b.Checkpoint.LastUID}
	}
	// A new UIDVALIDITY reads the window again as new mail: what was seen
	// before is recognised by its Message-ID and skipped.
	m := modeFollow
	if b.Mode == imapwatch.ModeFirstLook {
		m = modeLookback
	}
	handled, err := in.ingestBatch(ctx, b.Folder, cp, msgs, m)
	if err != nil || in.sent {
		// The owner's Sent folder is theirs: rapport marks and moves
		// nothing there.
		return nil, err
	}
	return tidyFor(handled), nil
}

// tidyFor is the tidying of handled messages, once their effects are
// committed: the keyword for those that concerned a contact or meant an
// event, and a move out of the inbox for bounces and automatic replies
// among them.
func tidyFor(handled []inbound.Outcome) []imapwatch.Tidy {
	var list []imapwatch.Tidy
	for _, o := range handled {
		if o.ContactID == 0 && o.Event == "" {
			continue
		}
		list = append(list, imapwatch.Tidy{UID: o.UID, Keyword: true,
			Move: o.Kind == classify.KindBounce || o.Kind == classify.KindAutoReply})
	}
	return list
}

// offlineWorth is how long the mailbox must have been out of reach for
// the digest to mention it.
const offlineWorth = 5 * time.Minute

// Offline keeps a time without a connection as a problem for the digest,
// when it lasted long enough to matter.
func (in *ingester) Offline(ctx context.Context, folder string, from, to time.Time) {
	if to.Sub(from) < offlineWorth {
		return
	}
	p := &store.Problem{At: to, Kind: store.ProblemOffline, Detail: fmt.Sprintf("no connection to %s for %s (from %s)",
		folder, to.Sub(from).Round(time.Minute), from.Format("Mon 2 Jan 15:04 MST"))}
	if err := in.store.WithTx(ctx, func(tx *store.Tx) error { return tx.AddProblem(ctx, p) }); err != nil {
		in.log.Error("could not record the time offline for the digest", "folder", folder, "err", err)
	}
}

// StorageFault reports the database failing (a full disk, a lock held
// too long), as opposed to the mailbox.
func (in *ingester) StorageFault(err error) bool {
	return errors.Is(err, store.ErrDiskFull) || errors.Is(err, store.ErrBusy)
}

// carriesPayload reports a structure holding a delivery report, a calendar
// or an attached message.
func carriesPayload(bs imap.BodyStructure) bool {
	if bs == nil {
		return false
	}
	found := false
	bs.Walk(func(path []int, part imap.BodyStructure) bool {
		found = payloadType(part)
		return !found
	})
	return found
}

// payloadType reports a part of one of the types carriesPayload looks
// for. It compares type and subtype in place: MediaType would build and
// lower-case a string for every part of every message of a backlog.
func payloadType(part imap.BodyStructure) bool {
	var typ, sub, name string
	switch p := part.(type) {
	case *imap.BodyStructureSinglePart:
		typ, sub = p.Type, p.Subtype
		name = p.Filename()
	case *imap.BodyStructureMultiPart:
		typ, sub = "multipart", p.Subtype
	default:
		return false
	}
	is := func(t, s string) bool { return strings.EqualFold(typ, t) && strings.EqualFold(sub, s) }
	if is("application", "octet-stream") {
		// A calendar sent as bytes, named *.ics (Microsoft Bookings'
		// BookingConfirmation.ics): package classify reads it as one, so
		// it must be fetched like any invitation.
		return strings.HasSuffix(strings.ToLower(name), ".ics")
	}
	return is("multipart", "report") || is("message", "delivery-status") || is("text", "calendar") ||
		is("application", "ics") || is("message", "rfc822") || is("message", "global")
}
