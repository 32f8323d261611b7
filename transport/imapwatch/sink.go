package imapwatch

import (
	"context"
	"time"

	"github.com/emersion/go-imap/v2"
)

// Sink is a Watcher's caller: it keeps each folder's checkpoint and
// decides what mail means. The watcher only fetches and hands over.
//
// For each batch of new mail the watcher, in this order, fetches the
// headers (Options.HeaderFields), asks Wanted which bodies to fetch,
// fetches them, hands the batch to Apply, and then carries out the Tidy
// that Apply returned. The contract, so that a later watcher may fetch a
// batch while the one before is applied:
//
//   - Apply is called for one batch at a time, in UID order, and never
//     again before the previous call returned. A batch is self-contained:
//     its folder, mode and new checkpoint travel with it, and its
//     Messages (their bytes included) are the Sink's once Apply is
//     called. The watcher keeps no state that Apply may rely on.
//   - Wanted may run on another goroutine at the same time as Apply and
//     as other calls to Wanted, for later batches: the watcher fetches
//     headers ahead. Its answers must not depend on the batches before
//     having been applied (they only save fetching).
//   - The connection may be in use while Apply runs; the Sink never
//     sees it.
//
// Every method may do I/O and block; ctx ends when the watcher stops.
type Sink interface {
	// Checkpoint returns the folder's stored checkpoint, and found false
	// when the folder was never watched. An error ends the session.
	Checkpoint(ctx context.Context, folder string) (cp Checkpoint, found bool, err error)

	// Wanted decides, for the heads of a batch in UID order, whose bodies
	// to fetch: one Want per head, in the same order. A head TooBig is
	// never fetched, whatever the answer. An error ends the session.
	Wanted(ctx context.Context, folder string, heads []Head) ([]Want, error)

	// Apply commits a batch: the messages' effects and, when
	// b.Checkpoint is set, the folder's new checkpoint, all at once or
	// nothing. An error means nothing was committed: the session ends
	// and the batch is fetched again later from the checkpoint. It
	// returns what to do with the messages now that their effects are
	// committed (nil for nothing); a crash before that is done costs only
	// the tidying. A batch without messages only moves the checkpoint.
	Apply(ctx context.Context, b *Batch) ([]Tidy, error)

	// Offline reports that the folder was out of reach from from to to,
	// once a session caught up again after one or more failed ones. What
	// an outage is worth saying is the Sink's to judge; it has no error
	// to return, and must not block for long.
	Offline(ctx context.Context, folder string, from, to time.Time)

	// StorageFault reports whether err, returned by one of the methods
	// above, is the Sink's own storage failing (a full disk, a busy
	// database) rather than anything of the mailbox's. The watcher then
	// says in its log that the mail stays in the mailbox and is read
	// again; it retries with the same backoff either way.
	StorageFault(err error) bool
}

// Checkpoint is how far a folder's mail is handled.
type Checkpoint struct {
	UIDValidity uint32 // the folder's UIDVALIDITY when LastUID was handled
	LastUID     uint32 // the highest UID whose effects the Sink committed
}

// Mode says which look at a folder a batch comes from. The watcher
// decides it; what it means for the mail is the Sink's to say.
type Mode int

const (
	// ModeFollow is new mail above the checkpoint.
	ModeFollow Mode = iota
	// ModeFirstLook is mail of the lookback window (Options.Lookback) of
	// a folder that has no checkpoint yet.
	ModeFirstLook
	// ModeNewValidity is mail of the lookback window read again because
	// the folder's UIDVALIDITY changed: its UIDs say nothing any more, so
	// the Sink must recognise what it had seen by other means (a
	// Message-ID).
	ModeNewValidity
)

// String names the mode for logs.
func (m Mode) String() string {
	switch m {
	case ModeFollow:
		return "follow"
	case ModeFirstLook:
		return "first-look"
	case ModeNewValidity:
		return "new-uidvalidity"
	}
	return "unknown"
}

// Head is what the watcher knows of a message before fetching its body.
type Head struct {
	UID uint32
	// Header holds the header fields named in Options.HeaderFields, as
	// the server sent them.
	Header []byte
	// Size is the message's size in bytes (RFC822.SIZE).
	Size int64
	// Structure is the message's MIME structure; nil when the server
	// sent none.
	Structure imap.BodyStructure
	// TooBig is set when Size is over Options.MaxBody: the body is never
	// fetched, whatever Wanted answers.
	TooBig bool
}

// Want is the Sink's answer for one Head.
type Want struct {
	// Body asks for the whole message.
	Body bool
	// Keep is the Sink's own, handed back untouched in Message.Keep (the
	// header it parsed, say, so that it is parsed once). The watcher
	// never looks at it.
	Keep any
}

// Message is one message of a Batch.
type Message struct {
	UID    uint32
	Header []byte // as in Head
	// Body is the whole message when Wanted asked for it and it was not
	// TooBig; nil otherwise.
	Body   []byte
	TooBig bool // as in Head: only its header was read
	Keep   any  // Want.Keep
}

// Batch is a run of one folder's messages, in UID order, for Sink.Apply.
type Batch struct {
	Folder string
	Mode   Mode
	// Messages are at most BatchSize; none when the batch only moves the
	// checkpoint (the end of a lookback window).
	Messages []Message
	// Checkpoint, when set, is the folder's new checkpoint, to be
	// committed with the messages' effects. It is nil while a lookback
	// window is read: the checkpoint moves once the whole window is
	// applied, in a batch of its own, so that a crash in the middle reads
	// the window again.
	Checkpoint *Checkpoint
}

// Tidy is what the Sink asks done with one message of a batch once its
// effects are committed.
type Tidy struct {
	UID uint32
	// Keyword adds Options.Keyword to the message (nothing when that is
	// "").
	Keyword bool
	// Move moves the message to Options.MachineFolder (nothing when that
	// is ""); a missing folder is logged, not an error.
	Move bool
}
