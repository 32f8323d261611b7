//go:build unix

package demo

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestThrowawayFilesArePrivate checks that the demo's directory, its
// database and the saved messages are the owner's alone even under a
// umask that would share them: the messages show names and addresses.
// The umask belongs to the whole process: not parallel.
func TestThrowawayFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "demo")
	res, err := Run(context.Background(), Options{Out: io.Discard, Dir: dir, Keep: true})
	if err != nil {
		t.Fatalf("Run() error = %v", err)
	}
	if len(res.Messages) == 0 {
		t.Fatal("the demo saved no message")
	}
	want := map[string]fs.FileMode{dir: 0o700, filepath.Join(dir, "messages"): 0o700, res.Database: 0o600}
	for _, m := range res.Messages {
		want[filepath.Join(dir, "messages", m)] = 0o600
	}
	for p, perm := range want {
		fi, err := os.Stat(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if fi.Mode().Perm() != perm {
			t.Errorf("%s has mode %04o, want %04o", p, fi.Mode().Perm(), perm)
		}
	}
}
