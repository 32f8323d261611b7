package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"rapport/config"
	"rapport/contacts"
	"rapport/outbox"
	"rapport/store"
	"rapport/templates"
)

// command is one subcommand: run gets the arguments after its name.
type command struct {
	name    string
	args    string // the synopsis after the name
	summary string
	run     func(ctx context.Context, a *app, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"add", "--name N --email E [--company C] [--role R] [--field F] [--source S] [--introduced-by WHO] [--tz ZONE] [--tag T]... [--note T]", "add a contact", runAdd},
		{"import", "FILE.csv [--dry-run] [--skip-bad] [--verbose]", "import contacts from a CSV file or LinkedIn's Connections.csv", runImport},
		{"list", "[--status S] [--stage S] [--tag T] [--json]", "list contacts", runList},
		{"show", "ID|EMAIL|NAME [--json]", "show a contact and their timeline", runShow},
		{"mark", "ID met|scheduled TIME [ZONE]|drop|pause [--until DATE]|resume|declined", "record what happened", runMark},
		{"note", "ID TEXT...", "add a note to a contact", runNote},
		{"draft", "WHO...", "write the request to each contact into the outbox", runDraft},
		{"outbox", "list [--status S[,S]] [--all] [--json] | show ID [--raw] [--json] | approve ID... | edit ID [--subject S] [--body-file FILE|-] | skip ID... | resend ID | sent ID", "list, approve, edit and skip outgoing mail", runOutbox},
		{"digest", "--preview [--html FILE]", "show today's digest without sending it", runDigest},
		{"problems", "[--days N] [--json]", "list what rapport read and did not act on, and why", runProblems},
		{"export", "[--format csv|json] [--output FILE]", "export every contact", runExport},
		{"run", "[--json-logs] [--debug]", "run the daemon: watch the mailbox", runRun},
		{"inspect", "[--json] FILE.eml...", "show what rapport understands of raw messages", runInspect},
		{"config", "check [FILE]", "check a configuration file", runConfig},
		{"doctor", "[--send-test ADDRESS]", "check the configuration, database and mail accounts", runDoctor},
		{"backup", "FILE", "copy the database safely, even while rapport runs", runBackup},
		{"templates", "init DIR [--force] | check [--dir DIR] | preview NAME [--contact WHO] [--dir DIR]", "set up, check and preview the message templates", runTemplates},
		{"demo", "[--keep]", "play a short story on a throwaway database", runDemo},
		{"version", "", "print the version", runVersion},
		{"help", "[COMMAND]", "show help", runHelp},
	}
}

// app is what every command shares. Tests build one with their own
// streams and clock.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	configPath     string // --config; "" for the default location
	dbPath         string // --db; "" for the configured database
}

// usageError is a mistake in the command line: exit status 2 and a hint.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// run executes one command line and returns the exit status: 0 on
// success, 1 when the command failed, 2 for a usage mistake.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, now: clockNow}
	return a.main(ctx, args)
}

func (a *app) main(ctx context.Context, args []string) int {
	if len(args) == 0 {
		a.usage(a.stderr)
		return 2
	}
	name, rest := args[0], args[1:]
	if name == "-h" || name == "--help" {
		name = "help"
	}
	if name == "--version" {
		name = "version"
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		err := c.run(ctx, a, rest)
		var ue *usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(a.stderr, "rapport %s: %v\nusage: rapport %s %s\n", c.name, err, c.name, c.args)
			return 2
		default:
			fmt.Fprintf(a.stderr, "rapport %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(a.stderr, "rapport: unknown command %q (run rapport help)\n", name)
	return 2
}

func (a *app) usage(w io.Writer) {
	fmt.Fprintf(w, "rapport tracks informational-interview outreach.\n\nUsage:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  rapport %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nEvery command takes --config FILE and --db FILE. Run rapport help COMMAND for its options.\n")
}

// flags returns a FlagSet for a command with the --config flag every
// command takes.
func (a *app) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse errors are reported through usageError
	fs.StringVar(&a.configPath, "config", a.configPath, "configuration `FILE`")
	fs.StringVar(&a.dbPath, "db", a.dbPath, "use this database `FILE` instead of the configured one")
	return fs
}

// parse parses args allowing flags after positional arguments
// ("show 3 --json"), and returns the positional ones. "--" ends flags.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
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
