package daemon

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/internal/offsetclock"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// Storage faults: the disk holding the database full, and the database
// busy because another process (a CLI command) holds its write lock.
// Network and server faults are in faults_net_test.go.

// smallDisk mounts a tmpfs of size bytes and returns its path; it is
// unmounted when the test ends (after the cleanups registered later,
// such as closing the store on it). Mounting needs root, as CI has: the
// test fails, not skips, without it.
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	if os.Getuid() != 0 {
		t.Fatalf("this test needs root to mount a small tmpfs for the database (uid %d): run it as root, as CI does", os.Getuid())
	}
	dir := filepath.Join(t.TempDir(), "state")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d,mode=0700", size), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Fatalf("mount a tmpfs on %s: %v: %s", dir, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// fill writes path until the disk holding it is full.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !strings.Contains(err.Error(), "no space left") {
				t.Fatalf("fill %s: %v", path, err)
			}
			return
		}
	}
}

// The disk holding the database fills up, then mail arrives. The daemon
// neither crashes nor loses mail: it says in its log that the disk is
// full and what to do, the checkpoint stays before the mail it could not
// record, and once space is freed every message is handled exactly once.
func TestStateDiskFull(t *testing.T) {
	h, stack, owner := dovecotHarness(t)
	dir := smallDisk(t, 4<<20)
	st, err := store.Open(context.Background(), filepath.Join(dir, "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() }) // before the unmount
	h.store = st
	log, rec := recordLog(t)
	h.log = log
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()
	before := h.checkpoint()

	filler := filepath.Join(dir, "filler")
	fill(t, filler)
	ids := []string{"r1@acme.example", "s1@random.example", "s2@random.example"}
	for i, id := range ids {
		raw := mail(fmt.Sprintf("Stranger %d <s%d@random.example>", i, i), "Hello", id, "", time.Now())
		if i == 0 {
			raw = mail("Jane Doe <jane@acme.example>", "Re: hi", id, "req-1@owner.example", time.Now())
		}
		if err := stack.Deliver("x@example.org", []string{owner}, []byte(strings.ReplaceAll(raw, "alex@owner.example", owner))); err != nil {
			t.Fatalf("Deliver() error = %v", err)
		}
	}
	// The daemon tries, fails, and says why and what to do.
	line := rec.wait(t, 30*time.Second, "ERROR", "folder=INBOX", "disk holding the database is full", "free some space")
	t.Logf("the daemon said: %s", line)
	if cp := h.checkpoint(); cp != before {
		t.Fatalf("checkpoint moved to %d while nothing could be recorded, want it at %d", cp, before)
	}
	select {
	case m := <-h.handled:
		t.Fatalf("handled %+v with the disk full", m)
	default:
	}
	if err := h.daemon.Alive(); err != nil {
		t.Fatalf("Alive() = %v with the disk full; the daemon must keep going", err)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	seen := map[uint32]int{}
	for len(seen) < len(ids) {
		m := h.waitHandled()
		if seen[m.uid]++; seen[m.uid] > 1 {
			t.Fatalf("UID %d handled twice", m.uid)
		}
	}
	h.waitHealthy()
	select {
	case m := <-h.handled:
		t.Fatalf("a message was handled again: %+v", m)
	default:
	}
	// Postfix may deliver the three in any order: each is recorded, under
	// one of the UIDs handled.
	for _, id := range ids {
		m, err := h.store.Read().MessageByKey(context.Background(), id)
		if err != nil || seen[m.UID] != 1 || m.UID <= before {
			t.Fatalf("message <%s>: %+v, %v; want it recorded under a UID handled once", id, m, err)
		}
		delete(seen, m.UID)
	}
	if cp := h.checkpoint(); cp != before+3 {
		t.Fatalf("checkpoint = %d after the disk had room again, want %d", cp, before+3)
	}
	if n := count(h.history(jane.ID), string(workflow.EventReplyReceived)); n != 1 || h.status(jane.ID).Status != workflow.StatusReplied {
		t.Fatalf("Jane: %d replies applied, status %s; want one, replied", n, h.status(jane.ID).Status)
	}
}

// A CLI command holds the database's write lock for longer than the busy
// timeout while mail arrives and a timer falls due. Nothing is lost: the
// daemon waits, then says the database is busy and tries again, and once
// the command is done the message is applied once and the timer fires
// once. Another command that wants to write meanwhile gets a clear
// "database is busy" error instead of hanging.
func TestDatabaseBusyWithACommand(t *testing.T) {
	h, stack, owner := dovecotHarness(t)
	clock := &offsetclock.Clock{}
	h.now = clock.Now
	log, rec := recordLog(t)
	h.log = log
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	sam := h.contact("Sam Lee", "sam@globex.example", workflow.StatusRequested, "req-2@owner.example")
	h.start()
	before := h.checkpoint()

	// The command: its own Store on the same file, in a write transaction
	// that waits for the test.
	ctx := context.Background()
	cli, err := store.Open(ctx, h.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cli.Close() })
	holding, release, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		held <- cli.WithTx(ctx, func(tx *store.Tx) error {
			close(holding)
			<-release
			return nil
		})
	}()
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()
	<-holding
	start := time.Now()

	// Meanwhile another command wants to write.
	other, err := store.Open(ctx, h.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	otherErr := make(chan error, 1)
	go func() { otherErr <- other.WithTx(ctx, func(tx *store.Tx) error { return nil }) }()

	// Sam's reply arrives, and Jane's nudge falls due.
	raw := mail("Sam Lee <sam@globex.example>", "Re: hi", "s1@globex.example", "req-2@owner.example", clock.Now())
	if err := stack.Deliver("sam@globex.example", []string{owner}, []byte(strings.ReplaceAll(raw, "alex@owner.example", owner))); err != nil {
		t.Fatalf("Deliver() error = %v", err)
	}
	due := h.status(jane.ID).Timers[workflow.TimerNudge]
	clock.Set(due.Add(time.Second))
	h.daemon.Kick()

	// The other command is told, in words, once the busy timeout is over.
	select {
	case err := <-otherErr:
		if !errors.Is(err, store.ErrBusy) || !strings.Contains(err.Error(), "database is busy") {
			t.Fatalf("a second writer got %v, want an error saying the database is busy", err)
		}
		t.Logf("the other command got, after %s: %v", time.Since(start).Round(time.Millisecond), err)
	case <-time.After(30 * time.Second):
		t.Fatal("a second writer hung on the busy database")
	}
	// The daemon's reader said so too, and neither the message nor the
	// timer went anywhere.
	line := rec.wait(t, 30*time.Second, "ERROR", "cannot record new mail", "database is busy")
	t.Logf("the daemon said: %s", line)
	rec.wait(t, 30*time.Second, "ERROR", "timers: cannot use the database", "database is busy")
	select {
	case m := <-h.handled:
		t.Fatalf("handled %+v while the database was locked", m)
	case f := <-h.fired:
		t.Fatalf("timer reported %+v while the database was locked", f)
	default:
	}
	if cp := h.checkpoint(); cp != before {
		t.Fatalf("checkpoint = %d while the database was locked, want %d", cp, before)
	}

	// The command ends; the daemon catches up.
	close(release)
	released = true
	if err := <-held; err != nil {
		t.Fatalf("the command's transaction: %v", err)
	}
	h.daemon.Kick() // as the timers would after a minute
	if m := h.waitHandled(); m.contact != sam.ID || m.event != string(workflow.EventReplyReceived) {
		t.Fatalf("handled %+v, want Sam's reply", m)
	}
	// Jane's nudge fires (Sam's, due at the same time, may fire too if the
	// timers run before his reply is read again: the workflow's business).
	for fired := false; !fired; {
		select {
		case f := <-h.fired:
			if f.contact == jane.ID {
				if f.timer != workflow.TimerNudge || f.event != string(workflow.EventTimerFired) {
					t.Fatalf("fired %+v, want Jane's nudge", f)
				}
				fired = true
			}
		case <-time.After(30 * time.Second):
			t.Fatal("Jane's nudge never fired")
		}
	}
	h.waitHealthy()
	// Once each: nothing more came, and the history says so.
	select {
	case m := <-h.handled:
		t.Fatalf("a message was handled again: %+v", m)
	default:
	}
	for len(h.fired) > 0 {
		if f := <-h.fired; f.contact == jane.ID {
			t.Fatalf("Jane's timer reported again: %+v", f)
		}
	}
	if n := count(h.history(sam.ID), string(workflow.EventReplyReceived)); n != 1 {
		t.Fatalf("Sam's reply applied %d times, want once", n)
	}
	if n := count(h.history(jane.ID), string(workflow.EventTimerFired)); n != 1 {
		t.Fatalf("Jane's history has %d timer_fired, want one: %v", n, h.history(jane.ID))
	}
	if _, ok := h.status(jane.ID).Timers[workflow.TimerNudge]; ok {
		t.Fatalf("Jane's nudge timer is still set after it fired")
	}
	if cp := h.checkpoint(); cp != before+1 {
		t.Fatalf("checkpoint = %d, want %d", cp, before+1)
	}
}
