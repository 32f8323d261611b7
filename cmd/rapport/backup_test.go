package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/store"
)

// TestBackupCommand checks what backup prints, the copy it writes, and its
// exit codes; store's tests run the restore commands themselves.
func TestBackupCommand(t *testing.T) {
	e := newEnv(t)
	e.ok("add", "--name", "Jane Doe", "--email", "jane@example.com")
	e.ok("add", "--name", "Ana Ruiz", "--email", "ana@initech.example")
	dbPath := filepath.Join(e.dir, "data", "rapport", "rapport.db")

	target := filepath.Join(t.TempDir(), "rapport backup.db")
	out := e.ok("backup", target)
	wantContains(t, "backup", out, "backed up "+dbPath+" to "+target+" (", "integrity ok)\n\n",
		"To restore it, stop rapport", "\n  cd "+filepath.Dir(dbPath)+"\n",
		"\n  mkdir before-restore && mv rapport.db* before-restore/", "\n  cp '"+target+"' rapport.db\n",
		"\nand start rapport again. rapport doctor checks the restored database.\n")
	fi, err := os.Stat(target)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v; want mode 0600", fi, err)
	}
	st, err := store.Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	n, err := st.Read().CountContacts(context.Background())
	st.Close()
	if err != nil || n != 2 {
		t.Fatalf("the copy holds %d contacts, %v; want 2", n, err)
	}

	// An existing file is refused and left alone.
	b, _ := os.ReadFile(target)
	code, _, errOut := e.run("backup", target)
	if code != 1 || !strings.Contains(errOut, "already exists") {
		t.Fatalf("backup onto an existing file: exit %d, %q; want 1 and a refusal", code, errOut)
	}
	if b2, _ := os.ReadFile(target); string(b2) != string(b) {
		t.Errorf("the existing backup was changed")
	}

	if code, _, errOut := e.run("backup"); code != 2 || !strings.Contains(errOut, "usage: rapport backup FILE") {
		t.Errorf("backup without FILE: exit %d, %q; want usage", code, errOut)
	}
}

func TestBackupWithoutDatabase(t *testing.T) {
	e := newEnv(t)
	target := filepath.Join(t.TempDir(), "copy.db")
	code, _, errOut := e.run("backup", target)
	if code != 1 || !strings.Contains(errOut, "nothing to back up") {
		t.Fatalf("exit %d, %q; want 1, nothing to back up", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "data", "rapport", "rapport.db")); err == nil {
		t.Errorf("backup created a database")
	}
}
