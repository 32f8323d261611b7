package forward

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// FuzzFromText checks that FromText never panics and that what it returns
// holds together.
func FuzzFromText(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add("----- Forwarded Message ----- From:To:Cc:Sent:Subject:")
	f.Add("On 1/2/3, \"\" <a@b.c> wrote:\n    x")
	f.Fuzz(func(t *testing.T, text string) {
		o, ok := FromText(text)
		if ok != (o != nil) {
			t.Fatalf("FromText() = %v, %v: want an Original exactly when ok", o, ok)
		}
		if !ok {
			return
		}
		if o.From == nil {
			t.Fatal("FromText().From = nil")
		}
		if o.Note != strings.TrimSpace(o.Note) {
			t.Fatalf("FromText().Note = %q: not trimmed", o.Note)
		}
		// Addresses fold ASCII letters only, everywhere in rapport, as
		// SQLite's lower() does (see package ascii): "0@0Ǥ" stays as it
		// is, and is found again by the same fold.
		if o.From.Address != ascii.Lower(o.From.Address) {
			t.Fatalf("FromText().From.Address = %q: ASCII letters not lower-cased", o.From.Address)
		}
	})
}
