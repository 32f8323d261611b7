package daemon

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/rapport-mail/rapport/inbound"
)

// Liveness: each watcher loop beats as it goes round (wait for mail, catch
// up, or sleep before reconnecting) and after each batch it commits, each
// time promising the next beat within the longest its next step may
// legitimately take. A loop that misses its promise is stuck: a command
// that never returns despite the timeouts, a deadlock, a hung login.
// Alive says so, and "rapport run" then stops feeding systemd's watchdog,
// which restarts the daemon.

// epoch anchors pulses to the monotonic clock, which the wall clock's
// steps (NTP, a suspended laptop's resume) do not move.
var epoch = time.Now()

// pulse is a loop's latest promise: the time, on epoch's clock, by which
// it will beat again. The zero pulse has promised nothing.
type pulse struct{ due atomic.Int64 }

// beat promises the next beat within d from now.
func (p *pulse) beat(d time.Duration) { p.due.Store(int64(time.Since(epoch) + d)) }

// late returns how long ago the promised beat was due; 0 or less when it
// is not yet.
func (p *pulse) late() time.Duration { return time.Since(epoch) - time.Duration(p.due.Load()) }

// trackLiveness arms every watcher's pulse (Run starts them at once) and
// makes each committed message a beat of its folder's watcher, so that a
// long catch-up counts as alive. New calls it once, before Run.
func (d *Daemon) trackLiveness() {
	byFolder := make(map[string]*watcher, len(d.watchers))
	for _, w := range d.watchers {
		w.pulse.beat(w.turn())
		byFolder[w.folder] = w
	}
	applied := d.in.applied
	d.in.applied = func(o inbound.Outcome) {
		if w := byFolder[o.Folder]; w != nil {
			w.pulse.beat(w.turn())
		}
		if applied != nil {
			applied(o)
		}
	}
}

// Alive reports whether every folder's watcher loop has kept its last
// promise to show a sign of life (see watcher.turn for how long a round
// may take): nil when all have, else an error naming each late folder.
// Without Run, the promises made by New run out after one round. It does
// no I/O and is safe to call from any goroutine.
func (d *Daemon) Alive() error {
	var errs []error
	for _, w := range d.watchers {
		if late := w.pulse.late(); late > 0 {
			errs = append(errs, fmt.Errorf("daemon: watching %s: no sign of life for %s beyond the %s a round may take",
				w.folder, late.Round(time.Second), w.turn()))
		}
	}
	return errors.Join(errs...)
}
