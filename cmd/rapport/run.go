package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"rapport/config"
	"rapport/daemon"
	"rapport/outbox"
	"rapport/templates"
	"rapport/tracker"
)

// runRun is "rapport run": the daemon, until SIGTERM or SIGINT.
func runRun(ctx context.Context, a *app, args []string) error {
	fs := a.flags("run")
	jsonLogs := fs.Bool("json-logs", false, "log JSON lines instead of text")
	debug := fs.Bool("debug", false, "log each message handled")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	if s.cfg.Path == "" {
		return fmt.Errorf("no configuration file: copy config.example.toml to %s and fill in [owner] and [imap]", config.DefaultPath())
	}
	log := newLogger(a, *jsonLogs, *debug)
	live, err := templates.NewLive(s.cfg.Paths.Templates, log.With("part", "templates"))
	if err != nil {
		return fmt.Errorf("%w (run rapport templates check)", err)
	}
	var d *daemon.Daemon
	drafter := &outbox.Drafter{Config: s.cfg,
		Templates: func() (*templates.Set, error) { return live.Current(), nil },
		Kick:      func() { d.Kick() }}
	track := tracker.New(s.cfg.Policy(), drafter)
	d, err = daemon.New(daemon.Options{Config: s.cfg, Store: s.store, Tracker: track, Drafter: drafter, Log: log,
		TemplateError: live.LastError})
	if err != nil {
		return err
	}
	log.Info("rapport started", "version", versionString(), "config", s.cfg.Path, "database", s.store.Path())
	go live.Watch(ctx)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				log.Info("SIGHUP: reloading the templates")
				live.Reload() // logs what is wrong and keeps the last good set
			}
		}
	}()
	err = d.Run(ctx)
	log.Info("rapport stopped")
	return err
}

// newLogger logs to standard error: text without timestamps under
// journald (which adds its own), JSON on request.
func newLogger(a *app, jsonLogs, debug bool) *slog.Logger {
	level := slog.LevelInfo
	if debug {
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	if os.Getenv("JOURNAL_STREAM") != "" {
		opts.ReplaceAttr = func(groups []string, attr slog.Attr) slog.Attr {
			if len(groups) == 0 && attr.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return attr
		}
	}
	if jsonLogs {
		return slog.New(slog.NewJSONHandler(a.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(a.stderr, opts))
}
