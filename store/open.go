package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
)

// ErrNoDatabase is wrapped by the error of [OpenExisting] when there is no
// database file at the path it was given.
var ErrNoDatabase = errors.New("no database")

// Open opens the database at path and brings its schema up to date,
// creating the file, and the directories above it, when they are missing:
// use it for the database rapport is configured to keep, and
// [OpenExisting] for one the user names.
//
// Contacts and mail are private: a directory Open creates has mode 0700
// and the file it creates 0600 (or less, when the umask takes owner bits
// away). It creates the file itself before SQLite opens it because SQLite
// would make it 0644 under the usual umask, and gives the -wal and -shm
// files it keeps beside the database the database's mode. An existing
// file or directory keeps its mode: rapport doctor says when one is open
// to others.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open database: no path given")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := createPrivate(path); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return open(ctx, path, "")
}

// OpenExisting is [Open] for a database that must exist already, such as
// one named on the command line, where a typo must not leave a new, empty
// database behind: when there is no file at path it creates nothing, not
// even a directory, and returns an error that wraps [ErrNoDatabase] and
// names path. An existing database is opened as Open does, its schema
// brought up to date.
func OpenExisting(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open database: no path given")
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%w at %s", ErrNoDatabase, path)
	case err != nil:
		return nil, fmt.Errorf("open database: %w", err)
	case fi.IsDir():
		return nil, fmt.Errorf("open database %s: it is a directory, not a database file", path)
	}
	// mode=rw: should the file go between the look and the open, SQLite
	// fails instead of creating it.
	st, err := open(ctx, path, "rw")
	if err != nil {
		if _, serr := os.Stat(path); errors.Is(serr, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w at %s", ErrNoDatabase, path)
		}
		return nil, err
	}
	return st, nil
}

// createPrivate creates the database file at path, empty and with mode
// 0600, unless a file is there already; SQLite takes an empty file for a
// new database.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// open opens the database file at path with rapport's settings and
// migrates it; mode, when set, is SQLite's URI parameter of that name.
func open(ctx context.Context, path, mode string) (*Store, error) {
	// WAL lets the CLI read while the daemon writes; immediate transactions
	// take the write lock up front so two writers wait (busy_timeout) instead
	// of failing halfway with SQLITE_BUSY.
	q := url.Values{}
	for _, p := range []string{"foreign_keys(1)", "busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	if mode != "" {
		q.Set("mode", mode)
	}
	db, err := sql.Open("sqlite", fileURI(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return &Store{db: db, path: path, stmts: &stmts{db: db}}, nil
}
