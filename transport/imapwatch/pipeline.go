package imapwatch

import (
	"context"

	"github.com/emersion/go-imap/v2"
)

// The watcher works on three batches at once while it catches up:
//
//   - the headers of the next ones (up to prefetchDepth) are fetched, and
//     Sink.Wanted asked about them, in the background (prefetch);
//   - the bodies of batch n+1 are fetched on the session's goroutine;
//   - batch n is in Sink.Apply, on the applier's goroutine, which touches
//     no connection.
//
// Batches are still applied one at a time and in UID order: batch n+1 is
// handed over only once Apply answered for n, and every IMAP command
// (fetches, the keyword, the move) is issued from the session's
// goroutine or a prefetch. The first failed Apply stops the catch-up: the
// batch fetched behind it is dropped, to be fetched again from the
// checkpoint. A failed fetch still waits for the batch in Apply, whose
// commit stands.

// applyBudget bounds the bodies held for a batch in Apply while the next
// batch's bodies are fetched: a batch of large mail is applied before any
// more is fetched, so that two such batches are never in memory at once.
const applyBudget = 8 << 20

// applied is the applier's answer for one batch.
type applied struct {
	b    *Batch
	tidy []Tidy
	err  error
}

// process hands uids over a batch at a time, fetching each batch's bodies
// while the batch before it is applied. It returns once every batch it
// handed over is answered.
func (s *folderSync) process(ctx context.Context, uids []imap.UID, m Mode, advance bool) (err error) {
	work := make(chan *Batch, 1)
	answers := make(chan applied, 1)
	go s.applier(ctx, work, answers)
	defer close(work)

	var inflight *Batch // handed to the applier, not yet answered
	settle := func() error {
		if inflight == nil {
			return nil
		}
		a := <-answers
		inflight = nil
		if a.err != nil {
			return a.err
		}
		if a.b.Checkpoint != nil {
			s.last = a.b.Checkpoint.LastUID
		}
		return s.tidy(a.tidy)
	}
	// Whatever ends the loop, the batch in Apply is waited for: its
	// commit stands, and its tidying is done when the session still can.
	defer func() {
		if serr := settle(); err == nil {
			err = serr
		}
	}()

	var pending []<-chan headers
	sent := 0
	for done := 0; done < len(uids); done += BatchSize {
		for ; sent < len(uids) && len(pending) < prefetchDepth; sent += BatchSize {
			pending = append(pending, s.prefetch(ctx, uids[sent:min(sent+BatchSize, len(uids))]))
		}
		r := <-pending[0]
		pending = pending[1:]
		if r.err != nil {
			return r.err
		}
		if inflight != nil && bodyBytes(inflight) > applyBudget {
			if err := settle(); err != nil {
				return err
			}
		}
		b, err := s.fetchBatch(r.msgs, m, advance)
		if err != nil {
			return err
		}
		if err := settle(); err != nil {
			return err
		}
		if b == nil {
			continue
		}
		work <- b // never blocks: the applier is idle once settled
		inflight = b
	}
	return nil
}

// applier applies each batch it is handed and answers for it, until work
// is closed.
func (s *folderSync) applier(ctx context.Context, work <-chan *Batch, answers chan<- applied) {
	for b := range work {
		tidy, err := s.w.sink.Apply(ctx, b)
		answers <- applied{b: b, tidy: tidy, err: err}
	}
}

// bodyBytes is the size of the bodies a batch holds.
func bodyBytes(b *Batch) int {
	n := 0
	for _, m := range b.Messages {
		n += len(m.Body)
	}
	return n
}
