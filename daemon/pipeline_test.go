package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"rapport/internal/rig/memimap"
	"rapport/mail/classify"
	"rapport/store"
	"rapport/tracker"
	"rapport/workflow"
)

// TestPipelineStopsAtAFailedCommit: a backlog of three batches whose
// second cannot commit (its contact's reply fails to write a notice).
// The first batch is committed with its checkpoint, nothing of the second
// and third is, though the fetcher had them in hand; the next catch-up
// applies the rest exactly once, in order.
func TestPipelineStopsAtAFailedCommit(t *testing.T) {
	srv := startMemIMAP(t, imap.CapSet{imap.CapIMAP4rev1: {}})
	h := newHarness(t, srv.addr)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	now := time.Now()
	const total = 2*batchSize + 10
	const janeUID = batchSize + 20 // in the second batch
	for uid := 1; uid <= total; uid++ {
		raw := mail(fmt.Sprintf("Sender %d <s%d@example.org>", uid, uid), "hello", fmt.Sprintf("m%d@example.org", uid), "", now)
		if uid == janeUID {
			raw = mail("Jane Doe <jane@acme.example>", "Re: hi", fmt.Sprintf("m%d@example.org", uid), "req-1@owner.example", now)
		}
		srv.deliver("INBOX", raw, now)
	}

	s := memSync(t, srv, h)
	in := s.w.in
	in.handler.Track = tracker.New(workflow.DefaultPolicy(time.UTC), failingEffects{})
	ctx := context.Background()

	if err := s.catchUp(ctx); err == nil {
		t.Fatal("catchUp() with a batch that cannot commit succeeded")
	}
	cp, err := h.store.Read().Mailbox(ctx, "INBOX")
	if err != nil {
		t.Fatalf("the first batch's checkpoint: %v", err)
	}
	if cp.LastUID != batchSize || s.last != batchSize {
		t.Fatalf("checkpoint stored %d, in hand %d; want %d (the first batch only)", cp.LastUID, s.last, batchSize)
	}
	for _, uid := range []int{1, batchSize} {
		if _, err := h.store.Read().MessageByKey(ctx, fmt.Sprintf("m%d@example.org", uid)); err != nil {
			t.Errorf("message %d of the committed batch: %v", uid, err)
		}
	}
	for _, uid := range []int{batchSize + 1, janeUID, total} {
		if _, err := h.store.Read().MessageByKey(ctx, fmt.Sprintf("m%d@example.org", uid)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("message %d, behind the failed commit, was recorded (%v)", uid, err)
		}
	}

	in.handler.Track = h.track // the disk has room again
	if err := s.catchUp(ctx); err != nil {
		t.Fatalf("catchUp() after the failure: %v", err)
	}
	if cp, err = h.store.Read().Mailbox(ctx, "INBOX"); err != nil || cp.LastUID != total {
		t.Fatalf("checkpoint after catching up = %+v (%v), want %d", cp, err, total)
	}
	if s := h.status(jane.ID).Status; s != workflow.StatusReplied {
		t.Fatalf("Jane = %s after her reply was applied, want replied", s)
	}
}

// TestPipelineRefetchesWhatACommitMadeWorthReading: the fetcher chose the
// second batch's bodies before the first was committed. The first holds
// Jane's reply, so an answer in her thread from an address rapport does
// not know, in the second batch, is now worth its body: it is fetched
// again, and its text shows it is an out-of-office answer, not a person's.
func TestPipelineRefetchesWhatACommitMadeWorthReading(t *testing.T) {
	srv := startMemIMAP(t, imap.CapSet{imap.CapIMAP4rev1: {}})
	h := newHarness(t, srv.addr)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	now := time.Now()
	const total = 2*batchSize + 10
	const janeUID, bobUID = 10, batchSize + 10
	for uid := 1; uid <= total; uid++ {
		id := fmt.Sprintf("m%d@example.org", uid)
		raw := mail(fmt.Sprintf("Sender %d <s%d@example.org>", uid, uid), "hello", id, "", now)
		switch uid {
		case janeUID:
			raw = mail("Jane Doe <jane@acme.example>", "Re: hi", id, "req-1@owner.example", now)
		case bobUID:
			raw = mail("Bob Other <bob@elsewhere.example>", "Re: hi", id, fmt.Sprintf("m%d@example.org", janeUID), now, "Auto-Submitted: auto-generated")
			raw = strings.Replace(raw, "Happy to talk! How about Thursday?", "I am out of the office until Monday.", 1)
		}
		srv.deliver("INBOX", raw, now)
	}
	s := memSync(t, srv, h)
	ctx := context.Background()
	// Both batches judged before either is committed, as the fetcher
	// running ahead of the applier may.
	var uids []imap.UID
	for uid := 1; uid <= total; uid++ {
		uids = append(uids, imap.UID(uid))
	}
	work := make(chan fetchedBatch, 2)
	for i, part := range [][]imap.UID{uids[:batchSize], uids[batchSize:]} {
		got := <-s.prefetch(ctx, part)
		if got.err == nil {
			got.err = s.fetchWanted(got.msgs)
		}
		if got.err != nil {
			t.Fatal(got.err)
		}
		work <- fetchedBatch{index: i, msgs: got.msgs}
	}
	close(work)
	results := make(chan appliedBatch, 2)
	s.applier(ctx, work, results, modeFollow, true)
	var errs []error
	last := uint32(0)
	for r := range results {
		errs = append(errs, r.err)
		if r.err == nil {
			last = r.last
		}
	}
	if len(errs) != 2 || errs[0] != nil || !errors.Is(errs[1], errStale) {
		t.Fatalf("applier answered %v; want the first batch committed and the second stale", errs)
	}
	s.last = last
	if err := s.catchUp(ctx); err != nil {
		t.Fatalf("catchUp(): %v", err)
	}
	if s.last != total {
		t.Fatalf("checkpoint = %d, want %d", s.last, total)
	}
	bob, err := h.store.Read().MessageByKey(ctx, fmt.Sprintf("m%d@example.org", bobUID))
	if err != nil {
		t.Fatal(err)
	}
	if bob.ContactID != jane.ID || bob.Kind != string(classify.KindAutoReply) {
		t.Fatalf("the answer in Jane's thread: contact %d, kind %s; want contact %d, %s (read from its text)", bob.ContactID, bob.Kind, jane.ID, classify.KindAutoReply)
	}
}

// memSync logs in to srv and selects INBOX for a folderSync of h's
// database.
func memSync(t *testing.T, srv *memIMAP, h *harness) *folderSync {
	t.Helper()
	c, err := imapclient.DialInsecure(srv.addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(memimap.Username, memimap.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	sel, err := c.Select("INBOX", nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	w := &watcher{folder: "INBOX", in: newIngester(h), log: slog.New(slog.DiscardHandler), timeout: 10 * time.Second, maxBody: 1 << 20}
	return &folderSync{w: w, c: c, validity: sel.UIDValidity}
}
