package imapwatch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
)

// recSink is a Sink that keeps checkpoints in memory and records what the
// watcher hands it, for tests.
type recSink struct {
	// want answers Wanted for one head; nil wants every body.
	want func(Head) Want
	// tidy answers Apply; nil asks for nothing.
	tidy func(*Batch) []Tidy

	mu      sync.Mutex
	cps     map[string]Checkpoint
	fail    []error    // what the next calls to Apply return, before succeeding
	tried   [][]uint32 // the UIDs of each batch Apply was given, failed or not
	batches chan Batch
	offline chan [2]time.Time
}

func newRecSink() *recSink {
	return &recSink{cps: map[string]Checkpoint{}, batches: make(chan Batch, 1024), offline: make(chan [2]time.Time, 16)}
}

// errDiskFull stands for the caller's storage failing.
var errDiskFull = errors.New("database or disk is full")

func (s *recSink) Checkpoint(_ context.Context, folder string) (Checkpoint, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp, ok := s.cps[folder]
	return cp, ok, nil
}

func (s *recSink) Wanted(_ context.Context, _ string, heads []Head) ([]Want, error) {
	wants := make([]Want, len(heads))
	for i, h := range heads {
		if s.want == nil {
			wants[i] = Want{Body: true}
		} else {
			wants[i] = s.want(h)
		}
	}
	return wants, nil
}

func (s *recSink) Apply(_ context.Context, b *Batch) ([]Tidy, error) {
	s.mu.Lock()
	s.tried = append(s.tried, b.uids())
	if len(s.fail) > 0 {
		err := s.fail[0]
		s.fail = s.fail[1:]
		s.mu.Unlock()
		return nil, err
	}
	if b.Checkpoint != nil {
		s.cps[b.Folder] = *b.Checkpoint
	}
	s.mu.Unlock()
	s.batches <- *b
	if s.tidy == nil {
		return nil, nil
	}
	return s.tidy(b), nil
}

func (s *recSink) Offline(_ context.Context, _ string, from, to time.Time) {
	s.offline <- [2]time.Time{from, to}
}

func (s *recSink) StorageFault(err error) bool { return errors.Is(err, errDiskFull) }

// failNext makes the next calls to Apply return errs, in order.
func (s *recSink) failNext(errs ...error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = append(s.fail, errs...)
}

// attempts returns the UIDs of each batch Apply was given so far.
func (s *recSink) attempts() [][]uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.tried)
}

// checkpoint returns the folder's checkpoint, and whether there is one.
func (s *recSink) checkpoint(folder string) (Checkpoint, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp, ok := s.cps[folder]
	return cp, ok
}

// next waits for the next batch Apply committed.
func (s *recSink) next(t testing.TB) Batch {
	t.Helper()
	select {
	case b := <-s.batches:
		return b
	case <-time.After(30 * time.Second):
		t.Fatalf("no batch was handed over")
		return Batch{}
	}
}

// nextWith waits for batches until the messages of those handed over make
// n, and returns their UIDs; each batch must have the mode m.
func (s *recSink) nextWith(t testing.TB, n int, m Mode) []uint32 {
	t.Helper()
	var uids []uint32
	for len(uids) < n {
		b := s.next(t)
		if b.Mode != m {
			t.Fatalf("batch %v in mode %s, want %s", b.uids(), b.Mode, m)
		}
		uids = append(uids, b.uids()...)
	}
	return uids
}

// none checks that no batch is waiting.
func (s *recSink) none(t testing.TB) {
	t.Helper()
	select {
	case b := <-s.batches:
		t.Fatalf("unexpected batch %v (%s, checkpoint %v)", b.uids(), b.Mode, b.Checkpoint)
	default:
	}
}

func (b Batch) uids() []uint32 {
	var list []uint32
	for _, m := range b.Messages {
		list = append(list, m.UID)
	}
	return list
}

// message is a small plain-text message with the given Message-ID.
func message(id, subject string, extra ...string) []byte {
	head := []string{"From: Jane Doe <jane@acme.example>", "To: alex@owner.example", "Subject: " + subject,
		"Message-ID: <" + id + ">", "Date: Mon, 2 Jun 2025 10:00:00 +0000"}
	head = append(head, extra...)
	return []byte(strings.Join(head, "\r\n") + "\r\n\r\nHello.\r\n")
}

// logLines keeps log lines (level, message and attributes) for a test to
// look for, and passes them on to the test's log.
type logLines struct {
	t     testing.TB
	mu    sync.Mutex
	lines []string
}

func recordLog(t testing.TB) (*slog.Logger, *logLines) {
	l := &logLines{t: t}
	return slog.New(lineHandler{l: l}), l
}

// has reports whether a line holds every one of parts.
func (l *logLines) has(parts ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.ContainsFunc(l.lines, func(line string) bool {
		for _, p := range parts {
			if !strings.Contains(line, p) {
				return false
			}
		}
		return true
	})
}

type lineHandler struct {
	l     *logLines
	attrs string
}

func (h lineHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h lineHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Level.String() + " " + r.Message + h.attrs)
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	})
	h.l.t.Log(b.String())
	h.l.mu.Lock()
	h.l.lines = append(h.l.lines, b.String())
	h.l.mu.Unlock()
	return nil
}

func (h lineHandler) WithAttrs(as []slog.Attr) slog.Handler {
	s := h.attrs
	for _, a := range as {
		s += fmt.Sprintf(" %s=%v", a.Key, a.Value)
	}
	return lineHandler{l: h.l, attrs: s}
}

func (h lineHandler) WithGroup(string) slog.Handler { return h }

// rev2 offers IMAP4rev2, which includes IDLE.
var rev2 = imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}
