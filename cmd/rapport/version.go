package main

import (
	"context"
	"fmt"
	"runtime"

	"rapport/internal/buildinfo"
	"rapport/store"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build information.
var version = ""

func runVersion(ctx context.Context, a *app, args []string) error {
	if _, err := parse(a.flags("version"), args); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "rapport %s (%s, database schema %d)\n", buildinfo.Version(version), runtime.Version(), store.SchemaVersion())
	return nil
}

func runHelp(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 {
		a.usage(a.stdout)
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			fmt.Fprintf(a.stdout, "rapport %s: %s\n\nusage: rapport %s %s\n", c.name, c.summary, c.name, c.args)
			return nil
		}
	}
	return usagef("no command %q", args[0])
}
