package daemon

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

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/sdnotify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
)

// ServiceOptions are what Serve needs. Config, Store and Log are required.
type ServiceOptions struct {
	// Config is the loaded and validated configuration; its Path is the
	// file SIGHUP reads again, and its Paths.Database the database in use
	// for the whole run.
	Config *config.Config
	// Store is the open database; Serve does not close it.
	Store *store.Store
	// Log receives the service's lines, and each generation's daemon's.
	Log *slog.Logger
	// Now is the clock of every generation; nil for time.Now.
	Now func() time.Time
	// Version is logged at start.
	Version string
	// DatabaseFixed says the database was chosen apart from the
	// configuration file (a command-line flag), so a reload that changes
	// paths.database is not worth a warning.
	DatabaseFixed bool
	// Wake, when set, is called with each generation's run context and its
	// daemon's Kick, as the generation starts; a fast test clock uses it
	// to wake the daemon's sleepers. It must not block.
	Wake func(ctx context.Context, kick func())
}

// stopGrace bounds a shutdown: after SIGTERM the daemon has this long to
// finish the work in hand before Serve returns anyway. It stays under the
// unit's TimeoutStopSec (15 s) and the 10 s we promise.
const stopGrace = 9 * time.Second

// errStopTimeout is the daemon not stopping within stopGrace.
var errStopTimeout = fmt.Errorf("the daemon did not stop within %s", stopGrace)

// statusEvery is how often the status line is worked out again when the
// daemon did nothing meanwhile; statusAfter is how long after the daemon
// did something (a burst of it, at most once per statusAfter).
const (
	statusEvery = 15 * time.Minute
	statusAfter = time.Minute
)

// Serve runs the service until ctx ends (SIGTERM, SIGINT): one Daemon per
// configuration in use (a generation), replaced when SIGHUP brings a good
// new configuration and put back when the new one cannot run. Under
// systemd it speaks sd_notify: STATUS while it starts, READY once INBOX is
// caught up, WATCHDOG while it works, RELOADING on SIGHUP and STOPPING on
// the way out. It blocks, and returns nil after a clean stop. It returns
// a *ConfigError when the configuration cannot run (see ExitConfig): its
// templates are broken at start, the daemon refuses it, or a reload went
// wrong and the previous configuration could not be put back; a
// *LoginRefusedError when a mail server refused the login (see
// Daemon.Run), whichever configuration runs, since the file to fix is the
// one on disk; and another error when the daemon stops on its own or
// does not stop within the grace period. ExitStatus maps them to exit
// statuses.
func Serve(ctx context.Context, opts ServiceOptions) error {
	if opts.Config == nil || opts.Store == nil || opts.Log == nil {
		return errors.New("daemon: Serve needs a Config, a Store and a Log")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	live, err := templates.NewLive(opts.Config.Paths.Templates, opts.Log.With("part", "templates"))
	if err != nil {
		return &ConfigError{Err: fmt.Errorf("%w (run rapport templates check)", err)}
	}
	return newService(opts).run(ctx, opts.Config, live)
}

// service is Serve once the templates are loaded. Its fields belong to the
// goroutine of run unless they say otherwise.
type service struct {
	opts  ServiceOptions
	log   *slog.Logger
	store *store.Store

	watched   *templates.Live    // the Live whose directory is followed
	stopWatch context.CancelFunc // stops following it

	// Shared with the supervise goroutine and the daemon's callbacks.
	current atomic.Pointer[Daemon] // the generation running now
	ready   atomic.Bool            // READY=1 sent
	inboxUp atomic.Bool            // INBOX caught up once
	handled atomic.Int64           // messages handled, for the start-up status
	active  chan struct{}          // the daemon did something (capacity 1)
	kick    chan struct{}          // a folder caught up (capacity 1)

	status string // the STATUS= last sent
}

func newService(opts ServiceOptions) *service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &service{opts: opts, log: opts.Log, store: opts.Store,
		kick: make(chan struct{}, 1), active: make(chan struct{}, 1)}
}

// didSomething tells the status line that the daemon changed something. It
// never blocks.
func (sv *service) didSomething() {
	select {
	case sv.active <- struct{}{}:
	default:
	}
}

// run runs the daemon with cfg and live until ctx ends, reloading on
// SIGHUP. It returns nil after a clean stop.
func (sv *service) run(ctx context.Context, cfg *config.Config, live *templates.Live) error {
	ctx, cancel := context.WithCancel(ctx) // ends supervise and the template watch however run returns
	defer cancel()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	g, err := sv.build(cfg, live)
	if err != nil {
		return &ConfigError{Err: err}
	}
	sv.log.Info("rapport started", "version", sv.opts.Version, "config", cfg.Path, "database", sv.store.Path())
	sv.notify(sdnotify.Status("starting: catching up with the mailbox"))
	sv.start(ctx, g)
	go sv.supervise(ctx)

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
			return sv.shutdown(g)
		case <-g.done:
			if ctx.Err() != nil {
				return sv.shutdown(g)
			}
			var refused *LoginRefusedError
			if !errors.As(g.err, &refused) {
				refused = nil
			}
			if g.prev == nil || refused != nil {
				if g.err == nil {
					g.err = errors.New("the daemon stopped on its own")
				}
				if g.rollback && refused == nil {
					g.err = &ConfigError{Err: fmt.Errorf("the previous configuration, put back after a reload, cannot run either: %w", g.err)}
				}
				sv.log.Error("rapport stops", "error", g.err, "exit_status", ExitStatus(g.err))
				return g.err
			}
			sv.log.Error("the reloaded configuration cannot run; going back to the previous one", "error", g.err)
			if g, err = sv.build(g.prev.cfg, g.prev.live); err != nil {
				return &ConfigError{Err: fmt.Errorf("the previous configuration cannot be put back either: %w", err)}
			}
			g.rollback = true
			sv.start(ctx, g)
		case <-sv.kick:
			if !sv.ready.Load() && sv.inboxUp.Load() {
				sv.status = sv.statusLine(ctx, g.cfg)
				sv.notify(sdnotify.Ready(sv.status))
				sv.ready.Store(true)
				sv.log.Info("ready: INBOX is caught up", "status", sv.status)
				continue
			}
			sv.updateStatus(ctx, g.cfg)
		case <-sv.active:
			if !soon {
				status.Reset(statusAfter)
				soon = true
			}
		case <-status.C:
			sv.updateStatus(ctx, g.cfg)
			status.Reset(statusEvery)
			soon = false
		case <-hup:
			g, err = sv.reload(ctx, g)
			if err != nil {
				return err
			}
		}
	}
}

// shutdown is SIGTERM: tell systemd, stop taking new mail, give the work
// in hand stopGrace to finish, and return anyway after that.
func (sv *service) shutdown(g *generation) error {
	sv.notify(sdnotify.Stopping())
	sv.log.Info("stopping: finishing the work in hand", "grace", stopGrace)
	start := time.Now()
	if err := g.stop(stopGrace); err != nil {
		if errors.Is(err, errStopTimeout) {
			sv.log.Error("exiting without waiting any longer: the daemon did not stop in time; interrupted work is done again at the next start", "grace", stopGrace)
		}
		return err
	}
	sv.log.Info("rapport stopped", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// notify logs an sd_notify failure: systemd gone is worth a line, not a
// stop.
func (sv *service) notify(err error) {
	if err != nil {
		sv.log.Warn("cannot notify systemd", "error", err)
	}
}
