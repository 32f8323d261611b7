package daemon

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

// lookEvery bounds the sleep of the sender, the timers and the digest
// while nothing tells them of changes made by another process (a rapport
// command approving a draft, adding a contact): they look at the database
// on their own this often.
const lookEvery = 30 * time.Second

// lookWatched replaces lookEvery while the database's files are watched,
// so that another process's change kicks them at once: a look is then only
// a safety net for a change the kernel did not report.
const lookWatched = 5 * time.Minute

// kickGap is the least time between two kicks from the database watch:
// the daemon's own commits change the files too, and a burst of them (a
// backlog being ingested) must not make the three loops look after each.
const kickGap = time.Second

// lookout says how long the sender, the timers and the digest may sleep
// before looking at the database on their own.
type lookout struct{ watched atomic.Bool }

// every returns the longest sleep allowed now.
func (l *lookout) every() time.Duration {
	if l.watched.Load() {
		return lookWatched
	}
	return lookEvery
}

// watchStore kicks the sender, the timers and the digest (through kick)
// whenever the database at path or its write-ahead log is written, by
// this process or another, at most once per kickGap; the last change of a
// burst always gets its kick. It returns an error, and watches nothing,
// when the directory cannot be watched (no inotify, too many watches): the
// loops then keep looking every lookEvery. Otherwise it watches in the
// background until ctx ends, and sets l.watched meanwhile.
func watchStore(ctx context.Context, path string, l *lookout, kick func()) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	if err := w.Add(filepath.Dir(path)); err != nil {
		w.Close()
		return err
	}
	l.watched.Store(true)
	go func() {
		defer w.Close()
		defer l.watched.Store(false)
		followStore(ctx, w, path, kick)
	}()
	return nil
}

// followStore is watchStore's loop; it returns when ctx ends or the
// watcher stops.
func followStore(ctx context.Context, w *fsnotify.Watcher, path string, kick func()) {
	db, wal := filepath.Clean(path), filepath.Clean(path)+"-wal"
	var quiet <-chan time.Time // open while kicks wait out kickGap
	pending := false
	change := func() {
		if quiet != nil {
			pending = true
			return
		}
		kick()
		quiet = time.After(kickGap)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			name := filepath.Clean(ev.Name)
			if (name == db || name == wal) && (ev.Has(fsnotify.Write) || ev.Has(fsnotify.Create)) {
				change()
			}
		case _, ok := <-w.Errors:
			if !ok {
				return
			}
			change() // events may have been lost (an overflow): look to be sure
		case <-quiet:
			quiet = nil
			if pending {
				pending = false
				change()
			}
		}
	}
}
