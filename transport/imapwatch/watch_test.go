package imapwatch

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/rig/memimap"
)

// rig runs watchers on INBOX of go-imap's in-process server, handing
// their mail to a recording Sink.
type rig struct {
	t       *testing.T
	srv     *memimap.Server
	sink    *recSink
	log     *logLines
	opts    Options
	healthy chan string
	stop    func()
}

func newRig(t *testing.T, caps imap.CapSet) *rig {
	t.Helper()
	srv := memimap.Start(t, caps)
	log, lines := recordLog(t)
	r := &rig{t: t, srv: srv, sink: newRecSink(), log: lines, healthy: make(chan string, 64)}
	r.opts = Options{
		Folder: "INBOX", Dial: r.dialer().Dial, Sink: r.sink, Log: log,
		// go-imap's memory server drops some IDLE notifications (an append
		// just as IDLE starts is never announced): a short poll catches
		// those quickly. Real IDLE is proven on Dovecot.
		Poll: 200 * time.Millisecond, Timeout: 10 * time.Second, Lookback: 30 * 24 * time.Hour, MaxBody: 1 << 20,
		HeaderFields: []string{"From", "Subject", "Message-ID"},
		Healthy: func(folder string) {
			select {
			case r.healthy <- folder:
			default:
			}
		},
	}
	return r
}

// dialer logs in to the rig's server as its one user.
func (r *rig) dialer() *Dialer {
	return &Dialer{
		Server:  config.Server{Host: "127.0.0.1", Port: r.srv.Port, TLS: config.TLSNone, Username: memimap.Username},
		Secret:  func(context.Context) (string, error) { return memimap.Password, nil },
		Timeout: 10 * time.Second,
	}
}

// start runs a watcher with r.opts until the test ends or r.stop is
// called, and waits until it has caught up.
func (r *rig) start() {
	r.t.Helper()
	r.launch()
	select {
	case <-r.healthy:
	case <-time.After(30 * time.Second):
		r.t.Fatalf("the watcher never caught up")
	}
}

// launch runs a watcher with r.opts without waiting for anything.
func (r *rig) launch() {
	r.t.Helper()
	w, err := New(r.opts)
	if err != nil {
		r.t.Fatalf("New() = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	r.stop = func() { cancel(); <-done }
	r.t.Cleanup(r.stop)
}

// deliver appends a message dated at (now when zero) to folder.
func (r *rig) deliver(folder string, raw []byte, at time.Time) { r.srv.Deliver(folder, raw, at) }

// client logs in to the rig's server, as the owner's mail app would.
func (r *rig) client() *imapclient.Client {
	r.t.Helper()
	c, err := r.dialer().Dial(context.Background(), nil)
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(func() { c.Close() })
	return c
}

func TestNewNeedsFolderDialAndSink(t *testing.T) {
	dial := (&Dialer{}).Dial
	for _, tt := range []struct {
		name string
		opts Options
	}{
		{"no folder", Options{Dial: dial, Sink: newRecSink()}},
		{"no dial", Options{Folder: "INBOX", Sink: newRecSink()}},
		{"no sink", Options{Folder: "INBOX", Dial: dial}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.opts); err == nil {
				t.Fatalf("New(%s) = nil error, want one", tt.name)
			}
		})
	}
}

func TestFirstLookReadsOnlyTheLookbackWindow(t *testing.T) {
	r := newRig(t, rev2)
	now := time.Now()
	r.deliver("INBOX", message("old@acme.example", "old"), now.AddDate(0, 0, -90))
	r.deliver("INBOX", message("five@acme.example", "five days"), now.AddDate(0, 0, -5))
	r.deliver("INBOX", message("three@acme.example", "three days"), now.AddDate(0, 0, -3))
	r.start()
	window := r.sink.next(t)
	if got := window.uids(); window.Mode != ModeFirstLook || !slices.Equal(got, []uint32{2, 3}) || window.Checkpoint != nil {
		t.Fatalf("first batch = %v in mode %s with checkpoint %v; want UIDs 2 and 3 in first-look mode, no checkpoint yet", got, window.Mode, window.Checkpoint)
	}
	end := r.sink.next(t)
	if len(end.Messages) != 0 || end.Mode != ModeFirstLook || end.Checkpoint == nil || end.Checkpoint.LastUID != 3 || end.Checkpoint.UIDValidity == 0 {
		t.Fatalf("then batch %v in mode %s with checkpoint %+v; want the checkpoint alone at UID 3", end.uids(), end.Mode, end.Checkpoint)
	}
	r.sink.none(t)
	if !r.log.has("lookback window read", "messages=2", "checkpoint=3") {
		t.Errorf("no log line says the window was read")
	}
}

func TestNewMailIsHandedOverWithItsCheckpoint(t *testing.T) {
	for _, tt := range []struct {
		name string
		caps imap.CapSet
		poll time.Duration
	}{
		{"idle", rev2, 200 * time.Millisecond},
		{"polling without idle", imap.CapSet{imap.CapIMAP4rev1: {}}, 20 * time.Millisecond},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, tt.caps)
			r.opts.Poll = tt.poll
			r.start()
			if end := r.sink.next(t); end.Checkpoint == nil || end.Checkpoint.LastUID != 0 || len(end.Messages) != 0 {
				t.Fatalf("on an empty folder: batch %v with checkpoint %+v, want the checkpoint alone at 0", end.uids(), end.Checkpoint)
			}
			r.deliver("INBOX", message("a@acme.example", "a"), time.Time{})
			r.deliver("INBOX", message("b@acme.example", "b"), time.Time{})
			var got []uint32
			for len(got) < 2 {
				b := r.sink.next(t)
				if b.Mode != ModeFollow || b.Checkpoint == nil || b.Checkpoint.LastUID != b.uids()[len(b.Messages)-1] {
					t.Fatalf("batch %v in mode %s with checkpoint %+v; want follow mode, the checkpoint at its last UID", b.uids(), b.Mode, b.Checkpoint)
				}
				got = append(got, b.uids()...)
			}
			if !slices.Equal(got, []uint32{1, 2}) {
				t.Fatalf("handed over UIDs %v, want 1 and 2", got)
			}
		})
	}
}

func TestRestartStartsFromTheCheckpoint(t *testing.T) {
	r := newRig(t, rev2)
	r.start()
	r.sink.next(t) // the first look's checkpoint
	r.deliver("INBOX", message("a@acme.example", "a"), time.Time{})
	r.sink.nextWith(t, 1, ModeFollow)
	r.stop()
	r.deliver("INBOX", message("b@acme.example", "b"), time.Time{})
	r.start()
	if got := r.sink.nextWith(t, 1, ModeFollow); !slices.Equal(got, []uint32{2}) {
		t.Fatalf("after the restart: UIDs %v, want only 2", got)
	}
	r.sink.none(t)
}

func TestNewUIDValidityReadsTheWindowAgain(t *testing.T) {
	r := newRig(t, rev2)
	r.start()
	r.sink.next(t)
	first := message("a@acme.example", "a")
	r.deliver("INBOX", first, time.Time{})
	r.sink.nextWith(t, 1, ModeFollow)
	r.stop()
	before, _ := r.sink.checkpoint("INBOX")

	// The server rebuilds the folder: a new UIDVALIDITY, the old message
	// again, and a new one.
	if err := r.srv.User.Delete("INBOX"); err != nil {
		t.Fatal(err)
	}
	if err := r.srv.User.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	r.deliver("INBOX", first, time.Time{})
	r.deliver("INBOX", message("b@acme.example", "b"), time.Time{})
	r.start()
	window := r.sink.next(t)
	if window.Mode != ModeNewValidity || !slices.Equal(window.uids(), []uint32{1, 2}) || window.Checkpoint != nil {
		t.Fatalf("batch %v in mode %s with checkpoint %+v; want both messages again, new-uidvalidity mode, no checkpoint yet",
			window.uids(), window.Mode, window.Checkpoint)
	}
	end := r.sink.next(t)
	if end.Checkpoint == nil || end.Checkpoint.UIDValidity == before.UIDValidity || end.Checkpoint.LastUID != 2 {
		t.Fatalf("then checkpoint %+v (was %+v); want the new UIDVALIDITY at UID 2", end.Checkpoint, before)
	}
	if !r.log.has("UIDVALIDITY changed", fmt.Sprintf("was=%d", before.UIDValidity)) {
		t.Errorf("no warning says UIDVALIDITY changed")
	}
}

func TestBodiesAreFetchedAsTheSinkWants(t *testing.T) {
	r := newRig(t, rev2)
	r.opts.HeaderFields = []string{"From", "Subject"}
	r.opts.MaxBody = 2000
	r.sink.want = func(h Head) Want {
		return Want{Body: strings.Contains(string(h.Header), "want"), Keep: fmt.Sprintf("kept %d", h.UID)}
	}
	small := message("small@acme.example", "want small")
	r.deliver("INBOX", small, time.Time{})
	r.deliver("INBOX", message("skip@acme.example", "skip"), time.Time{})
	r.deliver("INBOX", message("big@acme.example", "want big", "X-Padding: "+strings.Repeat("x", 3000)), time.Time{})
	r.start()
	b := r.sink.next(t)
	if len(b.Messages) != 3 {
		t.Fatalf("batch %v, want the three messages", b.uids())
	}
	for _, tt := range []struct {
		name         string
		m            Message
		body, tooBig bool
	}{
		{"wanted", b.Messages[0], true, false},
		{"not wanted", b.Messages[1], false, false},
		{"wanted but too big", b.Messages[2], false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if (tt.m.Body != nil) != tt.body || tt.m.TooBig != tt.tooBig {
				t.Errorf("UID %d: body fetched %v, too big %v; want %v, %v", tt.m.UID, tt.m.Body != nil, tt.m.TooBig, tt.body, tt.tooBig)
			}
			if h := string(tt.m.Header); !strings.Contains(h, "Subject: ") || strings.Contains(h, "Message-ID") {
				t.Errorf("UID %d: header %q, want the fields asked for alone", tt.m.UID, h)
			}
			if want := fmt.Sprintf("kept %d", tt.m.UID); tt.m.Keep != want {
				t.Errorf("UID %d: Keep = %v, want %q from Wanted", tt.m.UID, tt.m.Keep, want)
			}
		})
	}
	if string(b.Messages[0].Body) != string(small) {
		t.Errorf("body = %q, want the whole message as delivered", b.Messages[0].Body)
	}
}

func TestTidyAsTheSinkAsks(t *testing.T) {
	for _, tt := range []struct {
		name    string
		create  bool // the machine folder exists
		inInbox []uint32
	}{
		{"machine folder exists", true, []uint32{1}},
		{"machine folder missing", false, []uint32{1, 2}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, rev2)
			r.opts.Keyword, r.opts.MachineFolder = "$rapport", "Machine"
			if tt.create {
				if err := r.srv.User.Create("Machine", nil); err != nil {
					t.Fatal(err)
				}
			}
			r.sink.want = func(h Head) Want { return Want{Keep: strings.Contains(string(h.Header), "machine")} }
			r.sink.tidy = func(b *Batch) []Tidy {
				var list []Tidy
				for _, m := range b.Messages {
					list = append(list, Tidy{UID: m.UID, Keyword: true, Move: m.Keep == true})
				}
				return list
			}
			r.deliver("INBOX", message("a@acme.example", "a person"), time.Time{})
			r.deliver("INBOX", message("b@acme.example", "a machine"), time.Time{})
			r.start() // caught up: the batch is tidied

			c := r.client()
			flagged := keywordUIDs(t, c, "INBOX", "$rapport")
			if !slices.Equal(flagged, tt.inInbox) {
				t.Errorf("INBOX holds UIDs %v with the keyword, want %v", flagged, tt.inInbox)
			}
			if tt.create {
				if moved := keywordUIDs(t, c, "Machine", "$rapport"); len(moved) != 1 {
					t.Errorf("Machine holds %d messages with the keyword, want the machine's one", len(moved))
				}
			} else if !r.log.has("WARN machine mail folder missing", "machine_folder=Machine") {
				t.Errorf("no warning says the machine folder is missing")
			}
			if r.log.has("mailbox session ended") {
				t.Errorf("the session ended over the tidying")
			}
		})
	}
}

// keywordUIDs returns the UIDs of folder's messages, each of which must
// carry keyword.
func keywordUIDs(t *testing.T, c *imapclient.Client, folder, keyword string) []uint32 {
	t.Helper()
	if _, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		return nil // an empty folder: "1:*" matches nothing
	}
	var uids []uint32
	for _, m := range msgs {
		if !slices.Contains(m.Flags, imap.Flag(keyword)) {
			t.Errorf("%s UID %d has flags %v, want %s", folder, m.UID, m.Flags, keyword)
		}
		uids = append(uids, uint32(m.UID))
	}
	return uids
}

func TestAFailedApplyIsHandedOverAgain(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		log  string
	}{
		{"storage fault", errDiskFull, "ERROR cannot record new mail in the database; it stays in the mailbox and is read again"},
		{"other error", fmt.Errorf("a rule refused it"), "WARN mailbox session ended; reconnecting"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, rev2)
			r.deliver("INBOX", message("a@acme.example", "a"), time.Time{})
			r.sink.failNext(tt.err)
			r.start() // after the backoff's first step, at most a second
			if got := r.sink.attempts(); fmt.Sprint(got) != "[[1] [1] []]" {
				t.Fatalf("Apply was given %v; want UID 1, then UID 1 again, then the checkpoint", got)
			}
			if cp, ok := r.sink.checkpoint("INBOX"); !ok || cp.LastUID != 1 {
				t.Fatalf("checkpoint = %+v, %v; want UID 1", cp, ok)
			}
			if !r.log.has(tt.log, tt.err.Error()) {
				t.Errorf("no log line %q", tt.log)
			}
		})
	}
}

func TestOutageIsReportedOnceBack(t *testing.T) {
	r := newRig(t, rev2)
	var clock atomic.Int64 // minutes since the start: each reading is a minute later
	start := time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)
	r.opts.Now = func() time.Time { return start.Add(time.Duration(clock.Add(1)) * time.Minute) }
	var dials atomic.Int32
	dial := r.opts.Dial
	r.opts.Dial = func(ctx context.Context, h *imapclient.UnilateralDataHandler) (*imapclient.Client, error) {
		if dials.Add(1) == 1 {
			return nil, fmt.Errorf("imap: connect to 127.0.0.1:1: connection refused")
		}
		return dial(ctx, h)
	}
	r.start()
	select {
	case got := <-r.sink.offline:
		if !got[0].Before(got[1]) {
			t.Fatalf("Offline(from %s, to %s), want from before to", got[0], got[1])
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the outage was not reported when the session caught up")
	}
	if !r.log.has("mailbox session ended; reconnecting", "synced=false", "connection refused") {
		t.Errorf("no log line says the failed session")
	}
}

func TestBeatPromisesTheNextRound(t *testing.T) {
	r := newRig(t, rev2)
	beats := make(chan time.Duration, 64)
	r.opts.Beat = func(within time.Duration) {
		select {
		case beats <- within:
		default:
		}
	}
	r.start()
	want := r.opts.Poll + 5*r.opts.Timeout + time.Minute
	select {
	case got := <-beats:
		if got != want {
			t.Fatalf("Beat(%s), want the round's bound %s (poll, five commands, a minute)", got, want)
		}
	default:
		t.Fatalf("the loop went round without a beat")
	}
}

// TestSentWatcherFindsTheSentFolder watches a Sent folder the configuration
// does not name: the watcher finds it by its usual name after login, and
// the Sink sees and keys it by that name.
func TestSentWatcherFindsTheSentFolder(t *testing.T) {
	r := newRig(t, imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIdle: {}})
	if err := r.srv.User.Create("Sent Items", nil); err != nil {
		t.Fatal(err)
	}
	r.deliver("Sent Items", []byte("From: alex@owner.example\r\nTo: jane@acme.example\r\nSubject: Coffee?\r\nMessage-ID: <hand-1@owner.example>\r\n\r\nHi Jane\r\n"), time.Time{})
	r.opts.Folder, r.opts.Sent = "", true
	r.launch()
	select {
	case got := <-r.healthy:
		if got != "Sent Items" {
			t.Errorf("healthy(%q), want Sent Items", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the watcher never caught up")
	}
	select {
	case b := <-r.sink.batches:
		if b.Folder != "Sent Items" || len(b.Messages) != 1 {
			t.Fatalf("batch of %q with %d messages, want the one of Sent Items", b.Folder, len(b.Messages))
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the Sent folder's mail never came")
	}
	if _, ok := r.sink.checkpoint("Sent Items"); !ok {
		t.Error("no checkpoint under the Sent folder's name")
	}
}
