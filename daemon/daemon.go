package daemon

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"rapport/config"
	"rapport/store"
	"rapport/tracker"
)

// Options are what a Daemon needs. Config, Store and Tracker are required.
type Options struct {
	Config  *config.Config
	Store   *store.Store
	Tracker *tracker.Tracker
	Log     *slog.Logger     // nil discards
	Now     func() time.Time // nil for time.Now

	// TLS overrides the TLS settings of the IMAP connection (a private CA
	// in tests); nil verifies the server against the system's roots.
	TLS *tls.Config
	// CommandTimeout bounds each IMAP command, so that a connection that
	// stopped answering is noticed; 0 means one minute.
	CommandTimeout time.Duration
	// Handled, when set, is called after each message's effects are
	// committed (tests and benchmarks wait on it instead of sleeping).
	Handled func(folder string, uid uint32, contactID int64, event string)
	// Healthy, when set, is called each time a folder's session has caught up.
	Healthy func(folder string)
}

// Daemon watches the configured folders.
type Daemon struct {
	opts     Options
	in       *ingester
	watchers []*watcher
}

// New checks opts and builds a Daemon. It does no I/O.
func New(opts Options) (*Daemon, error) {
	cfg := opts.Config
	switch {
	case cfg == nil || opts.Store == nil || opts.Tracker == nil:
		return nil, errors.New("daemon: Config, Store and Tracker are required")
	case cfg.IMAP.Host == "":
		return nil, errors.New("daemon: no imap.host configured: set [imap] in the config to watch a mailbox")
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.CommandTimeout == 0 {
		opts.CommandTimeout = time.Minute
	}
	owner := make(map[string]bool)
	for _, a := range cfg.Owner.Addresses {
		owner[strings.ToLower(a)] = true
	}
	in := &ingester{store: opts.Store, track: opts.Tracker, owner: owner, log: opts.Log, now: opts.Now}
	if opts.Handled != nil {
		in.applied = func(o outcome) { opts.Handled(o.Folder, o.UID, o.ContactID, o.Event) }
	}
	d := &Daemon{opts: opts, in: in}
	dl := &dialer{server: cfg.IMAP.Server, tls: opts.TLS, secret: cfg.IMAP.Secret}
	folders := append([]string{"INBOX"}, cfg.IMAP.Folders...)
	for _, f := range folders {
		d.watchers = append(d.watchers, &watcher{
			folder:   f,
			dial:     dl.dial,
			in:       in,
			log:      opts.Log.With("folder", f),
			poll:     cfg.IMAP.PollInterval.Duration,
			timeout:  opts.CommandTimeout,
			lookback: cfg.IMAP.Lookback.Duration,
			maxBody:  int64(cfg.IMAP.MaxMessageMiB) << 20,
			keyword:  cfg.IMAP.Keyword,
			machine:  cfg.IMAP.MachineFolder,
			healthy:  opts.Healthy,
		})
	}
	return d, nil
}

// Run watches every folder until ctx ends, reconnecting as needed. It
// returns when all watchers have stopped, after ctx is done.
func (d *Daemon) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, w := range d.watchers {
		wg.Go(func() { w.run(ctx) })
	}
	d.opts.Log.Info("watching the mailbox", "folders", len(d.watchers), "host", d.opts.Config.IMAP.Host)
	wg.Wait()
	return nil
}
