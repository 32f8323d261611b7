package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"rapport/config"
	"rapport/internal/sdnotify"
	"rapport/store"
	"rapport/workflow"
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
// and every folder's watcher loop shows signs of life (daemon.Alive): a
// stuck daemon goes quiet and systemd restarts it.
func (r *runner) supervise(ctx context.Context) {
	interval, err := sdnotify.WatchdogInterval()
	if err != nil {
		r.log.Warn("ignoring the watchdog setting", "error", err)
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
		if !r.ready.Load() {
			// Only progress earns more time: a mailbox that cannot be
			// reached (a wrong password) fails the start at
			// TimeoutStartSec instead of hanging "systemctl start".
			if n := r.handled.Load(); n > handled && r.alive(ctx) == nil {
				handled = n
				r.notify(sdnotify.ExtendTimeout(max(3*every, time.Minute)))
				r.notify(sdnotify.Status(fmt.Sprintf("starting: catching up with the mailbox (%d messages handled)", n)))
			}
			continue
		}
		if interval == 0 {
			return
		}
		err := r.alive(ctx)
		switch {
		case err == nil && quiet != nil:
			r.log.Info("working again: watchdog pings resume")
		case err != nil && quiet == nil && ctx.Err() == nil:
			r.log.Error("holding back the watchdog ping: systemd restarts rapport if this lasts", "error", err, "watchdog", interval)
		}
		quiet = err
		if err == nil {
			r.notify(sdnotify.Watchdog())
		}
	}
}

// alive returns nil when the database answers within pingTimeout and the
// daemon running now says its loops are alive, else what is wrong.
func (r *runner) alive(ctx context.Context) error {
	pctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	if err := r.store.Ping(pctx); err != nil {
		return fmt.Errorf("the database does not answer: %w", err)
	}
	if d := r.current.Load(); d != nil {
		return d.Alive()
	}
	return errors.New("no daemon is running")
}

// updateStatus sends STATUS= when the status line changed.
func (r *runner) updateStatus(ctx context.Context, cfg *config.Config) {
	if !r.ready.Load() {
		return // supervise reports the start-up
	}
	if s := r.statusLine(ctx, cfg); s != r.status {
		r.status = s
		r.notify(sdnotify.Status(s))
	}
}

// statusLine says what rapport is doing, for "systemctl status":
// "watching INBOX, Networking; 14 active contacts; 2 drafts to approve;
// next digest 07:30". A part whose query fails is left out.
func (r *runner) statusLine(ctx context.Context, cfg *config.Config) string {
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	parts := []string{"watching " + strings.Join(append([]string{"INBOX"}, cfg.IMAP.Folders...), ", ")}
	read := r.store.Read()
	if counts, err := read.CountByStatus(ctx); err == nil {
		active := 0
		for s, n := range counts {
			if s.Stage() != workflow.StageClosed {
				active += n
			}
		}
		parts = append(parts, plural(active, "active contact"))
	}
	if n, err := read.CountOutbox(ctx, store.AudienceContact, store.OutboxDraft); err == nil && n > 0 {
		parts = append(parts, plural(n, "draft")+" to approve")
	}
	if next := nextDigest(ctx, read, cfg, r.a.now()); next != "" {
		parts = append(parts, next)
	}
	return strings.Join(parts, "; ")
}

// nextDigest says when the daily digest is next written, in the owner's
// zone; "" when there is none to write.
func nextDigest(ctx context.Context, read *store.Tx, cfg *config.Config, now time.Time) string {
	if !cfg.Digest.Enabled || cfg.DigestRecipient() == "" {
		return ""
	}
	hour, minute := cfg.Digest.At()
	now = now.In(cfg.Location())
	at := time.Date(now.Year(), now.Month(), now.Day(), hour, minute, 0, 0, now.Location())
	if now.Before(at) {
		return "next digest " + at.Format("15:04")
	}
	if _, err := read.DigestOf(ctx, at.Format("2006-01-02")); err == nil {
		return "next digest tomorrow " + at.Format("15:04")
	} else if errors.Is(err, store.ErrNotFound) {
		return "digest due now"
	}
	return ""
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
