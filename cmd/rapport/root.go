package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/rapport-mail/rapport/internal/typo"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// spec describes one command: its help as data (use, short, long,
// example), its flags and what it runs (setup), how its arguments and
// flag values complete, and its subcommands. The table is commands.go.
type spec struct {
	use     string // the name, then the synopsis of its arguments and flags
	short   string // one line for the command list
	long    string // what it does, for its help and man page
	example string // command lines, one per line, with a comment after #
	hidden  bool
	setup   setupFunc
	args    completer            // completes its arguments; nil: nothing
	flags   map[string]completer // completes the value of each named flag
	sub     []spec
}

// runFunc runs a command with its arguments, its flags parsed.
type runFunc func(ctx context.Context, args []string) error

// setupFunc declares a command's flags on fs and returns what it runs.
type setupFunc func(a *app, fs *pflag.FlagSet) runFunc

// binder is a command's flags, declared by bind on the command's set.
type binder interface{ bind(fs *pflag.FlagSet) }

// withFlags adapts run, which takes its flags as a struct, to a setupFunc.
func withFlags[F any, P interface {
	*F
	binder
}](run func(ctx context.Context, a *app, f P, args []string) error) setupFunc {
	return func(a *app, fs *pflag.FlagSet) runFunc {
		f := P(new(F))
		f.bind(fs)
		return func(ctx context.Context, args []string) error { return run(ctx, a, f, args) }
	}
}

// noFlags adapts run, a command with no flags of its own, to a setupFunc.
func noFlags(run func(ctx context.Context, a *app, args []string) error) setupFunc {
	return func(a *app, _ *pflag.FlagSet) runFunc {
		return func(ctx context.Context, args []string) error { return run(ctx, a, args) }
	}
}

// root builds the command tree for one run of a.
func (a *app) root() *cobra.Command {
	cobra.EnableCommandSorting = false // the table's order: the daily commands first
	var showVersion bool
	root := &cobra.Command{
		Use:   "rapport",
		Short: "rapport tracks informational-interview outreach",
		Long: `rapport runs your informational-interview outreach by email: it keeps
your contacts and where each one stands in one SQLite file, and, run as a
daemon (rapport run), watches your mailbox, sends the mail it drafts from
your templates and mails you a daily digest.`,
		Example:               "rapport import Connections.csv\nrapport list --status new\nrapport help mark",
		Args:                  cobra.ArbitraryArgs,
		SilenceErrors:         true,
		SilenceUsage:          true,
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case showVersion:
				return runVersion(cmd.Context(), a, nil)
			case len(args) > 0:
				return unknownCommand(cmd, args[0])
			}
			a.writeHelp(a.stderr, cmd)
			return &silentExit{2}
		},
		PersistentPreRun: func(*cobra.Command, []string) { a.fromEnv() },
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.SuggestionsMinimumDistance = suggestDistance
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	pf := root.PersistentFlags()
	pf.StringVar(&a.configPath, "config", a.configPath, "read the configuration from `FILE` (or $"+envConfig+"; default: $XDG_CONFIG_HOME/rapport/config.toml)")
	pf.StringVar(&a.dbPath, "db", a.dbPath, "use the database `FILE` instead of the configured one (or $"+envDB+"); it must exist, unless --create")
	pf.BoolVar(&a.create, "create", a.create, "with --db or $"+envDB+": start a new database if there is none at that path")
	pf.BoolP("help", "h", false, "show this help")
	root.Flags().BoolVar(&showVersion, "version", false, "print the version")
	root.SetFlagErrorFunc(flagError)
	root.SetHelpFunc(func(cmd *cobra.Command, _ []string) { a.writeHelp(cmd.OutOrStdout(), cmd) })
	root.SetUsageFunc(func(cmd *cobra.Command) error { a.writeHelp(cmd.OutOrStderr(), cmd); return nil })
	root.SetHelpCommand(a.helpCommand())
	for _, s := range commands() {
		root.AddCommand(a.build(s))
	}
	root.InitDefaultHelpCmd()
	a.tree = root
	return root
}

// suggestDistance is how many edits away a mistyped command may be for
// cobra to suggest it ("lsit" is two from "list"); it suggests commands
// the typed word starts too.
const suggestDistance = 2

// build makes the command s describes.
func (a *app) build(s spec) *cobra.Command {
	c := &cobra.Command{
		Use: s.use, Short: s.short, Long: s.long, Example: s.example, Hidden: s.hidden,
		Args: cobra.ArbitraryArgs, DisableFlagsInUseLine: true,
		ValidArgsFunction: a.completeWith(s.args),
	}
	c.Flags().SortFlags = false // in the order each command declares them
	if s.setup != nil {
		run := s.setup(a, c.Flags())
		c.RunE = func(cmd *cobra.Command, args []string) error { return run(cmd.Context(), args) }
	}
	for name, f := range s.flags {
		if err := c.RegisterFlagCompletionFunc(name, a.completeWith(f)); err != nil {
			panic(fmt.Sprintf("rapport %s: %v", c.Name(), err)) // a mistake in the table, caught by every test
		}
	}
	if len(s.sub) > 0 {
		c.SuggestionsMinimumDistance = suggestDistance
		for _, sub := range s.sub {
			c.AddCommand(a.build(sub))
		}
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(cmd, args[0])
			}
			return usagef("give a subcommand: %s", subcommandNames(cmd))
		}
	}
	return c
}

// subcommandNames lists cmd's subcommands for people: "init, check or
// preview".
func subcommandNames(cmd *cobra.Command) string {
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// unknownCommand refuses word, which names no subcommand of cmd, with the
// names it may have meant (cobra's suggestions).
func unknownCommand(cmd *cobra.Command, word string) error {
	hint := ""
	if s := suggestions(cmd, word); len(s) > 0 {
		hint = "; did you mean " + orList(s) + "?"
	}
	if !cmd.HasParent() {
		return usagef("unknown command %q%s (run rapport help)", word, hint)
	}
	if hint != "" {
		return usagef("unknown subcommand %q%s (%s takes %s)", word, hint, cmd.Name(), subcommandNames(cmd))
	}
	return usagef("unknown subcommand %q: use %s", word, subcommandNames(cmd))
}

// suggestions are the subcommands of cmd that word may mean: of cobra's
// (two edits away, or starting with word), only the nearest, so that
// "lsit" suggests list and not also set, two edits away.
func suggestions(cmd *cobra.Command, word string) []string {
	var near []string
	best := -1
	for _, s := range cmd.SuggestionsFor(word) {
		d := typo.Distance(strings.ToLower(word), s)
		if strings.HasPrefix(s, strings.ToLower(word)) {
			d = 0
		}
		switch {
		case best < 0 || d < best:
			near, best = []string{s}, d
		case d == best:
			near = append(near, s)
		}
	}
	return near
}

// orList joins words as "a", "a or b", "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// helpCommand is "rapport help [COMMAND...]": the same help as
// COMMAND --help, on standard output.
func (a *app) helpCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "help [COMMAND [SUBCOMMAND]]",
		Short: "show help for rapport or for one command",
		Long: `Shows the help of a command, the same as rapport COMMAND --help: what it
does, its arguments and flags, and examples. Without a command, lists them
all.`,
		Example:               "rapport help\nrapport help mark\nrapport help outbox edit",
		Args:                  cobra.ArbitraryArgs,
		DisableFlagsInUseLine: true,
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			switch {
			case err != nil:
				return usagef("%v", err)
			case len(rest) > 0:
				hint := ""
				if s := suggestions(cmd, rest[0]); len(s) > 0 {
					hint = "; did you mean " + orList(s) + "?"
				}
				return usagef("no command %q%s", strings.Join(args, " "), hint)
			}
			a.writeHelp(a.stdout, cmd)
			return nil
		},
		ValidArgsFunction: completeCommands,
	}
}
