package daemon

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rapport-mail/rapport/internal/sdnotify"
)

// pingTimeout bounds the database ping behind each watchdog ping, and
// each query for the status line.
const pingTimeout = 2 * time.Second

// startupLook is how often a start still catching up says how far it got,
// when there is no watchdog to set the pace.
const startupLook = 15 * time.Second

// supervise keeps systemd's timers fed while rapport works, until ctx
// ends. Before READY, while the catch-up makes progress, it extends the
// start-up timeout and shows how far it got, so that a first look at a big
// mailbox is not mistaken for a hang; after READY, with WatchdogSec= set, it sends
// WATCHDOG=1 at half the interval, and only while the database answers
// and every folder's watcher loop shows signs of life (Daemon.Alive): a
// stuck daemon goes quiet and systemd restarts it.
func (sv *service) supervise(ctx context.Context) {
	interval, err := sdnotify.WatchdogInterval()
	if err != nil {
		sv.log.Warn("ignoring the watchdog setting", "error", err)
	}
	every := startupLook
	if interval > 0 {
		every = interval / 2
	}
	t := time.NewTicker(every)
	defer t.Stop()
	var quiet error   // why the last ping was held back; nil when it was sent
	var handled int64 // messages handled at the last look, during start-up
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if !sv.ready.Load() {
			// Only progress earns more time: a mailbox that cannot be
			// reached (a server down) fails the start at
			// TimeoutStartSec instead of hanging "systemctl start". (A
			// wrong password ends rapport at once: LoginRefusedError.)
			if n := sv.handled.Load(); n > handled && sv.alive(ctx) == nil {
				handled = n
				sv.notify(sdnotify.ExtendTimeout(max(3*every, time.Minute)))
				sv.notify(sdnotify.Status(fmt.Sprintf("starting: catching up with the mailbox (%d messages handled)", n)))
			}
			continue
		}
		if interval == 0 {
			return
		}
		err := sv.alive(ctx)
		switch {
		case err == nil && quiet != nil:
			sv.log.Info("working again: watchdog pings resume")
		case err != nil && quiet == nil && ctx.Err() == nil:
			sv.log.Error("holding back the watchdog ping: systemd restarts rapport if this lasts", "error", err, "watchdog", interval)
		}
		quiet = err
		if err == nil {
			sv.notify(sdnotify.Watchdog())
		}
	}
}

// alive returns nil when the database answers within pingTimeout and the
// daemon running now says its loops are alive, else what is wrong.
func (sv *service) alive(ctx context.Context) error {
	pctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	if err := sv.store.Ping(pctx); err != nil {
		return fmt.Errorf("the database does not answer: %w", err)
	}
	if d := sv.current.Load(); d != nil {
		return d.Alive()
	}
	return errors.New("no daemon is running")
}
