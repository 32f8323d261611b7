package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"rapport/store"
)

// runBackup is "rapport backup FILE": a consistent copy of the database,
// taken while the daemon may be running, and how to restore it.
func runBackup(ctx context.Context, a *app, args []string) error {
	fset := a.flags("backup")
	rest, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("give the file to write the copy to, e.g. rapport backup rapport-$(date +%%F).db")
	}
	target := rest[0]
	cfg, err := a.config()
	if err != nil {
		return err
	}
	db := cfg.Paths.Database
	if a.dbPath != "" {
		db = a.dbPath
	}
	// Opening would create an empty database: there would be nothing to keep.
	if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no database at %s: nothing to back up", db)
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, target); err != nil {
		return err
	}
	fi, err := os.Stat(target)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		abs = target
	}
	dbAbs, err := filepath.Abs(db)
	if err != nil {
		dbAbs = db
	}
	fmt.Fprintf(a.stdout, "backed up %s to %s (%s, schema version %d, integrity ok)\n\n", dbAbs, abs, byteSize(fi.Size()), store.SchemaVersion())
	dir, name := filepath.Split(dbAbs)
	fmt.Fprintf(a.stdout, "To restore it, stop rapport (systemctl --user stop rapport, or its system unit), then,\n"+
		"as the user rapport runs as:\n"+
		"  cd %s\n"+
		"  mkdir before-restore && mv %s* before-restore/   # the database with its -wal and -shm files\n"+
		"  cp %s %s\n"+
		"and start rapport again. rapport doctor checks the restored database.\n",
		shellQuote(filepath.Clean(dir)), shellQuote(name), shellQuote(abs), shellQuote(name))
	return nil
}

// shellQuote quotes s for a POSIX shell when it holds anything but
// letters, digits and ./_-+=:@%,
func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("./_-+=:@%,", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
