package daemon

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/transport/imapwatch"
)

// The owner writes to contacts from their own mail program as well as
// through rapport: their Sent folder is watched beside the INBOX, with its
// own checkpoint committed with its effects, and what they wrote moves
// the contact (inbound.Handler.HandleSent). A first look reads its
// lookback window only to record the threads, and moves no one (see
// HandleSent).

// watchList is the folders watched for incoming mail: INBOX and
// imap.folders, without the configured Sent folder, which has a watcher
// of its own (watchSent): one folder read two ways would keep one
// checkpoint for both.
func watchList(cfg *config.Config) []string {
	folders := append([]string{"INBOX"}, cfg.IMAP.Folders...)
	if s := cfg.IMAP.SentFolder; s != "" {
		folders = slices.DeleteFunc(folders, func(f string) bool { return f == s })
	}
	return folders
}

// watchSent adds the watcher of the owner's Sent folder, with the other
// folders' options: imap.sent_folder,
// else the one the server marks \Sent, else one with a usual name, found
// after each login. Its ingester shares the daemon's store and handler;
// it is returned for New to report its outcomes once liveness is wired.
// Its sessions prove the login (loginWorked) but are not the daemon's
// health: that is the INBOX's and the folders' it reads for mail. It
// starts once another watcher logged in, so that a password the server
// refuses is tried once, not once more for Sent.
func (d *Daemon) watchSent(in *ingester, opts imapwatch.Options) (*ingester, error) {
	cfg := d.opts.Config
	sent := &ingester{store: in.store, handler: in.handler, log: in.log, now: in.now, sent: true}
	opts.Sink, opts.Sent = sent, true
	// The field that marks rapport's drafts: the sent copy of one the
	// owner sent from their Drafts folder settles it (inbound/sentdraft.go).
	opts.HeaderFields = append(slices.Clip(opts.HeaderFields), outbox.DraftField)
	opts.Healthy = func(string) { d.loginWorked() }
	// Nothing is ever marked or moved in the owner's Sent folder.
	opts.Keyword, opts.MachineFolder = "", ""
	w, err := newWatcher(cfg.IMAP.SentFolder, opts)
	if err != nil {
		return nil, fmt.Errorf("daemon: watch the Sent folder: %w", err)
	}
	if w.folder == "" {
		w.folder = `\Sent` // how Alive names it
	}
	w.afterLogin = true
	d.watchers = append(d.watchers, w)
	return sent, nil
}

// waitLogin waits until the mailbox first took the login, keeping w's
// pulse alive meanwhile (Alive); false when ctx ended first.
func (d *Daemon) waitLogin(ctx context.Context, w *watcher) bool {
	t := time.NewTicker(w.turn() / 2)
	defer t.Stop()
	for {
		w.pulse.beat(w.turn())
		select {
		case <-d.loggedIn:
			return true
		case <-ctx.Done():
			return false
		case <-t.C:
		}
	}
}
