package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/rapport-mail/rapport/config"
)

// runConfigCheck is "rapport config check [FILE]": the file's warnings
// and problems, or how rapport logs in and which mail reaches it as
// commands.
func runConfigCheck(ctx context.Context, a *app, args []string) error {
	if len(args) > 1 {
		return usagef("check takes at most one file")
	}
	path := a.configPath
	if len(args) == 1 {
		path = args[0]
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
	for _, line := range append(cfg.Logins(), cfg.Commands.Routes()...) {
		fmt.Fprintln(a.stdout, line)
	}
	fmt.Fprintf(a.stdout, "config OK: %s\n", cfg.Path)
	return nil
}
