package imapwatch

import (
	"context"
	"errors"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Run watches the folder until ctx ends, reconnecting with jittered
// exponential backoff after a failed session and starting afresh after a
// healthy one. It blocks until ctx ends and then returns nil; a batch in
// hand is finished first (its command is given a few seconds).
//
// A login the server refuses (a *LoginRefusedError from Dial) ends it
// early, returning that error, since trying the same password again only
// gets the account locked: at once when no login has succeeded in this
// Run yet (a wrong password at start), or when the login is refused
// twice in a row (refusalsToStop) after one did, so that a provider's
// passing hiccup that refuses one login does not stop rapport. Every
// other failure, a NO with a temporary code included, is retried.
func (w *Watcher) Run(ctx context.Context) error {
	b := newBackoff(w.retryMin, 5*time.Minute)
	var down time.Time // since when the folder has been out of reach; zero while connected
	loggedIn := false  // a login succeeded in this Run
	refusals := 0      // logins refused in a row
	for ctx.Err() == nil {
		w.pulse(w.Turn())
		start := time.Now()
		synced := false
		err := w.runConn(ctx, func() { loggedIn = true }, func() {
			synced = true
			b.reset()
			if !down.IsZero() {
				w.sink.Offline(ctx, w.selected, down, w.now())
				down = time.Time{}
			}
		})
		if ctx.Err() != nil {
			return nil
		}
		if down.IsZero() {
			down = w.now()
		}
		delay := b.delay()
		var refused *LoginRefusedError
		switch {
		case errors.Is(err, ErrNoSentFolder):
			// Nothing is wrong with the mailbox: it has no Sent folder
			// (yet). Look again now and then, quietly.
			refusals, down = 0, time.Time{}
			delay = noSentRetry
			if !w.toldNoSent {
				w.toldNoSent = true
				w.log.Warn("no Sent folder to watch: mail you send from your own mail program is not seen; set imap.sent_folder",
					"error", err, "look_again_in", delay)
			}
		case errors.As(err, &refused):
			refusals++
			if !loggedIn || refusals >= refusalsToStop {
				w.log.Error("the mailbox refused the login; not trying again, which could lock the account", "error", err,
					"refused_in_a_row", refusals, "logged_in_before", loggedIn)
				return refused
			}
			w.log.Warn("the mailbox refused the login; trying once more before giving up", "error", err, "retry_in", delay.Round(time.Millisecond))
		case w.sink.StorageFault(err):
			// The caller's database, not the mailbox, failed: say so, and
			// what to do. Nothing is lost: the checkpoint moves with the
			// messages (Sink.Apply), so they are read again.
			refusals = 0
			w.log.Error("cannot record new mail in the database; it stays in the mailbox and is read again", "error", err,
				"retry_in", delay.Round(time.Millisecond))
		default:
			refusals = 0
			w.log.Warn("mailbox session ended; reconnecting", "error", err,
				"after", time.Since(start).Round(time.Millisecond), "synced", synced, "retry_in", delay.Round(time.Millisecond))
		}
		w.pulse(delay + w.Turn())
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
	return nil
}

// refusalsToStop is how many refused logins in a row stop a Run that
// logged in before: one refusal may be a provider's hiccup (a login
// backend that answered wrongly for a moment); the same answer again,
// after the backoff, is the password.
const refusalsToStop = 2

// runConn is one session: connect, select the folder, catch up, then wait
// for new mail (IDLE, or polling) and catch up again, until the
// connection fails or ctx ends. It calls loggedIn once logged in, and
// synced after the first catch-up. It always returns an error saying why
// it ended: Dial's own when it could not log in.
func (w *Watcher) runConn(ctx context.Context, loggedIn, synced func()) error {
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
	loggedIn()
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

	folder := w.folder
	if w.sent && folder == "" {
		if folder, err = findSentFolder(c, w.timeout); err != nil {
			return w.ended(ctx, "find the Sent folder", err)
		}
	}
	w.selected = folder
	readOnly := w.keyword == "" && w.machine == ""
	var sel *imap.SelectData
	err = waitFor(c, w.timeout, func() (err error) {
		sel, err = c.Select(folder, &imap.SelectOptions{ReadOnly: readOnly}).Wait()
		return err
	})
	if err != nil {
		return w.ended(ctx, "select "+folder, err)
	}
	w.log.Info("folder selected", "selected", folder, "messages", sel.NumMessages, "uidvalidity", sel.UIDValidity, "uidnext", sel.UIDNext)
	s := &folderSync{w: w, c: c, folder: folder, validity: sel.UIDValidity}
	if err := s.start(ctx, sel); err != nil {
		return w.ended(ctx, "catch up", err)
	}
	if w.healthy != nil {
		w.healthy(folder)
	}
	synced()
	idle := c.Caps().Has(imap.CapIdle)
	for {
		w.pulse(w.Turn())
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
func (w *Watcher) wait(ctx context.Context, c *imapclient.Client, kick chan struct{}, idle bool) error {
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

func (w *Watcher) ended(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return errors.Join(errors.New(what), err)
}

// noSentRetry is how long a Sent watcher waits before looking again for a
// Sent folder the mailbox does not have.
const noSentRetry = 30 * time.Minute

// closeGrace is how long a stopping watcher lets the command in flight
// finish before it closes the connection.
const closeGrace = 5 * time.Second
