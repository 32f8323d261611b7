package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"rapport/config"
)

func runConfig(ctx context.Context, a *app, args []string) error {
	fs := a.flags("config")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 || rest[0] != "check" {
		return usagef("the config command has one subcommand: check")
	}
	path := a.configPath
	switch len(rest) {
	case 1:
	case 2:
		path = rest[1]
	default:
		return usagef("check takes at most one file")
	}
	cfg, err := config.LoadDefault(path)
	if err != nil {
		return err
	}
	if cfg.Path == "" {
		return fmt.Errorf("no configuration file at %s (copy config.example.toml there, or give a FILE)", config.DefaultPath())
	}
	verr := cfg.Validate()
	for _, w := range cfg.Warnings() {
		fmt.Fprintf(a.stdout, "warning: %s\n", w)
	}
	var problems config.Problems
	if errors.As(verr, &problems) {
		for _, p := range problems {
			fmt.Fprintln(a.stdout, p)
		}
		return fmt.Errorf("%s: %d problem(s)", cfg.Path, len(problems))
	}
	if verr != nil {
		return verr
	}
	printCommandRoutes(a.stdout, cfg.Commands)
	fmt.Fprintf(a.stdout, "config OK: %s\n", cfg.Path)
	return nil
}

// printCommandRoutes says which mail of the owner's reaches rapport: the
// addresses in commands.addresses, the subject tag, and replies to notices.
func printCommandRoutes(w io.Writer, c config.Commands) {
	if len(c.Addresses) > 0 {
		fmt.Fprintf(w, "commands: your mail to %s reaches rapport\n", strings.Join(c.Addresses, ", "))
	} else {
		fmt.Fprintln(w, "commands: no address reaches rapport (commands.addresses is empty)")
	}
	if c.SubjectTag != "" {
		fmt.Fprintf(w, "commands: your mail with a subject starting %q or %q reaches rapport\n", c.SubjectTag+":", "["+c.SubjectTag+"]")
	} else {
		fmt.Fprintln(w, `commands: no subject tag reaches rapport (commands.subject_tag is "")`)
	}
	fmt.Fprintln(w, "commands: your replies to rapport's notices always reach it")
}
