package daemon

import (
	"context"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// generation is one Daemon and the configuration and templates it runs with.
type generation struct {
	cfg  *config.Config
	live *templates.Live
	d    *Daemon

	cancel context.CancelFunc
	done   chan struct{} // closed when Run has returned, err set
	err    error

	// prev is the generation a reload replaced, to go back to if this one
	// cannot run (Run fails at once when the SMTP password cannot be
	// read); nil for the first.
	prev *generation
	// rollback: this generation puts back the previous configuration
	// after a reload whose configuration could not run.
	rollback bool
}

// build makes a generation for cfg and live without starting it. Like New
// it does no I/O, so a reload can refuse a configuration the daemon would
// refuse before stopping the running one.
func (sv *service) build(cfg *config.Config, live *templates.Live) (*generation, error) {
	var d *Daemon
	drafter := &outbox.Drafter{Config: cfg, Now: sv.opts.Now,
		Templates: func() (*templates.Set, error) { return live.Current(), nil },
		Kick:      func() { d.Kick() }}
	track := contacts.New(cfg.Policy(), drafter)
	d, err := New(Options{Config: cfg, Store: sv.store, Tracker: track, Drafter: drafter, Log: sv.log, Now: sv.opts.Now,
		TemplateError: live.LastError,
		Healthy: func(folder string) {
			if folder == "INBOX" {
				sv.inboxUp.Store(true)
			}
			select {
			case sv.kick <- struct{}{}:
			default:
			}
		},
		Handled: func(string, uint32, int64, string) { sv.handled.Add(1); sv.didSomething() },
		Sent:    func(store.Outgoing) { sv.didSomething() },
		Fired:   func(int64, workflow.TimerKind, string) { sv.didSomething() },
	})
	if err != nil {
		return nil, err
	}
	return &generation{cfg: cfg, live: live, d: d, done: make(chan struct{})}, nil
}

// start runs g's daemon until ctx ends or g is stopped, and makes it the
// one the watchdog looks at; its templates are the ones followed.
func (sv *service) start(ctx context.Context, g *generation) {
	sv.follow(ctx, g.live)
	runCtx, cancel := context.WithCancel(ctx)
	g.cancel = cancel
	sv.current.Store(g.d)
	if sv.opts.Wake != nil {
		sv.opts.Wake(runCtx, g.d.Kick)
	}
	go func() {
		g.err = g.d.Run(runCtx)
		close(g.done)
	}()
}

// stop cancels g and waits for its daemon to return, at most grace.
func (g *generation) stop(grace time.Duration) error {
	g.cancel()
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-g.done:
		return g.err
	case <-t.C:
		return errStopTimeout
	}
}

// follow reloads live's templates when their files change, instead of
// those followed so far.
func (sv *service) follow(ctx context.Context, live *templates.Live) {
	if sv.watched == live {
		return
	}
	if sv.stopWatch != nil {
		sv.stopWatch()
	}
	wctx, stop := context.WithCancel(ctx)
	sv.watched, sv.stopWatch = live, stop
	go func() {
		if err := live.Watch(wctx); err != nil {
			sv.log.Warn("template changes are not followed; send SIGHUP after editing them", "error", err)
		}
	}()
}
