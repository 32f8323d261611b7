package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/daemon"
	"github.com/rapport-mail/rapport/internal/buildinfo"
	"github.com/rapport-mail/rapport/internal/journal"

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
	// A configuration that does not load exits with its own status, which
	// the systemd units do not restart (daemon.ExitConfig).
	if _, err := a.config(); err != nil {
		return &daemon.ConfigError{Err: err}
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	if s.cfg.Path == "" {
		return &daemon.ConfigError{Err: fmt.Errorf("no configuration file: copy config.example.toml to %s and fill in [owner] and [imap]", config.DefaultPath())}
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

// exitStatus is the exit status of a command that failed with err: those
// daemon.ExitStatus names for "rapport run" (a refused login, a broken
// configuration), else 1.
func exitStatus(err error) int { return daemon.ExitStatus(err) }
