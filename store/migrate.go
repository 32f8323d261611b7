package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one schema version: migrations/NNN_name.sql takes the
// database from version NNN-1 to NNN.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in version order. It panics on
// a malformed file name: that is a build mistake, caught by every test.
func migrations() []migration {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		panic(err)
	}
	var list []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic(fmt.Sprintf("store: migration file %q is not named NNN_name.sql", e.Name()))
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic(err)
		}
		list = append(list, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].version < list[j].version })
	for i, m := range list {
		if m.version != i+1 {
			panic(fmt.Sprintf("store: migration %s out of sequence (want version %d)", m.name, i+1))
		}
	}
	return list
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int { return len(migrations()) }

// migrate brings the database to SchemaVersion in one transaction: either
// every pending migration applies or none does. A database written by a
// newer rapport is refused rather than damaged.
func migrate(ctx context.Context, db *sql.DB) error {
	// Look first without the write lock: the schema is nearly always
	// current, and opening the database must then not wait for (and after
	// the busy timeout fail on) another process's write transaction, such
	// as a long command's while the daemon starts, or the daemon's while a
	// read-only command opens it.
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version == len(migrations()) {
		return nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback()
	var current int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	all := migrations()
	if current > len(all) {
		return fmt.Errorf("the database has schema version %d but this rapport knows only up to %d (upgrade rapport)", current, len(all))
	}
	if current == len(all) {
		return nil
	}
	for _, m := range all[current:] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.name, err)
		}
		if step := migrationSteps[m.version]; step != nil {
			if err := step(ctx, tx); err != nil {
				return fmt.Errorf("apply migration %s: %w", m.name, err)
			}
		}
	}
	// PRAGMA takes no parameters; the value is an integer we computed.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(all))); err != nil {
		return fmt.Errorf("set schema version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migration: %w", err)
	}
	return nil
}
