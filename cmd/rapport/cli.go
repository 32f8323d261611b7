package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/internal/journal"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"

	"github.com/spf13/cobra"
)

// app is what every command shares. Tests build one with their own
// streams and clock.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	configPath     string         // --config, else $RAPPORT_CONFIG; "" for the default location
	dbPath         string         // --db, else $RAPPORT_DB; "" for the configured database
	create         bool           // --create: an explicit dbPath may be a new database
	tree           *cobra.Command // the command tree of this run (root)
}

// usageError is a mistake in the command line: exit status 2 and a hint.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// run executes one command line and returns the exit status: 0 on
// success, 1 when the command failed (or the status exitStatus gives its
// error), 2 for a usage mistake.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, now: clockNow}
	return a.main(ctx, args)
}

func (a *app) main(ctx context.Context, args []string) int {
	root := a.root()
	args = a.normalize(root, args)
	if cmd, err := dispatch(root, args); err != nil {
		return a.exit(cmd, err)
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	return a.exit(cmd, err)
}

// exit reports err, the outcome of cmd, and returns the exit status.
func (a *app) exit(cmd *cobra.Command, err error) int {
	var ue *usageError
	var se *silentExit
	name := "rapport"
	if cmd != nil && cmd.HasParent() {
		name = cmd.CommandPath()
	}
	switch {
	case err == nil:
		return 0
	case errors.As(err, &se):
		return se.code
	case errors.As(err, &ue):
		fmt.Fprintf(a.stderr, "%s: %v\n", name, err)
		if cmd != nil && cmd.HasParent() {
			fmt.Fprintf(a.stderr, "usage: %s\n", cmd.UseLine())
		}
		return 2
	default:
		journal.PrintError(a.stderr, fmt.Sprintf("%s: %v", name, err))
		return exitStatus(err)
	}
}

// silentExit ends a command with its exit status once it has said why.
type silentExit struct{ code int }

func (e *silentExit) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Environment variables that stand for --config and --db; a flag wins.
const (
	envConfig = "RAPPORT_CONFIG"
	envDB     = "RAPPORT_DB"
)

// fromEnv fills what --config and --db left unset from the environment.
func (a *app) fromEnv() {
	if a.configPath == "" {
		a.configPath = os.Getenv(envConfig)
	}
	if a.dbPath == "" {
		a.dbPath = os.Getenv(envDB)
	}
}

// checkDatabase refuses a database given explicitly (--db or RAPPORT_DB)
// that does not exist, unless --create: a mistyped path must not start a
// new, empty database in silence. The configured or default database is
// created on first use.
func (a *app) checkDatabase(path string) error {
	if a.create {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no database at %s: check the path, or add --create to start a new one", path)
	}
	return nil
}

// config loads the configuration: the --config file, else the default
// file if there is one, else the built-in defaults (the CLI works without
// any file). A file that does not validate is refused with every problem.
func (a *app) config() (*config.Config, error) {
	cfg, err := config.LoadDefault(a.configPath)
	if err != nil {
		return nil, err
	}
	if cfg.Path != "" {
		if err := cfg.Validate(); err != nil {
			return nil, fmt.Errorf("%w\n(run rapport config check %s after fixing it)", err, cfg.Path)
		}
	}
	return cfg, nil
}

// session is an open configuration, database and tracker for one command.
type session struct {
	cfg   *config.Config
	store *store.Store
	track *contacts.Tracker
	zone  *time.Location
	// templates loads the templates on first use (see open).
	templates func() (*templates.Set, error)
}

// open loads the configuration and opens the database. Close the
// session's store when done.
func (a *app) open(ctx context.Context) (*session, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	if a.dbPath != "" {
		if err := a.checkDatabase(a.dbPath); err != nil {
			return nil, err
		}
		cfg.Paths.Database = a.dbPath
	}
	st, err := store.Open(ctx, cfg.Paths.Database)
	if err != nil {
		return nil, err
	}
	zone := cfg.Location()
	// Templates load only when a command drafts something, so that a
	// broken override stops drafting but not "list" or "show".
	var (
		once sync.Once
		set  *templates.Set
		tErr error
	)
	drafter := &outbox.Drafter{Config: cfg, Now: a.now, Templates: func() (*templates.Set, error) {
		once.Do(func() { set, tErr = templates.Load(cfg.Paths.Templates) })
		if tErr != nil {
			return nil, fmt.Errorf("%w (run rapport templates check)", tErr)
		}
		return set, nil
	}}
	return &session{cfg: cfg, store: st, track: contacts.New(cfg.Policy(), drafter), zone: zone, templates: drafter.Templates}, nil
}

// resolve finds exactly one contact from what the user typed
// (contacts.Find), or says why not, listing the contacts it could be.
func resolve(ctx context.Context, tx *store.Tx, who string) (*store.Contact, error) {
	c, err := contacts.Find(ctx, tx, who)
	var fe *contacts.FindError
	if !errors.As(err, &fe) {
		return c, err
	}
	if len(fe.Matches) < 2 {
		return nil, fmt.Errorf("no contact matches %q (see rapport list)", fe.Query)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s; use the #id:", fe)
	for i, c := range fe.Matches {
		if i == 8 {
			fmt.Fprintf(&b, "\n  … and %d more", len(fe.Matches)-i)
			break
		}
		fmt.Fprintf(&b, "\n  #%d %s", c.ID, nameAndEmail(&c))
	}
	return nil, errors.New(b.String())
}
