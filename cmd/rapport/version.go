package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/rapport-mail/rapport/internal/buildinfo"
	"github.com/rapport-mail/rapport/store"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build information.
var version = ""

func runVersion(ctx context.Context, a *app, args []string) error {
	if len(args) > 0 {
		return usagef("version takes no argument %q", args[0])
	}
	fmt.Fprintf(a.stdout, "rapport %s (%s, database schema %d)\n", buildinfo.Version(version), runtime.Version(), store.SchemaVersion())
	return nil
}
