package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "rapport.db")

	t.Run("missing file", func(t *testing.T) {
		if st, err := OpenReadOnly(ctx, filepath.Join(dir, "sub", "none.db")); err == nil {
			st.Close()
			t.Fatal("OpenReadOnly of a missing file succeeded, want an error")
		}
		if _, err := os.Stat(filepath.Join(dir, "sub")); !os.IsNotExist(err) {
			t.Fatalf("OpenReadOnly created the directory of a missing file: %v", err)
		}
	})

	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.WithTx(ctx, func(tx *Tx) error {
		return tx.InsertContact(ctx, &Contact{Name: "Kim Park", Email: "kim@example.com"})
	}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("reads, never writes", func(t *testing.T) {
		ro, err := OpenReadOnly(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		list, err := ro.Read().ListContacts(ctx, ListOptions{})
		if err != nil || len(list) != 1 || list[0].Name != "Kim Park" {
			t.Fatalf("ListContacts = %v, %v; want Kim Park", list, err)
		}
		err = ro.WithTx(ctx, func(tx *Tx) error {
			return tx.InsertContact(ctx, &Contact{Name: "Lee", Email: "lee@example.com"})
		})
		if err == nil {
			t.Fatal("a write through OpenReadOnly succeeded")
		}
		ro.Close()
		if after, _ := os.ReadFile(path); string(after) != string(before) {
			t.Fatal("the database file changed")
		}
	})

	t.Run("other schema", func(t *testing.T) {
		old := filepath.Join(dir, "old.db")
		if err := os.WriteFile(old, nil, 0o600); err != nil { // an empty file is a database of schema 0
			t.Fatal(err)
		}
		if ro, err := OpenReadOnly(ctx, old); err == nil {
			ro.Close()
			t.Fatal("OpenReadOnly of a schema 0 database succeeded, want an error")
		}
	})
}
