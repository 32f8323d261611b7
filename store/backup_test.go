package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// TestBackupWhileWriting copies the database while one writer holds an
// open transaction and another keeps committing: the copy holds every row
// committed before it started, none of the open transaction's, and is a
// sound standalone file.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	for i := range 50 {
		insert(t, st, &Contact{Name: fmt.Sprintf("Committed %d", i), Email: fmt.Sprintf("c%d@example.com", i)})
	}

	// The daemon: another Store on the same file, as another process
	// would have, with a transaction that has written a row and stays open
	// until released.
	daemon, err := Open(ctx, st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer daemon.Close()
	written, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	var openErr error
	wg.Go(func() {
		openErr = daemon.WithTx(ctx, func(tx *Tx) error {
			if err := tx.InsertContact(ctx, &Contact{Name: "Uncommitted", Email: "open@example.com", State: workflow.State{Status: workflow.StatusNew}}); err != nil {
				return err
			}
			close(written)
			<-release
			return nil
		})
	})
	<-written
	// Other writers queue behind the open transaction (busy_timeout); the
	// backup must not wait for them.
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			c := &Contact{Name: fmt.Sprintf("Later %d", i), Email: fmt.Sprintf("later%d@example.com", i), State: workflow.State{Status: workflow.StatusNew}}
			if err := daemon.WithTx(ctx, func(tx *Tx) error { return tx.InsertContact(ctx, c) }); err != nil {
				t.Errorf("a writer during the backup: %v", err)
				return
			}
		}
	})

	path := filepath.Join(t.TempDir(), "backups", "copy.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	bctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := st.Backup(bctx, path); err != nil {
		t.Fatalf("Backup() during an open write transaction: error = %v", err)
	}
	t.Logf("backup took %v", time.Since(start))
	close(release)
	close(stop)
	wg.Wait()
	if openErr != nil {
		t.Fatalf("the open transaction failed: %v", openErr)
	}

	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode = %04o, want 0600", fi.Mode().Perm())
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("backup directory holds %v, want only copy.db (no temporary, -wal or -shm file)", names)
	}
	header := make([]byte, 20)
	if f, err := os.Open(path); err != nil {
		t.Fatal(err)
	} else {
		f.Read(header)
		f.Close()
	}
	if header[18] != 1 || header[19] != 1 {
		t.Errorf("backup header says WAL (bytes 18-19 = %d %d), want a rollback-journal file", header[18], header[19])
	}

	check, err := CheckFile(ctx, path)
	if err != nil || !check.OK() || check.SchemaVersion != SchemaVersion() {
		t.Fatalf("CheckFile(copy) = %+v, %v; want sound at schema %d", check, err, SchemaVersion())
	}
	cp, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open(copy) error = %v", err)
	}
	defer cp.Close()
	list, err := cp.Read().ListContacts(ctx, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	committed := 0
	for _, c := range list {
		switch {
		case c.Email == "open@example.com":
			t.Errorf("the copy holds the row of a transaction that had not committed")
		case strings.HasPrefix(c.Name, "Committed "):
			committed++
		}
	}
	if committed != 50 {
		t.Errorf("the copy holds %d of the 50 committed contacts", committed)
	}
	// The original is intact and got the open transaction's row.
	if _, err := st.Read().ContactByEmail(ctx, "open@example.com"); err != nil {
		t.Errorf("the original lacks the row committed after the backup: %v", err)
	}
}

func TestBackupRefusesExistingFile(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	insert(t, st, &Contact{Name: "Jane Doe", Email: "jane@example.com"})
	dir := t.TempDir()
	path := filepath.Join(dir, "old.db")
	if err := os.WriteFile(path, []byte("yesterday's backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := st.Backup(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Backup(existing file) error = %v, want one saying it exists", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "yesterday's backup" {
		t.Errorf("the existing file was changed to %q", b)
	}
	// Nor a symbolic link, even a dangling one.
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(filepath.Join(dir, "nowhere.db"), link); err != nil {
		t.Fatal(err)
	}
	if err := st.Backup(ctx, link); err == nil {
		t.Errorf("Backup(dangling symlink) = nil, want an error")
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere.db")); err == nil {
		t.Errorf("Backup wrote through a dangling symlink")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("directory holds %d entries after refusals, want 2 (no temporary file left)", len(entries))
	}
	if err := st.Backup(ctx, filepath.Join(dir, "missing", "x.db")); err == nil {
		t.Errorf("Backup(in a missing directory) = nil, want an error")
	}
}

func TestBackupCancelledLeavesNothing(t *testing.T) {
	st := openTest(t)
	insert(t, st, &Contact{Name: "Jane Doe", Email: "jane@example.com"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	if err := st.Backup(ctx, filepath.Join(dir, "copy.db")); err == nil {
		t.Fatalf("Backup(cancelled) = nil, want an error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a cancelled backup left %d file(s)", len(entries))
	}
}

func TestCheckFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	if c, err := CheckFile(ctx, garbage); err == nil {
		t.Errorf("CheckFile(garbage) = %+v, nil; want an error", c)
	}
	if _, err := CheckFile(ctx, filepath.Join(dir, "missing.db")); err == nil {
		t.Errorf("CheckFile(missing) = nil error")
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Errorf("CheckFile created the missing file")
	}

	// A database closed cleanly (no -wal or -shm beside it) and one that
	// is open in another connection both check.
	path := filepath.Join(dir, "state", "rapport.db")
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	insert(t, st, &Contact{Name: "Jane Doe", Email: "jane@example.com"})
	if c, err := CheckFile(ctx, path); err != nil || !c.OK() || c.SchemaVersion != SchemaVersion() {
		t.Errorf("CheckFile(open database) = %+v, %v", c, err)
	}
	st.Close()
	if c, err := CheckFile(ctx, path); err != nil || !c.OK() || c.SchemaVersion != SchemaVersion() {
		t.Errorf("CheckFile(closed database) = %+v, %v", c, err)
	}

	// A newer schema reads, but is not OK for this build.
	st, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion()+1)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if c, err := CheckFile(ctx, path); err != nil || c.OK() || c.SchemaVersion != SchemaVersion()+1 {
		t.Errorf("CheckFile(newer schema) = %+v, %v; want version %d, not OK", c, err, SchemaVersion()+1)
	}
}
