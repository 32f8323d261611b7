package daemon

import (
	"context"
	"errors"
	"reflect"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/sdnotify"
	"github.com/rapport-mail/rapport/templates"
)

// reload is SIGHUP: read the configuration file and the templates again,
// and run the daemon with them when they are good and differ from those in
// use. A broken configuration keeps the one in use, a broken template the
// last good set; each problem is logged with its file and line. The daemon
// is replaced only when the configuration changed (or names another
// template directory); template edits alone take effect without it. The
// error is for a daemon that would not stop to be replaced, which ends
// rapport.
func (sv *service) reload(ctx context.Context, g *generation) (*generation, error) {
	sv.notify(sdnotify.Reloading())
	sv.log.Info("SIGHUP: reloading the configuration and the templates", "config", g.cfg.Path)
	const kept = "broken; kept the previous ones"
	configState, templatesState := "unchanged", "reloaded"

	cfg, err := sv.loadConfig(g.cfg)
	if err != nil {
		sv.logConfigProblems(g.cfg.Path, err)
		configState, cfg = "broken; kept the previous one", nil
	}
	live := g.live
	if cfg != nil && cfg.Paths.Templates != g.live.Dir() {
		// Another directory: the configuration and its templates come
		// together or not at all.
		nl, err := templates.NewLive(cfg.Paths.Templates, sv.log.With("part", "templates"))
		if err != nil {
			sv.log.Error("the new template directory is broken; keeping the previous configuration and templates",
				"dir", cfg.Paths.Templates, "error", err)
			configState, templatesState, cfg = "kept the previous one: its templates are broken", kept, nil
		} else {
			live, templatesState = nl, "loaded from "+nl.Dir()
		}
	} else if err := g.live.Reload(); err != nil { // it logs each problem
		templatesState = kept
	}

	next := g
	if cfg != nil && (live != g.live || !sameConfig(cfg, g.cfg)) {
		ng, err := sv.build(cfg, live)
		if err != nil {
			sv.log.Error("the new configuration cannot run; keeping the previous one", "error", err)
			configState = "cannot run; kept the previous one"
		} else {
			sv.log.Info("restarting the daemon with the new configuration")
			if err := g.stop(stopGrace); errors.Is(err, errStopTimeout) {
				sv.log.Error("the daemon did not stop for the reload; exiting so that it starts afresh", "grace", stopGrace)
				return g, err
			}
			ng.prev, g.prev = g, nil // one step back is enough, and keeps no chain
			sv.start(ctx, ng)
			next, configState = ng, "applied"
		}
	}
	if (configState == "unchanged" || configState == "applied") && templatesState != kept {
		sv.log.Info("reload done", "config", configState, "templates", templatesState)
	} else {
		sv.log.Warn("reload done", "config", configState, "templates", templatesState)
	}
	if sv.ready.Load() {
		sv.status = sv.statusLine(ctx, next.cfg)
		sv.notify(sdnotify.Ready(sv.status))
	} // else READY=1 comes when INBOX is caught up, as at any start
	return next, nil
}

// loadConfig reads and validates the configuration file cur came from. The
// database stays cur's: the daemon cannot move to another while it runs.
func (sv *service) loadConfig(cur *config.Config) (*config.Config, error) {
	cfg, err := config.Load(cur.Path)
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if !sv.opts.DatabaseFixed && cfg.Paths.Database != cur.Paths.Database {
		sv.log.Warn("paths.database changed; restart rapport to use the new database",
			"in_use", cur.Paths.Database, "configured", cfg.Paths.Database)
	}
	cfg.Paths.Database = cur.Paths.Database
	return cfg, nil
}

// logConfigProblems logs each problem of a configuration that did not
// load or validate, as FILE:LINE: KEY: MESSAGE (HINT), then the verdict.
func (sv *service) logConfigProblems(path string, err error) {
	var lines []string
	var problems config.Problems
	var joined interface{ Unwrap() []error }
	switch {
	case errors.As(err, &problems):
		for _, p := range problems {
			lines = append(lines, p.String())
		}
	case errors.As(err, &joined): // Load: one "FILE:LINE:COL: message" each
		for _, e := range joined.Unwrap() {
			lines = append(lines, e.Error())
		}
	default:
		lines = append(lines, err.Error())
	}
	for _, l := range lines {
		sv.log.Error("config problem", "problem", l)
	}
	sv.log.Error("the new configuration is broken; keeping the previous one (run rapport config check)",
		"file", path, "problems", len(lines))
}

// sameConfig reports whether a and b configure the same: every exported
// field equal, whatever the file's comments and layout.
func sameConfig(a, b *config.Config) bool {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := range va.NumField() {
		if va.Type().Field(i).IsExported() && !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			return false
		}
	}
	return true
}
