package main

import (
	"context"
	"fmt"
	"log/slog"

	"rapport/config"
	"rapport/daemon"
	"rapport/internal/buildinfo"
	"rapport/internal/journal"

	"github.com/spf13/pflag"
)

type runFlags struct{ jsonLogs, debug bool }

func (f *runFlags) bind(fs *pflag.FlagSet) {
	fs.BoolVar(&f.jsonLogs, "json-logs", false, "log JSON lines instead of text")
	fs.BoolVar(&f.debug, "debug", false, "log each message handled")
}

// runRun is "rapport run": the service (daemon.Serve), until SIGTERM or
// SIGINT, reloading on SIGHUP and speaking sd_notify under systemd.
func runRun(ctx context.Context, a *app, f *runFlags, rest []string) error {
	jsonLogs, debug := &f.jsonLogs, &f.debug
	if len(rest) > 0 {
		return usagef("run takes no argument %q", rest[0])
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	if s.cfg.Path == "" {
		return fmt.Errorf("no configuration file: copy config.example.toml to %s and fill in [owner] and [imap]", config.DefaultPath())
	}
	return daemon.Serve(ctx, daemon.ServiceOptions{
		Config:        s.cfg,
		Store:         s.store,
		Log:           newLogger(a, *jsonLogs, *debug),
		Now:           a.now,
		Version:       buildinfo.Version(version),
		DatabaseFixed: a.dbPath != "",
		Wake:          kickOften,
	})
}

// newLogger logs to standard error: text, or JSON on request; under
// journald each line carries its priority and no timestamp (see
// internal/journal).
func newLogger(a *app, jsonLogs, debug bool) *slog.Logger {
	level := slog.LevelInfo
	if debug {
		level = slog.LevelDebug
	}
	return journal.New(a.stderr, journal.Options{JSON: jsonLogs, Level: level})
}
