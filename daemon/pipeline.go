package daemon

import (
	"context"
	"errors"

	"github.com/emersion/go-imap/v2"

	"rapport/inbound"
	"rapport/store"
)

// The ingest pipeline has two stages joined by a channel of capacity one:
//
//   - the fetcher (the session's goroutine) issues every IMAP command: the
//     header fetches of the next batches, the bodies worth fetching, and
//     the tidying (keyword, move) of batches already committed. go-imap's
//     reader blocks on an answer nobody reads, so each pipelined command's
//     answer is collected in a goroutine of its own; none of those issues a
//     command;
//   - the applier commits each batch with its checkpoint (inbound.Handler,
//     SQLite), strictly in UID order, and touches no connection.
//
// So the server sends batch n+1 while batch n is applied. A batch's
// effects and checkpoint still commit together, after the batch before
// it; the first failed commit ends the applier, and the batches fetched
// behind it are dropped, to be fetched again from the checkpoint.

// pipeDepth is how many fetched batches may wait for the applier: one
// queued while it applies another, and the fetcher holds a third.
const pipeDepth = 1

// errStale says a batch's choice of bodies was made before a commit that
// may change it; the batch is fetched again.
var errStale = errors.New("bodies chosen before the batch before them taught something")

// fetchedBatch is a batch whose headers and worthwhile bodies are in.
type fetchedBatch struct {
	index int // its place among the batches of the pipeline, from 0
	msgs  []fetched
}

// appliedBatch is the applier's answer for one batch.
type appliedBatch struct {
	index   int
	last    uint32 // its highest UID; 0 for an empty batch
	handled []inbound.Outcome
	err     error // errStale, a commit's error, or the daemon stopping
}

// process ingests uids a batch at a time through the pipeline. When a
// batch has to be fetched again (errStale), the pipeline starts again
// from it, every batch before it being committed.
func (s *folderSync) process(ctx context.Context, uids []imap.UID, m mode, advance bool) error {
	for len(uids) > 0 {
		rest, err := s.pipeline(ctx, uids, m, advance)
		if err != nil {
			return err
		}
		uids = rest
	}
	return nil
}

// pipeline runs the fetcher on this goroutine and the applier on another
// until uids are all committed or something stops it. It returns the UIDs
// still to ingest when a batch turned out stale, else none.
func (s *folderSync) pipeline(ctx context.Context, uids []imap.UID, m mode, advance bool) (rest []imap.UID, err error) {
	nBatches := (len(uids) + batchSize - 1) / batchSize
	work := make(chan fetchedBatch, pipeDepth)
	// Room for every answer: the applier never waits for the fetcher.
	results := make(chan appliedBatch, nBatches)
	go s.applier(ctx, work, results, m, advance)

	// settle takes the applier's answer on the fetcher's goroutine, and
	// says whether the fetcher may go on.
	settle := func(r appliedBatch) bool {
		switch {
		case errors.Is(r.err, errStale):
			rest = uids[r.index*batchSize:]
			return false
		case r.err != nil:
			err = cmp(err, r.err)
			return false
		}
		if advance && r.last != 0 { // an empty batch (its mail expunged) moves nothing
			s.last = r.last
		}
		if err == nil && rest == nil {
			err = s.afterCommit(r.handled)
		}
		return err == nil
	}

	var pending []<-chan headers
	issued := 0
fetch:
	for i := range nBatches {
		if ctx.Err() != nil {
			err = cmp(err, ctx.Err())
			break
		}
		for ; issued < nBatches && len(pending) < prefetchDepth; issued++ {
			pending = append(pending, s.prefetch(ctx, uids[issued*batchSize:min((issued+1)*batchSize, len(uids))]))
		}
		h := <-pending[0]
		pending = pending[1:]
		if h.err == nil {
			h.err = s.fetchWanted(h.msgs)
		}
		if h.err != nil {
			err = cmp(err, h.err)
			break
		}
		for handed := false; !handed; {
			select {
			case work <- fetchedBatch{index: i, msgs: h.msgs}:
				handed = true
			case r, ok := <-results:
				if !ok || !settle(r) {
					break fetch
				}
			}
		}
		for drained := false; !drained; {
			select {
			case r, ok := <-results:
				if !ok || !settle(r) {
					break fetch
				}
			default:
				drained = true
			}
		}
	}
	// The batches already handed over are complete: the applier commits
	// them in order (or stops at the first failure) before this returns,
	// so the checkpoint never runs ahead of a later session.
	close(work)
	for r := range results {
		settle(r)
	}
	if err != nil {
		return nil, err
	}
	return rest, nil
}

// cmp keeps the first error.
func cmp(first, next error) error {
	if first != nil {
		return first
	}
	return next
}

// applier commits the batches from work in order, answering each on
// results, and returns (closing results) when work is closed, at the
// first failure, or when the daemon stops: the batch in hand is finished,
// the ones queued behind it are left to be fetched again.
func (s *folderSync) applier(ctx context.Context, work <-chan fetchedBatch, results chan<- appliedBatch, m mode, advance bool) {
	defer close(results)
	// taught is set once a committed batch may have changed which bodies
	// are worth fetching (a contact or a thread learnt, the owner's own
	// mail): the batches fetched meanwhile chose theirs before it.
	taught := false
	for b := range work {
		r := appliedBatch{index: b.index}
		if len(b.msgs) > 0 {
			r.last = b.msgs[len(b.msgs)-1].uid
		}
		switch {
		case ctx.Err() != nil:
			r.err = ctx.Err()
		case taught:
			r.err = s.stale(ctx, b.msgs)
		}
		if r.err == nil && len(b.msgs) > 0 {
			r.handled, r.err = s.apply(ctx, b.msgs, m, advance)
		}
		results <- r
		if r.err != nil {
			return
		}
		taught = taught || s.teaches(b.msgs, r.handled)
	}
}

// apply commits one batch in one transaction; with advance its
// checkpoint moves to the batch's last UID in the same transaction.
func (s *folderSync) apply(ctx context.Context, msgs []fetched, m mode, advance bool) ([]inbound.Outcome, error) {
	in := make([]incoming, len(msgs))
	for i, f := range msgs {
		in[i] = f.incoming
	}
	var cp *store.Mailbox
	if advance {
		cp = &store.Mailbox{Folder: s.w.folder, UIDValidity: s.validity, LastUID: msgs[len(msgs)-1].uid}
	}
	return s.w.in.ingestBatch(ctx, s.w.folder, cp, in, m)
}

// teaches reports a committed batch after which inbound.Handler.Worth may
// answer otherwise: one that touched a contact or applied an event, or
// held the owner's own mail (an introduction or a command may add a
// contact).
func (s *folderSync) teaches(msgs []fetched, handled []inbound.Outcome) bool {
	for _, o := range handled {
		if o.ContactID != 0 || o.Event != "" {
			return true
		}
	}
	for _, f := range msgs {
		if f.parsed != nil && s.w.in.handler.IsOwner(f.parsed.From.Email) {
			return true
		}
	}
	return false
}

// stale asks Worth again, after the commits before it, about the messages
// of a batch whose bodies were left on the server, and returns errStale
// when one of them is now worth its body.
func (s *folderSync) stale(ctx context.Context, msgs []fetched) error {
	again := make([]fetched, len(msgs))
	copy(again, msgs)
	if err := s.w.in.wantBodies(ctx, again, s.w.maxBody); err != nil {
		return err
	}
	for i := range msgs {
		if again[i].worth && msgs[i].raw == nil && !msgs[i].tooBig {
			return errStale
		}
	}
	return nil
}
