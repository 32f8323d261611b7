package store

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupFileRestore backs up a database, changes it, and runs the
// restore commands in a shell as the owner would: the database is the
// copy again, and the one it replaced is kept aside.
func TestBackupFileRestore(t *testing.T) {
	ctx := context.Background()
	// A directory and a copy whose names need quoting for a shell.
	dir := filepath.Join(t.TempDir(), "Alex's data")
	path := filepath.Join(dir, "rapport.db")
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	insert(t, st, &Contact{Name: "Jane Doe", Email: "jane@example.com"})
	target := filepath.Join(t.TempDir(), "rapport backup.db")
	info, err := BackupFile(ctx, path, target)
	if err != nil {
		t.Fatalf("BackupFile() = %v", err)
	}
	fi, err := os.Stat(target)
	if err != nil {
		t.Fatal(err)
	}
	if info.Database != path || info.Copy != target || info.Size != fi.Size() {
		t.Errorf("BackupFile() = %+v, want %s, %s and %d bytes", info, path, target, fi.Size())
	}
	insert(t, st, &Contact{Name: "Later Person", Email: "later@example.com"})
	st.Close()

	script := strings.Join(info.RestoreCommands(), "\n")
	if !strings.Contains(script, `cd '`+filepath.Dir(dir)+`/Alex'\''s data'`) || !strings.Contains(script, "cp '"+target+"' rapport.db") {
		t.Errorf("RestoreCommands() quote the paths wrongly:\n%s", script)
	}
	if out, err := exec.Command("sh", "-e", "-c", script).CombinedOutput(); err != nil {
		t.Fatalf("the restore commands fail: %v\n%s\n%s", err, script, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "before-restore", "rapport.db")); err != nil {
		t.Errorf("the replaced database was not kept aside: %v", err)
	}
	st, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.Read().CountContacts(ctx); err != nil || n != 1 {
		t.Errorf("after the restore the database holds %d contacts, %v; want the copy's 1", n, err)
	}
}

// TestBackupFileWithoutDatabase checks that backing up a database that
// does not exist creates neither the database nor the copy.
func TestBackupFileWithoutDatabase(t *testing.T) {
	dir := t.TempDir()
	path, target := filepath.Join(dir, "state", "rapport.db"), filepath.Join(dir, "copy.db")
	_, err := BackupFile(context.Background(), path, target)
	if !errors.Is(err, ErrNoDatabase) || !strings.Contains(err.Error(), "nothing to back up") {
		t.Fatalf("BackupFile() = %v, want nothing to back up", err)
	}
	for _, p := range []string{path, target} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("BackupFile() wrote %s", p)
		}
	}
}
