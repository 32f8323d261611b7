package daemon

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"rapport/inbound"
	"rapport/mail/classify"
	"rapport/store"
)

// batchSize is how many messages are fetched and committed together.
const batchSize = 250

// prefetchDepth is how many header fetches may be in flight while a batch
// is ingested: enough that the server always has the next one to answer.
const prefetchDepth = 3

// headerFields are the header fields fetched for every message: the ones
// the classifier reads, enough to decide what it is and whom it concerns
// before fetching its body.
var headerFields = classify.HeaderFields()

// folderSync brings one selected folder's checkpoint up to date.
type folderSync struct {
	w        *watcher
	c        *imapclient.Client
	validity uint32
	last     uint32 // the highest UID whose effects are committed
}

// start catches up after SELECT. On a folder never watched it reads only
// the lookback window; when UIDVALIDITY changed it reads the window again
// and recognises what it had seen by Message-ID. In both cases the
// checkpoint moves only once the whole window is done, so a crash in the
// middle starts the window again (and skips what was recorded).
func (s *folderSync) start(ctx context.Context, sel *imap.SelectData) error {
	w := s.w
	cp, err := w.in.store.Read().Mailbox(ctx, w.folder)
	switch {
	case errors.Is(err, store.ErrNotFound):
		w.log.Info("first look at the folder: reading the lookback window", "lookback", w.lookback)
		return s.window(ctx, sel, modeLookback)
	case err != nil:
		return err
	case cp.UIDValidity != sel.UIDValidity:
		w.log.Warn("the folder's UIDVALIDITY changed: re-reading the lookback window by Message-ID",
			"was", cp.UIDValidity, "now", sel.UIDValidity)
		return s.window(ctx, sel, modeFollow)
	}
	s.last = cp.LastUID
	return s.catchUp(ctx)
}

// window ingests the messages of the lookback window, then moves the
// checkpoint to what existed at SELECT time.
func (s *folderSync) window(ctx context.Context, sel *imap.SelectData, m mode) error {
	since := s.w.in.now().Add(-s.w.lookback)
	var data *imap.SearchData
	err := waitFor(s.c, s.w.timeout, func() (err error) {
		data, err = s.c.UIDSearch(&imap.SearchCriteria{Since: since}, nil).Wait()
		return err
	})
	if err != nil {
		return fmt.Errorf("search the lookback window: %w", err)
	}
	uids := data.AllUIDs()
	if err := s.process(ctx, uids, m, false); err != nil {
		return err
	}
	last := uint32(0)
	if sel.UIDNext > 0 {
		last = uint32(sel.UIDNext) - 1
	}
	if n := len(uids); n > 0 {
		last = max(last, uint32(uids[n-1]))
	}
	err = s.w.in.store.WithTx(ctx, func(tx *store.Tx) error {
		return tx.SetMailbox(ctx, &store.Mailbox{Folder: s.w.folder, UIDValidity: s.validity, LastUID: last, Updated: s.w.in.now()})
	})
	if err != nil {
		return err
	}
	s.last = last
	s.w.log.Info("lookback window read", "messages", len(uids), "checkpoint", last)
	return s.catchUp(ctx)
}

// catchUp ingests every message above the checkpoint, a batch at a time,
// and logs "caught up" with the new checkpoint when there was any.
func (s *folderSync) catchUp(ctx context.Context) error {
	from := s.last
	defer func() {
		if s.last != from {
			s.w.log.Info("caught up", "last_uid", s.last, "messages", s.last-from)
		}
	}()
	for {
		var data *imap.SearchData
		err := waitFor(s.c, s.w.timeout, func() (err error) {
			set := imap.UIDSet{imap.UIDRange{Start: imap.UID(s.last + 1), Stop: 0}}
			data, err = s.c.UIDSearch(&imap.SearchCriteria{UID: []imap.UIDSet{set}}, nil).Wait()
			return err
		})
		if err != nil {
			return fmt.Errorf("search for new mail: %w", err)
		}
		// "N:*" always includes the highest UID, even when it is below N.
		uids := slices.DeleteFunc(data.AllUIDs(), func(u imap.UID) bool { return uint32(u) <= s.last })
		if len(uids) == 0 {
			return nil
		}
		if err := s.process(ctx, uids, modeFollow, true); err != nil {
			return err
		}
	}
}

// process ingests uids a batch at a time. The headers of the next
// batches (up to prefetchDepth) are fetched while the current one is
// ingested, so the server and the database work at the same time; a batch
// is still committed only after the one before it.
func (s *folderSync) process(ctx context.Context, uids []imap.UID, m mode, advance bool) error {
	var pending []<-chan headers
	sent := 0
	for done := 0; done < len(uids); done += batchSize {
		for ; sent < len(uids) && len(pending) < prefetchDepth; sent += batchSize {
			pending = append(pending, s.prefetch(ctx, uids[sent:min(sent+batchSize, len(uids))]))
		}
		r := <-pending[0]
		pending = pending[1:]
		if r.err != nil {
			return r.err
		}
		if err := s.batch(ctx, r.msgs, m, advance); err != nil {
			return err
		}
	}
	return nil
}

// headers is the answer to a header fetch.
type headers struct {
	msgs []fetched
	err  error
}

// prefetch fetches and parses the headers of uids in the background and
// decides which bodies are worth fetching. The client pipelines the
// command with whatever else is sent meanwhile; if the session ends first,
// the fetch fails with it and its answer is dropped.
func (s *folderSync) prefetch(ctx context.Context, uids []imap.UID) <-chan headers {
	ch := make(chan headers, 1)
	go func() {
		msgs, err := s.fetchHeaders(uids)
		if err == nil {
			err = s.w.in.wantBodies(ctx, msgs, s.w.maxBody)
		}
		ch <- headers{msgs, err}
	}()
	return ch
}

// batch fetches the bodies of the messages that can matter and ingests
// them all in one transaction. With advance it moves the checkpoint to
// the batch's last UID in the same transaction.
func (s *folderSync) batch(ctx context.Context, msgs []fetched, m mode, advance bool) error {
	w := s.w
	if len(msgs) == 0 {
		return nil
	}
	var want []imap.UID
	for _, m := range msgs {
		if m.worth {
			want = append(want, imap.UID(m.uid))
		}
	}
	if len(want) > 0 {
		bodies, err := s.fetchBodies(want)
		if err != nil {
			return err
		}
		for i := range msgs {
			msgs[i].raw = bodies[msgs[i].uid]
		}
	}
	in := make([]incoming, len(msgs))
	for i, f := range msgs {
		in[i] = f.incoming
	}
	var cp *store.Mailbox
	last := msgs[len(msgs)-1].uid
	if advance {
		cp = &store.Mailbox{Folder: w.folder, UIDValidity: s.validity, LastUID: last}
	}
	handled, err := w.in.ingestBatch(ctx, w.folder, cp, in, m)
	if err != nil {
		return err
	}
	if advance {
		s.last = last
	}
	return s.afterCommit(handled)
}

// fetched is a message whose headers arrived.
type fetched struct {
	incoming
	structure imap.BodyStructure
	size      int64
	worth     bool // whether its body must be fetched
}

func (s *folderSync) fetchHeaders(uids []imap.UID) ([]fetched, error) {
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: headerFields, Peek: true}
	var bufs []*imapclient.FetchMessageBuffer
	err := waitFor(s.c, s.w.timeout, func() (err error) {
		bufs, err = s.c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{
			UID: true, RFC822Size: true, BodyStructure: &imap.FetchItemBodyStructure{Extended: true},
			BodySection: []*imap.FetchItemBodySection{section},
		}).Collect()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("fetch headers of %d messages: %w", len(uids), err)
	}
	out := make([]fetched, 0, len(bufs))
	for _, b := range bufs {
		if b.UID == 0 {
			continue // an unsolicited FETCH (flag change) mixed into the response
		}
		h := b.FindBodySection(section)
		out = append(out, fetched{
			incoming:  incoming{uid: uint32(b.UID), header: h, parsed: classify.ParseHeader(h)},
			structure: b.BodyStructure,
			size:      b.RFC822Size,
		})
	}
	slices.SortFunc(out, func(a, b fetched) int { return int(a.uid) - int(b.uid) })
	return out, nil
}

func (s *folderSync) fetchBodies(uids []imap.UID) (map[uint32][]byte, error) {
	section := &imap.FetchItemBodySection{Peek: true}
	bodies := make(map[uint32][]byte, len(uids))
	err := waitFor(s.c, s.w.timeout, func() error {
		cmd := s.c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
		for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
			b, err := msg.Collect()
			if err != nil {
				cmd.Close()
				return err
			}
			if b.UID != 0 {
				bodies[uint32(b.UID)] = b.FindBodySection(section)
			}
		}
		return cmd.Close()
	})
	if err != nil {
		return nil, fmt.Errorf("fetch %d messages: %w", len(uids), err)
	}
	return bodies, nil
}

// afterCommit marks handled messages with the keyword and moves handled
// machine mail away, once their effects are committed. Losing this step to
// a crash costs nothing but the tidying.
func (s *folderSync) afterCommit(handled []inbound.Outcome) error {
	w := s.w
	var all, machine []imap.UID
	for _, o := range handled {
		if o.ContactID == 0 && o.Event == "" {
			continue
		}
		all = append(all, imap.UID(o.UID))
		if o.Kind == classify.KindBounce || o.Kind == classify.KindAutoReply {
			machine = append(machine, imap.UID(o.UID))
		}
	}
	if w.keyword != "" && len(all) > 0 {
		err := waitFor(s.c, w.timeout, func() error {
			return s.c.Store(imap.UIDSetNum(all...), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.Flag(w.keyword)}}, nil).Close()
		})
		if err != nil {
			return fmt.Errorf("set keyword %s: %w", w.keyword, err)
		}
	}
	if w.machine != "" && len(machine) > 0 {
		err := waitFor(s.c, w.timeout, func() error {
			_, err := s.c.Move(imap.UIDSetNum(machine...), w.machine).Wait()
			return err
		})
		if err != nil && !strings.Contains(strings.ToLower(err.Error()), "trycreate") {
			return fmt.Errorf("move machine mail to %s: %w", w.machine, err)
		}
		if err != nil {
			w.log.Warn("machine mail folder missing; leaving mail where it is", "machine_folder", w.machine)
		}
	}
	return nil
}
