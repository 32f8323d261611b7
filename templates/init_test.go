package templates

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteDefaults(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tpl")
	written, err := WriteDefaults(dir, false)
	if err != nil || len(written) != len(Names())+1 { // and the question bank
		t.Fatalf("WriteDefaults() = %d paths, %v; want %d", len(written), err, len(Names())+1)
	}
	set, err := Load(dir)
	if err != nil {
		t.Fatalf("Load() of what WriteDefaults wrote: %v", err)
	}
	if got := len(set.Overrides()); got != len(Names())+1 {
		t.Errorf("the written directory overrides %d templates and the bank, want all %d", got, len(Names())+1)
	}

	mine := filepath.Join(dir, "request.txt")
	if err := os.WriteFile(mine, []byte("Subject: Mine\n\nHi.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = WriteDefaults(dir, false)
	var exist *ExistError
	if !errors.As(err, &exist) || len(exist.Paths) != len(Names())+1 {
		t.Fatalf("WriteDefaults() over existing files = %v; want an *ExistError naming all %d", err, len(Names())+1)
	}
	if b, _ := os.ReadFile(mine); string(b) != "Subject: Mine\n\nHi.\n" {
		t.Errorf("a refused WriteDefaults changed %s: %q", mine, b)
	}
	if _, err := WriteDefaults(dir, true); err != nil {
		t.Fatalf("WriteDefaults(force) error = %v", err)
	}
	if b, _ := os.ReadFile(mine); string(b) == "Subject: Mine\n\nHi.\n" {
		t.Errorf("WriteDefaults(force) left %s as it was", mine)
	}
}
