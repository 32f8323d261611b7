//go:build unix

package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rapport-mail/rapport/workflow"
)

// umask sets the process's umask for the rest of the test. The umask
// belongs to the whole process: tests that call it must not run in
// parallel.
func umask(t *testing.T, mask int) {
	t.Helper()
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

// wantMode fails the test unless path exists with mode perm.
func wantMode(t *testing.T, path string, perm fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	if fi.Mode().Perm() != perm {
		t.Errorf("%s has mode %04o, want %04o", path, fi.Mode().Perm(), perm)
	}
}

// TestFilesArePrivate checks that whatever the umask leaves to the owner,
// the database, the -wal and -shm files SQLite keeps beside it, the
// directories Open creates and a backup can be read by the owner alone.
func TestFilesArePrivate(t *testing.T) {
	ctx := context.Background()
	for _, mask := range []int{0o022, 0o002, 0o000} {
		t.Run(fmt.Sprintf("umask %03o", mask), func(t *testing.T) {
			umask(t, mask)
			root := t.TempDir()
			path := filepath.Join(root, "new", "state", "rapport.db")
			st, err := Open(ctx, path)
			if err != nil {
				t.Fatalf("Open() error = %v", err)
			}
			defer st.Close()
			// A write while the Store is open: the -wal and -shm files exist
			// until the last connection closes.
			err = st.WithTx(ctx, func(tx *Tx) error {
				return tx.InsertContact(ctx, &Contact{Name: "Jane Doe", Email: "jane@example.com", State: workflow.State{Status: workflow.StatusNew}})
			})
			if err != nil {
				t.Fatal(err)
			}
			wantMode(t, filepath.Join(root, "new"), 0o700)
			wantMode(t, filepath.Join(root, "new", "state"), 0o700)
			for _, f := range []string{path, path + "-wal", path + "-shm"} {
				wantMode(t, f, 0o600)
			}
			backup := filepath.Join(root, "rapport-backup.db")
			if err := st.Backup(ctx, backup); err != nil {
				t.Fatalf("Backup() error = %v", err)
			}
			wantMode(t, backup, 0o600)
		})
	}
}

// TestOpenKeepsTheModeOfAnExistingFile checks that Open never changes the
// mode of the owner's file, shared on purpose or not (rapport doctor is
// the one that says so).
func TestOpenKeepsTheModeOfAnExistingFile(t *testing.T) {
	umask(t, 0o022)
	path := filepath.Join(t.TempDir(), "rapport.db")
	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	st, err = Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open() of an existing database: %v", err)
	}
	st.Close()
	wantMode(t, path, 0o640)
}

// TestOpenExisting checks that a database named by mistake is refused
// without anything being created, and that an existing one opens.
func TestOpenExisting(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	good := filepath.Join(root, "rapport.db")
	st, err := Open(ctx, good)
	if err != nil {
		t.Fatal(err)
	}
	insert(t, st, &Contact{Name: "Jane Doe", Email: "jane@example.com"})
	st.Close()

	t.Run("missing directories", func(t *testing.T) {
		path := filepath.Join(root, "typo", "dir", "rapprot.db")
		_, err := OpenExisting(ctx, path)
		if !errors.Is(err, ErrNoDatabase) || !strings.Contains(err.Error(), path) {
			t.Fatalf("OpenExisting() error = %v, want ErrNoDatabase naming %s", err, path)
		}
		if _, err := os.Stat(filepath.Join(root, "typo")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("OpenExisting() created %s (stat: %v)", filepath.Join(root, "typo"), err)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		path := filepath.Join(root, "rapprot.db")
		_, err := OpenExisting(ctx, path)
		if !errors.Is(err, ErrNoDatabase) || err.Error() != "no database at "+path {
			t.Fatalf("OpenExisting() error = %v, want no database at %s", err, path)
		}
		entries, _ := os.ReadDir(root)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "rapprot") {
				t.Errorf("OpenExisting() created %s", e.Name())
			}
		}
	})
	t.Run("a directory", func(t *testing.T) {
		_, err := OpenExisting(ctx, root)
		if err == nil || errors.Is(err, ErrNoDatabase) || !strings.Contains(err.Error(), "is a directory") {
			t.Fatalf("OpenExisting(a directory) error = %v, want it is a directory", err)
		}
	})
	t.Run("existing database", func(t *testing.T) {
		st, err := OpenExisting(ctx, good)
		if err != nil {
			t.Fatalf("OpenExisting() error = %v", err)
		}
		defer st.Close()
		if n, err := st.Read().CountContacts(ctx); err != nil || n != 1 {
			t.Errorf("CountContacts() = %d, %v; want 1", n, err)
		}
	})
}

// TestOpenTakesThePathAsItIs checks that characters SQLite's URIs give a
// meaning stay part of the file's name.
func TestOpenTakesThePathAsItIs(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a%20b.db", "what?.db", "no#1.db"} {
		path := filepath.Join(dir, name)
		st, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("Open(%q) error = %v", name, err)
		}
		st.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("Open(%q) did not create that file: %v", name, err)
		}
		st, err = OpenExisting(context.Background(), path)
		if err != nil {
			t.Fatalf("OpenExisting(%q) error = %v", name, err)
		}
		st.Close()
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the directory holds %q, want the three databases alone", names)
	}
}
