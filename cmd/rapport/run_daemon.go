package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"rapport/config"
	"rapport/daemon"
	"rapport/internal/sdnotify"
	"rapport/outbox"
	"rapport/store"
	"rapport/templates"
	"rapport/tracker"
	"rapport/workflow"
)

// stopGrace bounds a shutdown: after SIGTERM the daemon has this long to
// finish the work in hand before "rapport run" returns anyway. It stays
// under the unit's TimeoutStopSec (15 s) and the 10 s we promise.
const stopGrace = 9 * time.Second

// errStopTimeout is the daemon not stopping within stopGrace.
var errStopTimeout = fmt.Errorf("the daemon did not stop within %s", stopGrace)

// runner is "rapport run" once the database is open: it runs one daemon
// generation per configuration in use, replaces it when SIGHUP brings a
// good new configuration, and keeps systemd informed. Its fields belong to
// the goroutine of run unless they say otherwise.
type runner struct {
	a     *app
	log   *slog.Logger
	store *store.Store

	watched   *templates.Live    // the Live whose directory is followed
	stopWatch context.CancelFunc // stops following it

	// Shared with the supervise goroutine and the daemon's callbacks.
	current atomic.Pointer[daemon.Daemon] // the generation running now
	ready   atomic.Bool                   // READY=1 sent
	inboxUp atomic.Bool                   // INBOX caught up once
	handled atomic.Int64                  // messages handled, for the start-up status
	active  chan struct{}                 // the daemon did something (capacity 1)
	kick    chan struct{}                 // a folder caught up (capacity 1)

	status string // the STATUS= last sent
}

// statusEvery is how often the status line is worked out again when the
// daemon did nothing meanwhile; statusAfter is how long after the daemon
// did something (a burst of it, at most once per statusAfter).
const (
	statusEvery = 15 * time.Minute
	statusAfter = time.Minute
)

// didSomething tells the status line that the daemon changed something. It
// never blocks.
func (r *runner) didSomething() {
	select {
	case r.active <- struct{}{}:
	default:
	}
}

func newRunner(a *app, log *slog.Logger, st *store.Store) *runner {
	return &runner{a: a, log: log, store: st, kick: make(chan struct{}, 1), active: make(chan struct{}, 1)}
}

// generation is one Daemon and the configuration and templates it runs with.
type generation struct {
	cfg  *config.Config
	live *templates.Live
	d    *daemon.Daemon

	cancel context.CancelFunc
	done   chan struct{} // closed when Run has returned, err set
	err    error

	// prev is the generation a reload replaced, to go back to if this one
	// cannot run (Run fails at once when the SMTP password cannot be
	// read); nil for the first.
	prev *generation
}

// build makes a generation for cfg and live without starting it. Like
// daemon.New it does no I/O, so a reload can refuse a configuration the
// daemon would refuse before stopping the running one.
func (r *runner) build(cfg *config.Config, live *templates.Live) (*generation, error) {
	var d *daemon.Daemon
	drafter := &outbox.Drafter{Config: cfg, Now: r.a.now,
		Templates: func() (*templates.Set, error) { return live.Current(), nil },
		Kick:      func() { d.Kick() }}
	track := tracker.New(cfg.Policy(), drafter)
	d, err := daemon.New(daemon.Options{Config: cfg, Store: r.store, Tracker: track, Drafter: drafter, Log: r.log, Now: r.a.now,
		TemplateError: live.LastError,
		Healthy: func(folder string) {
			if folder == "INBOX" {
				r.inboxUp.Store(true)
			}
			select {
			case r.kick <- struct{}{}:
			default:
			}
		},
		Handled: func(string, uint32, int64, string) { r.handled.Add(1); r.didSomething() },
		Sent:    func(store.Outgoing) { r.didSomething() },
		Fired:   func(int64, workflow.TimerKind, string) { r.didSomething() },
	})
	if err != nil {
		return nil, err
	}
	return &generation{cfg: cfg, live: live, d: d, done: make(chan struct{})}, nil
}

// start runs g's daemon until ctx ends or g is stopped, and makes it the
// one the watchdog looks at; its templates are the ones followed.
func (r *runner) start(ctx context.Context, g *generation) {
	r.follow(ctx, g.live)
	runCtx, cancel := context.WithCancel(ctx)
	g.cancel = cancel
	r.current.Store(g.d)
	kickOften(runCtx, g.d.Kick)
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
func (r *runner) follow(ctx context.Context, live *templates.Live) {
	if r.watched == live {
		return
	}
	if r.stopWatch != nil {
		r.stopWatch()
	}
	wctx, stop := context.WithCancel(ctx)
	r.watched, r.stopWatch = live, stop
	go func() {
		if err := live.Watch(wctx); err != nil {
			r.log.Warn("template changes are not followed; send SIGHUP after editing them", "error", err)
		}
	}()
}

// run runs the daemon with cfg and live until ctx ends (SIGTERM, SIGINT),
// reloading on SIGHUP. It returns nil after a clean stop.
func (r *runner) run(ctx context.Context, cfg *config.Config, live *templates.Live) error {
	ctx, cancel := context.WithCancel(ctx) // ends supervise and the template watch however run returns
	defer cancel()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	g, err := r.build(cfg, live)
	if err != nil {
		return err
	}
	r.log.Info("rapport started", "version", versionString(), "config", cfg.Path, "database", r.store.Path())
	r.notify(sdnotify.Status("starting: catching up with the mailbox"))
	r.start(ctx, g)
	go r.supervise(ctx)

	// The status's counts cost disk reads on a large database: worked out
	// again statusAfter after the daemon did something, and otherwise
	// every statusEvery (for changes made by commands, and the next
	// digest's day). An idle daemon is not woken for it in between.
	status := time.NewTimer(statusEvery)
	defer status.Stop()
	soon := false // status is set for statusAfter
	for {
		select {
		case <-ctx.Done():
			return r.shutdown(g)
		case <-g.done:
			if ctx.Err() != nil {
				return r.shutdown(g)
			}
			if g.prev == nil {
				if g.err == nil {
					g.err = errors.New("the daemon stopped on its own")
				}
				return g.err
			}
			r.log.Error("the reloaded configuration cannot run; going back to the previous one", "error", g.err)
			if g, err = r.build(g.prev.cfg, g.prev.live); err != nil {
				return err
			}
			r.start(ctx, g)
		case <-r.kick:
			if !r.ready.Load() && r.inboxUp.Load() {
				r.status = r.statusLine(ctx, g.cfg)
				r.notify(sdnotify.Ready(r.status))
				r.ready.Store(true)
				r.log.Info("ready: INBOX is caught up", "status", r.status)
				continue
			}
			r.updateStatus(ctx, g.cfg)
		case <-r.active:
			if !soon {
				status.Reset(statusAfter)
				soon = true
			}
		case <-status.C:
			r.updateStatus(ctx, g.cfg)
			status.Reset(statusEvery)
			soon = false
		case <-hup:
			g, err = r.reload(ctx, g)
			if err != nil {
				return err
			}
		}
	}
}

// shutdown is SIGTERM: tell systemd, stop taking new mail, give the work
// in hand stopGrace to finish, and return anyway after that.
func (r *runner) shutdown(g *generation) error {
	r.notify(sdnotify.Stopping())
	r.log.Info("stopping: finishing the work in hand", "grace", stopGrace)
	start := time.Now()
	if err := g.stop(stopGrace); err != nil {
		if errors.Is(err, errStopTimeout) {
			r.log.Error("exiting without waiting any longer: the daemon did not stop in time; interrupted work is done again at the next start", "grace", stopGrace)
		}
		return err
	}
	r.log.Info("rapport stopped", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// notify logs an sd_notify failure: systemd gone is worth a line, not a
// stop.
func (r *runner) notify(err error) {
	if err != nil {
		r.log.Warn("cannot notify systemd", "error", err)
	}
}
