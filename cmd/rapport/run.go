package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"rapport/config"
	"rapport/daemon"
	"rapport/internal/buildinfo"

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
