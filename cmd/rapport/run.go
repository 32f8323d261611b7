package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"rapport/config"
	"rapport/templates"
)

// runRun is "rapport run": the daemon, until SIGTERM or SIGINT. Under
// systemd it speaks sd_notify (see run_daemon.go): READY once INBOX is
// caught up, STATUS, WATCHDOG while it works, RELOADING on SIGHUP and
// STOPPING on the way out.
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
	r := newRunner(a, log, s.store)
	return r.run(ctx, s.cfg, live)
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
