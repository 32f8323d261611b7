package main

import (
	"context"
	"fmt"

	"github.com/rapport-mail/rapport/internal/bytesize"
	"github.com/rapport-mail/rapport/store"
)

// runBackup is "rapport backup FILE": a consistent copy of the database
// (store.BackupFile), taken while the daemon may be running, and how to
// restore it.
func runBackup(ctx context.Context, a *app, rest []string) error {
	if len(rest) != 1 {
		return usagef("give the file to write the copy to, e.g. rapport backup rapport-$(date +%%F).db")
	}
	cfg, err := a.config()
	if err != nil {
		return err
	}
	db := cfg.Paths.Database
	if a.dbPath != "" {
		db = a.dbPath
	}
	b, err := store.BackupFile(ctx, db, rest[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "backed up %s to %s (%s, schema version %d, integrity ok)\n\n"+
		"To restore it, stop rapport (systemctl --user stop rapport, or its system unit), then,\nas the user rapport runs as:\n",
		b.Database, b.Copy, bytesize.Format(b.Size), store.SchemaVersion())
	for _, c := range b.RestoreCommands() {
		fmt.Fprintf(a.stdout, "  %s\n", c)
	}
	fmt.Fprintln(a.stdout, "and start rapport again. rapport doctor checks the restored database.")
	return nil
}
