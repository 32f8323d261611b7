package imapwatch

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// folderSync brings one selected folder's checkpoint up to date.
type folderSync struct {
	w        *Watcher
	c        *imapclient.Client
	folder   string // the folder selected: Options.Folder, or the Sent folder found
	validity uint32
	last     uint32 // the highest UID whose effects are committed
}

// start catches up after SELECT. On a folder never watched it reads only
// the lookback window; when UIDVALIDITY changed it reads the window again,
// for the Sink to recognise what it had seen by Message-ID. In both cases
// the checkpoint moves only once the whole window is done, so a crash in
// the middle starts the window again (and the Sink skips what it
// recorded).
func (s *folderSync) start(ctx context.Context, sel *imap.SelectData) error {
	w := s.w
	cp, found, err := w.sink.Checkpoint(ctx, s.folder)
	switch {
	case err != nil:
		return err
	case !found:
		w.log.Info("first look at the folder: reading the lookback window", "lookback", w.lookback)
		return s.window(ctx, sel, ModeFirstLook)
	case cp.UIDValidity != sel.UIDValidity:
		w.log.Warn("the folder's UIDVALIDITY changed: re-reading the lookback window by Message-ID",
			"was", cp.UIDValidity, "now", sel.UIDValidity)
		return s.window(ctx, sel, ModeNewValidity)
	}
	s.last = cp.LastUID
	return s.catchUp(ctx)
}

// window hands over the messages of the lookback window, then moves the
// checkpoint to what existed at SELECT time.
func (s *folderSync) window(ctx context.Context, sel *imap.SelectData, m Mode) error {
	since := s.w.now().Add(-s.w.lookback)
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
	// The checkpoint alone, in a batch without messages.
	b := &Batch{Folder: s.folder, Mode: m, Checkpoint: &Checkpoint{UIDValidity: s.validity, LastUID: last}}
	if err := s.commit(ctx, b); err != nil {
		return err
	}
	s.w.log.Info("lookback window read", "messages", len(uids), "checkpoint", last)
	return s.catchUp(ctx)
}

// catchUp hands over every message above the checkpoint, a batch at a time,
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
		if err := s.process(ctx, uids, ModeFollow, true); err != nil {
			return err
		}
	}
}

// headers is the answer to a header fetch.
type headers struct {
	msgs []fetched
	err  error
}

// prefetch fetches the headers of uids in the background and asks the
// Sink which bodies to fetch. The client pipelines the command with
// whatever else is sent meanwhile; if the session ends first, the fetch
// fails with it and its answer is dropped.
func (s *folderSync) prefetch(ctx context.Context, uids []imap.UID) <-chan headers {
	ch := make(chan headers, 1)
	go func() {
		msgs, err := s.fetchHeaders(uids)
		if err == nil {
			err = s.wanted(ctx, msgs)
		}
		ch <- headers{msgs, err}
	}()
	return ch
}

// wanted asks the Sink which of msgs' bodies to fetch.
func (s *folderSync) wanted(ctx context.Context, msgs []fetched) error {
	heads := make([]Head, len(msgs))
	for i := range msgs {
		heads[i] = msgs[i].Head
	}
	wants, err := s.w.sink.Wanted(ctx, s.folder, heads)
	if err != nil {
		return err
	}
	if len(wants) != len(msgs) {
		return fmt.Errorf("the caller answered for %d of %d messages", len(wants), len(msgs))
	}
	for i := range msgs {
		msgs[i].want = wants[i]
	}
	return nil
}

// fetchBatch fetches the bodies of the messages the Sink wants and
// returns the batch to apply; nil for no messages. With advance its
// checkpoint is the batch's last UID.
func (s *folderSync) fetchBatch(msgs []fetched, m Mode, advance bool) (*Batch, error) {
	if len(msgs) == 0 {
		return nil, nil
	}
	var want []imap.UID
	for _, f := range msgs {
		if f.want.Body && !f.TooBig {
			want = append(want, imap.UID(f.UID))
		}
	}
	var bodies map[uint32][]byte
	if len(want) > 0 {
		var err error
		if bodies, err = s.fetchBodies(want); err != nil {
			return nil, err
		}
	}
	b := &Batch{Folder: s.folder, Mode: m, Messages: make([]Message, len(msgs))}
	for i, f := range msgs {
		b.Messages[i] = Message{UID: f.UID, Header: f.Header, Body: bodies[f.UID], TooBig: f.TooBig, Keep: f.want.Keep}
	}
	if advance {
		b.Checkpoint = &Checkpoint{UIDValidity: s.validity, LastUID: msgs[len(msgs)-1].UID}
	}
	return b, nil
}

// commit hands b to the Sink, moves the checkpoint with it, and then
// tidies as the Sink answered.
func (s *folderSync) commit(ctx context.Context, b *Batch) error {
	tidy, err := s.w.sink.Apply(ctx, b)
	if err != nil {
		return err
	}
	if b.Checkpoint != nil {
		s.last = b.Checkpoint.LastUID
	}
	return s.tidy(tidy)
}

// tidy marks messages with the keyword and moves machine mail away, as
// the Sink asked once their effects were committed. Losing this step to a
// crash costs nothing but the tidying.
func (s *folderSync) tidy(list []Tidy) error {
	w := s.w
	var all, machine []imap.UID
	for _, t := range list {
		if t.Keyword {
			all = append(all, imap.UID(t.UID))
		}
		if t.Move {
			machine = append(machine, imap.UID(t.UID))
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
