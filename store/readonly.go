package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
)

// OpenReadOnly opens the existing database at path for reading only, for
// quick looks such as the shell's completion of contact names: it never
// creates, migrates or writes the file (nor its directory), and works
// while the daemon has it open. It refuses a file that does not exist or
// whose schema is not the one this build writes (SchemaVersion), since
// its queries would not fit. Only the Store's Read queries may be used;
// a transaction fails. Close it when done.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open database read-only: %w", err)
	}
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro&_pragma=busy_timeout(1000)")
	if err != nil {
		return nil, fmt.Errorf("open database %s read-only: %w", path, err)
	}
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s read-only: %w", path, err)
	}
	if version != SchemaVersion() {
		db.Close()
		return nil, fmt.Errorf("open database %s read-only: schema version %d, this build reads %d", path, version, SchemaVersion())
	}
	return &Store{db: db, path: path, stmts: &stmts{db: db}}, nil
}
