package main

import (
	"errors"
	"sort"
	"strings"

	"github.com/rapport-mail/rapport/internal/typo"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagError turns pflag's parse errors into usage mistakes that say what
// to type: the flag as the user spelled it, with two dashes, and the flag
// they may have meant (pflag suggests nothing itself).
func flagError(cmd *cobra.Command, err error) error {
	var (
		notExist *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
	)
	switch {
	case errors.As(err, &notExist) && notExist.GetSpecifiedShortnames() != "":
		return usagef("unknown flag -%s (rapport's flags are words: run %s)", notExist.GetSpecifiedName(), helpCommandFor(cmd))
	case errors.As(err, &notExist):
		return unknownFlag(cmd, notExist.GetSpecifiedName())
	case errors.As(err, &noValue):
		f := noValue.GetFlag()
		name, _ := pflag.UnquoteUsage(f)
		return usagef("--%s needs a value: --%s %s", f.Name, f.Name, name)
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		return usagef("--%s %q: %s", f.Name, invalid.GetValue(), valueHint(f))
	}
	return usagef("%v", err)
}

// unknownFlag refuses --name: a flag of a sibling subcommand does not go
// with this one; otherwise it names the closest flag cmd has.
func unknownFlag(cmd *cobra.Command, name string) error {
	if p := cmd.Parent(); p != nil && p.HasParent() {
		var with []string
		for _, sib := range p.Commands() {
			if sib != cmd && sib.LocalFlags().Lookup(name) != nil {
				with = append(with, helpPath(sib))
			}
		}
		if len(with) > 0 {
			return usagef("--%s does not go with %s (only with %s)", name, helpPath(cmd), orList(with))
		}
	}
	if best := closestFlag(cmd, name); best != "" {
		return usagef("unknown flag --%s; did you mean --%s?", name, best)
	}
	return usagef("unknown flag --%s (run %s for the flags)", name, helpCommandFor(cmd))
}

// closestFlag returns the flag of cmd that name is most likely a typo
// of, or "": one that starts with it, or one a keystroke or two away
// (internal/typo; one for short names).
func closestFlag(cmd *cobra.Command, name string) string {
	type candidate struct {
		name string
		dist int
	}
	var found []candidate
	visit := func(f *pflag.Flag) {
		if f.Hidden || f.Name == "help" {
			return
		}
		d := typo.Distance(strings.ToLower(name), f.Name)
		if len(name) >= 2 && strings.HasPrefix(f.Name, strings.ToLower(name)) {
			d = min(d, 1)
		}
		if limit := map[bool]int{true: 2, false: 1}[len(f.Name) >= 5]; d <= limit {
			found = append(found, candidate{f.Name, d})
		}
	}
	cmd.LocalFlags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	if len(found) == 0 {
		return ""
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].dist < found[j].dist })
	return found[0].name
}

// valueHint says what a flag's value should look like, by its type.
func valueHint(f *pflag.Flag) string {
	switch f.Value.Type() {
	case "int", "int64":
		return "not a whole number"
	case "duration":
		return "not a duration like 45m or 1h30m"
	case "bool":
		return "use true or false"
	}
	return "not a valid value"
}

// helpPath is cmd's path without "rapport ": what follows "rapport help".
func helpPath(cmd *cobra.Command) string {
	return strings.TrimPrefix(strings.TrimPrefix(cmd.CommandPath(), "rapport"), " ")
}

// helpCommandFor is the command line that shows cmd's help.
func helpCommandFor(cmd *cobra.Command) string {
	return strings.TrimSpace("rapport help " + helpPath(cmd))
}

// normalize prepares args for cobra. A long flag with one dash ("-json"),
// which the command line took before it used cobra, gets its second
// dash; values of flags and everything after "--" are left alone.
func (a *app) normalize(root *cobra.Command, args []string) []string {
	cmd, _, err := root.Find(args)
	if err != nil {
		cmd = root
	}
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		s := args[i]
		switch {
		case s == "--":
			return append(out, args[i:]...)
		case len(s) > 2 && s[0] == '-' && s[1] != '-' && isLetter(s[1]):
			s = "-" + s
		}
		out = append(out, s)
		if name, ok := strings.CutPrefix(s, "--"); ok && !strings.Contains(name, "=") && takesValue(cmd, name) && i+1 < len(args) {
			i++
			out = append(out, args[i])
		}
	}
	return out
}

// words returns the arguments of args that are not flags or their
// values, as cmd reads them.
func words(cmd *cobra.Command, args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		s := args[i]
		switch {
		case s == "--":
			return append(out, args[i+1:]...)
		case s == "-" || !strings.HasPrefix(s, "-"):
			out = append(out, s)
		case !strings.Contains(s, "=") && takesValue(cmd, strings.TrimLeft(s, "-")):
			i++
		}
	}
	return out
}

// takesValue reports whether cmd's flag name needs a value (is not a
// switch like --json).
func takesValue(cmd *cobra.Command, name string) bool {
	f := cmd.Flags().Lookup(name)
	if f == nil {
		f = cmd.InheritedFlags().Lookup(name)
	}
	return f != nil && f.NoOptDefVal == ""
}

func isLetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

// dispatch refuses a command line whose command or subcommand does not
// exist before any flag is read, so that "rapport lsit --stauts" is told
// about the command first.
func dispatch(root *cobra.Command, args []string) (*cobra.Command, error) {
	if len(args) > 0 && strings.HasPrefix(args[0], cobra.ShellCompRequestCmd) {
		plainFlagUsages(root) // cobra's completion entry point
		return nil, nil
	}
	cmd, rest, err := root.Find(args)
	if err != nil || !cmd.HasSubCommands() {
		return nil, nil
	}
	if w := words(cmd, rest); len(w) > 0 {
		return cmd, unknownCommand(cmd, w[0])
	}
	return nil, nil
}
