package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"rapport/store"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build information.
var version = ""

func runVersion(ctx context.Context, a *app, args []string) error {
	if _, err := parse(a.flags("version"), args); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "rapport %s (%s, database schema %d)\n", versionString(), runtime.Version(), store.SchemaVersion())
	return nil
}

func versionString() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	if v == "" || v == "(devel)" {
		return "devel"
	}
	return v
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
