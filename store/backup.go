package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// FileCheck is what [CheckFile] found in a database file.
type FileCheck struct {
	// SchemaVersion is the file's PRAGMA user_version: compare it with
	// [SchemaVersion] (older is upgraded by the next Open, newer is refused).
	SchemaVersion int
	// Problems are the first lines of PRAGMA integrity_check when it does
	// not say "ok"; nil for a sound file.
	Problems []string
}

// OK reports whether the file is sound and this build can open it.
func (c *FileCheck) OK() bool {
	return len(c.Problems) == 0 && c.SchemaVersion <= SchemaVersion()
}

// CheckFile opens the database at path read-only, runs PRAGMA
// integrity_check and reads its schema version. It never creates,
// migrates or writes the file, and works while the daemon has it open. It
// returns an error when the file does not exist or cannot be read as a
// database; a damaged but readable file gives a FileCheck with Problems.
// It reads the whole file: seconds for a large database.
func CheckFile(ctx context.Context, path string) (*FileCheck, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("check database: %w", err)
	}
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("check database %s: %w", path, err)
	}
	defer db.Close()
	// One connection: the two pragmas read the same snapshot, or nearly.
	db.SetMaxOpenConns(1)
	var check FileCheck
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&check.SchemaVersion); err != nil {
		return nil, fmt.Errorf("check database %s: %w", path, err)
	}
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check(10)")
	if err != nil {
		return nil, fmt.Errorf("check database %s: integrity_check: %w", path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, fmt.Errorf("check database %s: integrity_check: %w", path, err)
		}
		if line != "ok" {
			check.Problems = append(check.Problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("check database %s: integrity_check: %w", path, err)
	}
	return &check, nil
}

// fileURI returns path as an SQLite URI filename, its '%', '?' and '#'
// escaped so that they stay part of the name. A path that starts with two
// slashes gets an empty authority, or SQLite would read its first name as
// a host.
func fileURI(path string) string {
	prefix := "file:"
	if strings.HasPrefix(path, "//") {
		prefix = "file://"
	}
	return prefix + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// Backup writes a consistent copy of the database to path, a file that
// must not exist, while the daemon and other commands go on reading and
// writing: VACUUM INTO copies the last committed state as one read
// transaction, without the rows of transactions still open.
//
// The copy is written to a temporary file (mode 0600) in path's directory,
// synced to disk, checked with [CheckFile] (it must open, pass
// integrity_check and have this database's schema version) and only then
// given its name, without replacing a file that appeared meanwhile. On any
// failure nothing is left at path or beside it. It blocks until the copy
// is done or ctx ends; the copy is a compact, standalone database (no -wal
// file) that [Open] can use in place of the original.
func (s *Store) Backup(ctx context.Context, path string) (err error) {
	if path == "" {
		return errors.New("backup: no file given")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return fmt.Errorf("%s already exists (give a new file name; rapport never overwrites a backup)", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	dir := filepath.Dir(abs)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(abs)+".tmp-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	defer func() {
		if err != nil {
			removeDB(tmpPath)
		}
	}()
	// SQLite writes into an empty file; an absolute path is never taken
	// for a URI.
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", tmpPath); err != nil {
		return fmt.Errorf("backup: copy the database: %w", err)
	}
	// VACUUM INTO does not sync the copy (SQLite's documentation says so).
	if err := syncPath(tmpPath); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Chmod(tmpPath, 0o600); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	check, err := CheckFile(ctx, tmpPath)
	if err != nil {
		return fmt.Errorf("backup: the copy does not open: %w", err)
	}
	if len(check.Problems) > 0 {
		return fmt.Errorf("backup: the copy fails its integrity check: %s", strings.Join(check.Problems, "; "))
	}
	var want int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&want); err != nil {
		return fmt.Errorf("backup: read schema version: %w", err)
	}
	if check.SchemaVersion != want {
		return fmt.Errorf("backup: the copy has schema version %d, the database %d", check.SchemaVersion, want)
	}
	if err := linkNew(tmpPath, abs); err != nil {
		return err
	}
	os.Remove(tmpPath)
	if err := syncPath(dir); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// linkNew gives the file at tmp the name path, failing if path exists. A
// hard link cannot replace a file; where links are not supported (some
// network and FAT file systems) it renames after looking, which leaves a
// short race with another writer of path.
func linkNew(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		if err != nil {
			return fmt.Errorf("%s already exists (give a new file name; rapport never overwrites a backup)", path)
		}
		return nil
	}
	if _, serr := os.Lstat(path); serr == nil {
		return fmt.Errorf("%s already exists (give a new file name; rapport never overwrites a backup)", path)
	}
	return os.Rename(tmp, path)
}

// syncPath flushes a file or directory to disk.
func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return f.Close()
}

// removeDB removes a database file and the journal files SQLite may have
// left beside it.
func removeDB(path string) {
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}
