package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rapport-mail/rapport/internal/shellquote"
)

// BackupInfo is what BackupFile did: where the database and its copy are,
// and how large the copy is.
type BackupInfo struct {
	// Database and Copy are absolute paths (as given when the working
	// directory is gone).
	Database, Copy string
	// Size is the copy's size in bytes.
	Size int64
}

// BackupFile copies the database at path to target, a file that must not
// exist, with [Store.Backup]: a consistent copy, taken while the daemon
// may be running. Unlike Open it never creates a database: with none at
// path there is nothing to back up, and it says so with an error wrapping
// [ErrNoDatabase]. It opens path with [OpenExisting], which upgrades an
// older schema first. The copy has mode 0600.
func BackupFile(ctx context.Context, path, target string) (*BackupInfo, error) {
	st, err := OpenExisting(ctx, path)
	if errors.Is(err, ErrNoDatabase) {
		return nil, fmt.Errorf("%w: nothing to back up", err)
	}
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if err := st.Backup(ctx, target); err != nil {
		return nil, err
	}
	fi, err := os.Stat(target)
	if err != nil {
		return nil, err
	}
	return &BackupInfo{Database: absOr(path), Copy: absOr(target), Size: fi.Size()}, nil
}

func absOr(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// RestoreCommands are the shell commands that put the copy in the
// database's place, to run as the user rapport runs as while rapport is
// stopped: into the database's directory, the database and the -wal and
// -shm files SQLite keeps beside it moved aside (never deleted), then the
// copy in its place. Paths are quoted for a POSIX shell where needed.
func (b *BackupInfo) RestoreCommands() []string {
	dir, name := filepath.Split(b.Database)
	return []string{
		"cd " + shellquote.Word(filepath.Clean(dir)),
		"mkdir before-restore && mv " + shellquote.Word(name) + "* before-restore/   # the database with its -wal and -shm files",
		"cp " + shellquote.Word(b.Copy) + " " + shellquote.Word(name),
	}
}
