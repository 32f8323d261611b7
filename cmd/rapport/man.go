package main

import (
	"context"
	"fmt"
	"os"

	"github.com/rapport-mail/rapport/internal/buildinfo"

	"github.com/spf13/cobra/doc"
)

// runMan is "rapport man DIR" (hidden; make man runs it): rapport(1)
// and a page for every command, as rapport-outbox-edit(1), written from
// the same texts as the help. The pages are documentation for everyone
// to read, so DIR and the files get the usual modes, not rapport's
// private 0700 and 0600.
func runMan(ctx context.Context, a *app, args []string) error {
	if len(args) != 1 {
		return usagef("give the directory to write the pages into")
	}
	dir := args[0]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write the man pages: %w", err)
	}
	header := &doc.GenManHeader{Title: "RAPPORT", Section: "1", Source: "rapport " + buildinfo.Version(version), Manual: "rapport manual"}
	if err := doc.GenManTree(a.tree, header, dir); err != nil {
		return fmt.Errorf("write the man pages: %w", err)
	}
	fmt.Fprintf(a.stdout, "man pages written to %s (man -l %s/rapport.1)\n", dir, dir)
	return nil
}
