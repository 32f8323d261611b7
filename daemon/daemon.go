package daemon

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/inbound"
	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/outbox/digest"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/transport/imapwatch"
	"github.com/rapport-mail/rapport/transport/smtpout"
	"github.com/rapport-mail/rapport/workflow"
)

// Options are what a Daemon needs. Config, Store and Tracker are required.
type Options struct {
	Config  *config.Config
	Store   *store.Store
	Tracker *contacts.Tracker
	Log     *slog.Logger     // nil discards
	Now     func() time.Time // nil for time.Now

	// TLS overrides the TLS settings of the IMAP connection (a private CA
	// in tests); nil verifies the server against the system's roots.
	TLS *tls.Config
	// CommandTimeout bounds each IMAP command, and each step of opening a
	// connection (TLS, greeting and STARTTLS, login), so that a connection
	// that stopped answering is noticed; 0 means one minute.
	CommandTimeout time.Duration
	// Handled, when set, is called after each message's effects are
	// committed (tests and benchmarks wait on it instead of sleeping).
	Handled func(folder string, uid uint32, contactID int64, event string)
	// Healthy, when set, is called each time a folder's session has caught up.
	Healthy func(folder string)

	// Drafter is the tracker's Effects, when it is one: the daemon uses it
	// to ask the owner again about a draft they edited by mail. May be nil.
	Drafter *outbox.Drafter
	// Mailer sends mail; nil builds one from the [smtp] configuration, and
	// without smtp.host rapport sends nothing.
	Mailer Mailer
	// SMTPTLS overrides the TLS settings of the SMTP connection (a private
	// CA in tests); nil verifies the server against the system's roots.
	SMTPTLS *tls.Config
	// Sent, when set, is called after each outgoing message's outcome is
	// committed (sent, retried later, failed, uncertain, cancelled).
	Sent func(o store.Outgoing)
	// TemplateError, when set, says what is wrong with the owner's
	// template edits (nil when nothing is), for the digest's problems.
	TemplateError func() error
	// Digested, when set, is called after each day's digest is
	// committed, with its outbox row (nil for a day skipped as empty).
	Digested func(day string, o *store.Outgoing)
	// Fired, when set, is called after each due timer's outcome is
	// committed: event is "timer_fired", or "" when the timer was dropped
	// or failed.
	Fired func(contactID int64, timer workflow.TimerKind, event string)
}

// Daemon watches the configured folders and sends the outbox.
type Daemon struct {
	opts     Options
	in       *ingester
	watchers []*watcher
	send     *sender // nil when rapport sends nothing
	timers   *timekeeper
	digest   *digester // nil without a Drafter or a recipient
	look     *lookout  // shared by the sender, the timers and the digest

	// outcomes tells a daemon stopping on a refused login when the
	// sender settled its notice to the owner (refused.go).
	outcomes outcomes
	// episode.over: the mailbox took the login in this run, and any
	// refusal recorded before is over (loginWorked).
	episode struct {
		sync.Mutex
		over bool
	}
	// refused is the mailbox's refusal that stops this daemon, once Run
	// decided to stop on it: from then on every dial answers with it
	// instead of trying the password again (the Sent copy of the notice,
	// the other folders' watchers).
	refused atomic.Pointer[imapwatch.LoginRefusedError]
	// loggedIn is closed once the mailbox first took the login: the
	// Sent folder's watcher waits for it (watchsent.go), so that a wrong
	// password is tried once, not once per folder.
	loggedIn  chan struct{}
	loginOnce sync.Once
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
	handler := &inbound.Handler{Track: opts.Tracker, Owner: inbound.OwnerSet(cfg.Owner.Addresses), Log: opts.Log, Now: opts.Now,
		Drafter: opts.Drafter, RequireAuth: cfg.Commands.RequireAuth, AuthServIDs: cfg.Commands.AuthServIDs, Commands: cfg.Commands}
	in := &ingester{store: opts.Store, handler: handler, log: opts.Log, now: opts.Now}
	if opts.Handled != nil {
		in.applied = func(o inbound.Outcome) { opts.Handled(o.Folder, o.UID, o.ContactID, o.Event) }
	}
	d := &Daemon{opts: opts, in: in, look: &lookout{}, loggedIn: make(chan struct{})}
	handler.Kick = d.Kick
	d.timers = &timekeeper{store: opts.Store, track: opts.Tracker, log: opts.Log.With("part", "timers"), now: opts.Now,
		kick: make(chan struct{}, 1), look: d.look, fired: opts.Fired, failed: map[timerKey]time.Time{}, reported: map[timerKey]bool{}}
	if opts.Drafter != nil && cfg.Digest.Enabled && cfg.DigestRecipient() != "" {
		hour, minute := cfg.Digest.At()
		weekday, weekly := cfg.Digest.Weekly()
		d.digest = &digester{weekly: digest.Weekly{Day: weekday, On: weekly}, store: opts.Store, drafter: opts.Drafter, log: opts.Log.With("part", "digest"), now: opts.Now,
			zone: cfg.Location(), hour: hour, min: minute, skipEmpty: cfg.Digest.SkipEmpty, kick: make(chan struct{}, 1), look: d.look,
			written: opts.Digested, templateErr: opts.TemplateError}
	}
	if opts.Drafter != nil {
		// Without a Drafter there is no receipt to answer with, and no
		// request to draft: the owner's mail to rapport is only recorded.
		handler.Control = &contacts.Controller{Config: cfg, Tracker: opts.Tracker, Drafter: opts.Drafter, Kick: d.Kick}
	}
	dl := &imapwatch.Dialer{Server: cfg.IMAP.Server, TLS: opts.TLS, Secret: cfg.IMAP.Secret, Timeout: opts.CommandTimeout}
	dial := func(ctx context.Context, h *imapclient.UnilateralDataHandler) (*imapclient.Client, error) {
		if lr := d.refused.Load(); lr != nil {
			return nil, lr
		}
		c, err := dl.Dial(ctx, h)
		if err == nil {
			d.loginOnce.Do(func() { close(d.loggedIn) })
		}
		return c, err
	}
	folders := watchList(cfg)
	if opts.Mailer != nil || cfg.SMTP.Host != "" {
		window, err := cfg.Workflow.SendWindow.Parse()
		if err != nil {
			return nil, fmt.Errorf("daemon: workflow.send_window: %w", err)
		}
		from := cfg.Sender()
		d.send = &sender{
			store: opts.Store, track: opts.Tracker, mailer: opts.Mailer, from: from.Address, self: selfAddresses(cfg),
			build: func(o *store.Outgoing, date time.Time) ([]byte, []string, error) {
				return outbox.Compose(o, from, date)
			},
			pace: newPacer(window, cfg.Location(), cfg.Workflow.DailyCap, cfg.Workflow.MinGap.Duration),
			box: &imapwatch.Mailbox{Dial: dial, Timeout: opts.CommandTimeout, Folders: folders, Sent: cfg.IMAP.SentFolder,
				Drafts: cfg.IMAP.DraftsFolder},
			save: cfg.IMAP.SaveSent, log: opts.Log.With("part", "sender"), now: opts.Now,
			kick: make(chan struct{}, 1), look: d.look,
			sentHook: func(o store.Outgoing) {
				d.outcomes.settled(o.ID)
				if opts.Sent != nil {
					opts.Sent(o)
				}
			},
		}
	}
	healthy := func(folder string) {
		d.loginWorked()
		if opts.Healthy != nil {
			opts.Healthy(folder)
		}
	}
	base := imapwatch.Options{
		Dial:          dial,
		Sink:          in,
		Log:           opts.Log,
		Now:           opts.Now,
		Poll:          cfg.IMAP.PollInterval.Duration,
		Timeout:       opts.CommandTimeout,
		Lookback:      cfg.IMAP.Lookback.Duration,
		MaxBody:       int64(cfg.IMAP.MaxMessageMiB) << 20,
		HeaderFields:  headerFields,
		Keyword:       cfg.IMAP.Keyword,
		MachineFolder: cfg.IMAP.MachineFolder,
		Healthy:       healthy,
	}
	for _, f := range folders {
		w, err := newWatcher(f, base)
		if err != nil {
			return nil, fmt.Errorf("daemon: watch %s: %w", f, err)
		}
		d.watchers = append(d.watchers, w)
	}
	sent, err := d.watchSent(in, base)
	if err != nil {
		return nil, err
	}
	d.trackLiveness() // for Alive, see alive.go
	// Only the Sent folder's mail to contacts is reported: rapport's own
	// copies and the owner's private mail are nobody's business.
	sent.applied = func(o inbound.Outcome) {
		if o.ContactID != 0 && d.in.applied != nil {
			d.in.applied(o)
		}
	}
	return d, nil
}

// Kick tells the sender that a message may be ready to go, and the
// timers and the digest that one may be due (the clock moved, a contact
// changed). It never blocks. A change another process commits to the
// database kicks them too (see watchStore); they also look on their own,
// every half minute when the database's files cannot be watched.
func (d *Daemon) Kick() {
	select {
	case d.timers.kick <- struct{}{}:
	default:
	}
	if d.digest != nil {
		select {
		case d.digest.kick <- struct{}{}:
		default:
		}
	}
	if d.send == nil {
		return
	}
	select {
	case d.send.kick <- struct{}{}:
	default:
	}
}

// Run watches every folder and sends the outbox until ctx ends,
// reconnecting as needed. It returns nil when all have stopped after ctx
// is done; a *ConfigError at once when the SMTP configuration is
// unusable, and another error when the SMTP password cannot be read.
//
// A refused login stops it early with a *LoginRefusedError, since trying
// the same password again only gets the account locked: the mailbox's
// (see imapwatch.Watcher.Run for when), after the watchers, timers and
// digest have stopped and the owner has been told by mail when the SMTP
// server takes the notice (see tellOwner); or the SMTP server's twice in
// a row.
func (d *Daemon) Run(ctx context.Context) error {
	if d.send != nil && d.send.mailer == nil {
		m, err := d.smtp(ctx)
		if err != nil {
			return err
		}
		d.send.mailer = m
	}
	// The sender runs until the end, to send the notice of a refused
	// login; the rest stops at the refusal.
	runCtx, stopAll := context.WithCancel(ctx)
	defer stopAll()
	workCtx, stopWork := context.WithCancelCause(runCtx)
	defer stopWork(nil)
	if d.send != nil {
		if _, ok := d.send.mailer.(*refusalMailer); !ok {
			d.send.mailer = &refusalMailer{Mailer: d.send.mailer}
		}
		d.send.mailer.(*refusalMailer).refused = func(err error) {
			d.opts.Log.Error("the SMTP server refused the login twice in a row; stopping rather than get the account locked", "error", err)
			stopWork(&LoginRefusedError{SMTP: true, Err: err})
		}
	}
	if err := watchStore(runCtx, d.opts.Store.Path(), d.look, d.Kick); err != nil {
		d.opts.Log.Warn("cannot watch the database for changes made by rapport commands; looking for them periodically instead",
			"db", d.opts.Store.Path(), "every", lookEvery, "err", err)
	}
	var wg sync.WaitGroup
	for _, w := range d.watchers {
		wg.Go(func() {
			if w.afterLogin && !d.waitLogin(workCtx, w) {
				return
			}
			if err := w.w.Run(workCtx); err != nil {
				if lr := mailboxRefusal(err); lr != nil {
					d.refused.CompareAndSwap(nil, lr)
				}
				stopWork(&LoginRefusedError{Err: err})
			}
		})
	}
	sent := make(chan struct{})
	if d.send != nil {
		go func() { d.send.run(runCtx); close(sent) }()
	} else {
		close(sent)
	}
	wg.Go(func() { d.timers.run(workCtx) })
	if d.digest != nil {
		wg.Go(func() { d.digest.run(workCtx) })
	}
	d.opts.Log.Info("watching the mailbox", "folders", len(d.watchers), "host", d.opts.Config.IMAP.Host, "sending", d.send != nil)
	<-workCtx.Done()
	wg.Wait()
	var refused *LoginRefusedError
	if !errors.As(context.Cause(workCtx), &refused) || ctx.Err() != nil {
		refused = nil // stopped from outside
	} else if lr := mailboxRefusal(refused); lr != nil {
		d.tellOwner(runCtx, lr)
	}
	stopAll()
	<-sent
	if refused != nil {
		return refused
	}
	return nil
}

// smtp builds the Mailer of the [smtp] configuration.
func (d *Daemon) smtp(ctx context.Context) (Mailer, error) {
	cfg := d.opts.Config.SMTP
	password := ""
	// A local relay takes mail without a login; with OAuth the sender asks
	// token_command for a fresh token at each connection.
	if cfg.Username != "" && !cfg.OAuth() {
		var err error
		if password, err = cfg.Secret(ctx); err != nil {
			return nil, fmt.Errorf("smtp: password for %s: %w", cfg.Username, err)
		}
	}
	sc := smtpout.FromConfig(cfg, password)
	sc.TLSConfig = d.opts.SMTPTLS
	m, err := smtpout.New(sc)
	if err != nil {
		return nil, &ConfigError{Err: err}
	}
	return m, nil
}

// selfAddresses are the owner's and rapport's addresses, lower-cased.
func selfAddresses(cfg *config.Config) []string {
	var list []string
	for _, a := range append(append(append([]string(nil), cfg.Owner.Addresses...), cfg.Commands.Addresses...), cfg.DigestRecipient()) {
		if a = ascii.Lower(strings.TrimSpace(a)); a != "" && !slices.Contains(list, a) {
			list = append(list, a)
		}
	}
	return list
}
