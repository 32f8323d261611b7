package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"rapport/store"
)

// watcher follows one folder over its own connection.
type watcher struct {
	folder   string
	dial     func(ctx context.Context, h *imapclient.UnilateralDataHandler) (*imapclient.Client, error)
	in       *ingester
	log      *slog.Logger
	poll     time.Duration // how often to poll without IDLE, and to check an idle connection
	timeout  time.Duration // how long a command may take before the connection counts as dead
	lookback time.Duration
	maxBody  int64
	keyword  string // added to handled messages; "" for none
	machine  string // folder for handled machine mail; "" to leave it

	// healthy is called after each session's first complete sync; may be nil.
	healthy func(folder string)

	pulse pulse // the loop's sign of life, for Daemon.Alive (alive.go)
}

// run watches the folder until ctx ends, reconnecting with jittered
// exponential backoff after a failed session and starting afresh after a
// healthy one.
func (w *watcher) run(ctx context.Context) {
	b := newBackoff(time.Second, 5*time.Minute)
	var down time.Time // since when the folder has been out of reach; zero while connected
	for ctx.Err() == nil {
		w.pulse.beat(w.turn())
		start := time.Now()
		synced := false
		err := w.runConn(ctx, func() {
			synced = true
			b.reset()
			if !down.IsZero() {
				w.reportOffline(ctx, down, w.in.now())
				down = time.Time{}
			}
		})
		if ctx.Err() != nil {
			return
		}
		if down.IsZero() {
			down = w.in.now()
		}
		delay := b.delay()
		if errors.Is(err, store.ErrDiskFull) || errors.Is(err, store.ErrBusy) {
			// The database, not the mailbox, failed: say so, and what to
			// do. Nothing is lost: the checkpoint moves in the same
			// transaction as the messages, so they are read again.
			w.log.Error("cannot record new mail in the database; it stays in the mailbox and is read again", "error", err,
				"retry_in", delay.Round(time.Millisecond))
		} else {
			w.log.Warn("mailbox session ended; reconnecting", "error", err,
				"after", time.Since(start).Round(time.Millisecond), "synced", synced, "retry_in", delay.Round(time.Millisecond))
		}
		w.pulse.beat(delay + w.turn())
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// runConn is one session: connect, select the folder, catch up, then wait
// for new mail (IDLE, or polling) and catch up again, until the
// connection fails or ctx ends. It always returns an error saying why it
// ended.
func (w *watcher) runConn(ctx context.Context, synced func()) error {
	// The handler runs on the client's reader: it must never block nor
	// issue commands, so it only kicks a channel of capacity one.
	kick := make(chan struct{}, 1)
	handler := &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				select {
				case kick <- struct{}{}:
				default:
				}
			}
		},
	}
	c, err := w.dial(ctx, handler)
	if err != nil {
		return err
	}
	defer c.Close()
	// On stop, the loop returns at its next wait; a command in flight (a
	// FETCH of the batch in hand) is given closeGrace to finish before the
	// connection is closed under it, which go-imap's client does not
	// survive cleanly.
	ended := make(chan struct{})
	defer close(ended)
	stop := context.AfterFunc(ctx, func() {
		t := time.NewTimer(closeGrace)
		defer t.Stop()
		select {
		case <-ended:
		case <-t.C:
			c.Close()
		}
	})
	defer stop()

	readOnly := w.keyword == "" && w.machine == ""
	var sel *imap.SelectData
	err = waitFor(c, w.timeout, func() (err error) {
		sel, err = c.Select(w.folder, &imap.SelectOptions{ReadOnly: readOnly}).Wait()
		return err
	})
	if err != nil {
		return w.ended(ctx, "select "+w.folder, err)
	}
	w.log.Info("folder selected", "messages", sel.NumMessages, "uidvalidity", sel.UIDValidity, "uidnext", sel.UIDNext)
	s := &folderSync{w: w, c: c, validity: sel.UIDValidity}
	if err := s.start(ctx, sel); err != nil {
		return w.ended(ctx, "catch up", err)
	}
	if w.healthy != nil {
		w.healthy(w.folder)
	}
	synced()
	idle := c.Caps().Has(imap.CapIdle)
	for {
		w.pulse.beat(w.turn())
		if err := w.wait(ctx, c, kick, idle); err != nil {
			return w.ended(ctx, "wait for mail", err)
		}
		if err := s.catchUp(ctx); err != nil {
			return w.ended(ctx, "catch up", err)
		}
	}
}

// wait returns when new mail may have arrived: an EXISTS while idling, or
// the poll interval passing (after which a NOOP proves the connection is
// alive and brings any pending EXISTS).
func (w *watcher) wait(ctx context.Context, c *imapclient.Client, kick chan struct{}, idle bool) error {
	select {
	case <-kick: // arrived while we were busy
		return nil
	default:
	}
	t := time.NewTimer(w.poll)
	defer t.Stop()
	if !idle {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-c.Closed():
			return errors.New("connection closed")
		case <-kick:
			return nil
		case <-t.C:
			return waitFor(c, w.timeout, c.Noop().Wait)
		}
	}
	cmd, err := c.Idle()
	if err != nil {
		return err
	}
	polled := false
	select {
	case <-ctx.Done():
	case <-c.Closed():
	case <-kick:
	case <-t.C:
		polled = true
	}
	if err := cmd.Close(); err != nil {
		return err
	}
	if err := waitFor(c, w.timeout, cmd.Wait); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if polled {
		// The safety net: a lost notification, or a half-open connection
		// that IDLE alone would never notice.
		return waitFor(c, w.timeout, c.Noop().Wait)
	}
	return nil
}

func (w *watcher) ended(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return errors.Join(errors.New(what), err)
}

// closeGrace is how long a stopping watcher lets the command in flight
// finish before it closes the connection.
const closeGrace = 5 * time.Second

// offlineWorth is how long the mailbox must have been out of reach for
// the digest to mention it.
const offlineWorth = 5 * time.Minute

// reportOffline keeps a time without a connection as a problem for the
// digest, when it lasted long enough to matter.
func (w *watcher) reportOffline(ctx context.Context, from, to time.Time) {
	if to.Sub(from) < offlineWorth {
		return
	}
	p := &store.Problem{At: to, Kind: store.ProblemOffline, Detail: fmt.Sprintf("no connection to %s for %s (from %s)",
		w.folder, to.Sub(from).Round(time.Minute), from.Format("Mon 2 Jan 15:04 MST"))}
	if err := w.in.store.WithTx(ctx, func(tx *store.Tx) error { return tx.AddProblem(ctx, p) }); err != nil {
		w.log.Error("could not record the time offline for the digest", "err", err)
	}
}
