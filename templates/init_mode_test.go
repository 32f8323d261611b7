//go:build unix

package templates

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteDefaultsPrivate checks that whatever the umask leaves to the
// owner, the templates written and the directories made for them are the
// owner's alone, and that a file written over keeps the mode its owner
// gave it. The umask belongs to the whole process: not parallel.
func TestWriteDefaultsPrivate(t *testing.T) {
	for _, mask := range []int{0o022, 0o000} {
		t.Run(fmt.Sprintf("umask %03o", mask), func(t *testing.T) {
			old := syscall.Umask(mask)
			defer syscall.Umask(old)
			root := t.TempDir()
			dir := filepath.Join(root, "rapport", "templates")
			written, err := WriteDefaults(dir, false)
			if err != nil {
				t.Fatalf("WriteDefaults() error = %v", err)
			}
			want := map[string]fs.FileMode{filepath.Join(root, "rapport"): 0o700, dir: 0o700}
			for _, p := range written {
				want[p] = 0o600
			}
			for p, perm := range want {
				if got := mode(t, p); got != perm {
					t.Errorf("%s has mode %04o, want %04o", p, got, perm)
				}
			}

			shared := written[0]
			if err := os.Chmod(shared, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := WriteDefaults(dir, true); err != nil {
				t.Fatalf("WriteDefaults(force) error = %v", err)
			}
			if got := mode(t, shared); got != 0o644 {
				t.Errorf("WriteDefaults(force) changed the mode of %s to %04o; want it left at 0644", shared, got)
			}
		})
	}
}

// mode returns the permission bits of the file at path.
func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}
