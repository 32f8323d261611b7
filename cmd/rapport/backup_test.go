package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rapport/store"
)

func TestBackupCommand(t *testing.T) {
	e := newEnv(t)
	e.ok("add", "--name", "Jane Doe", "--email", "jane@example.com")
	e.ok("add", "--name", "Ana Ruiz", "--email", "ana@initech.example")
	dbPath := filepath.Join(e.dir, "data", "rapport", "rapport.db")

	target := filepath.Join(t.TempDir(), "rapport backup.db")
	out := e.ok("backup", target)
	wantContains(t, "backup", out, "backed up "+dbPath+" to "+target, "integrity ok",
		"To restore it, stop rapport", "cd "+filepath.Dir(dbPath)+"\n",
		"mv rapport.db* before-restore/", "cp '"+target+"' rapport.db\n", "rapport doctor")
	fi, err := os.Stat(target)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v; want mode 0600", fi, err)
	}

	// The copy is a database with both contacts.
	st, err := store.Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	n, err := st.Read().CountContacts(context.Background())
	st.Close()
	if err != nil || n != 2 {
		t.Fatalf("the copy holds %d contacts, %v; want 2", n, err)
	}

	// Restoring as printed gives the database back.
	e.ok("add", "--name", "Later Person", "--email", "later@example.com")
	dir := filepath.Dir(dbPath)
	if err := os.Mkdir(filepath.Join(dir, "before-restore"), 0o700); err != nil {
		t.Fatal(err)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "rapport.db*"))
	for _, m := range matches {
		if err := os.Rename(m, filepath.Join(dir, "before-restore", filepath.Base(m))); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dbPath, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if list := e.ok("list"); !strings.Contains(list, "Jane Doe") || strings.Contains(list, "Later Person") {
		t.Fatalf("after the restore, list =\n%s\nwant Jane Doe and not the later contact", list)
	}

	// An existing file is refused and left alone.
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
	if _, err := os.Stat(target); err == nil {
		t.Errorf("backup wrote %s", target)
	}
}
