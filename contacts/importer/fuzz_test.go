package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics and keeps its promises about lines
// and names, whatever the bytes.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.*sv"))
	if err != nil {
		f.Fatalf("list fixtures: %v", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatalf("read fixture: %v", err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Parse(bytes.NewReader(data))
		if (res == nil) == (err == nil) {
			t.Fatalf("Parse() = %v, %v, want exactly one of a Result and an error", res, err)
		}
		if err != nil {
			return
		}
		last := 0
		for _, r := range res.Rows {
			if r.Line <= last || r.Name == "" {
				t.Fatalf("Parse() row %+v after line %d, want Line > %d and a Name", r, last, last)
			}
			if r.Email != "" {
				if e, ok := normalizeEmail(r.Email); !ok || e != r.Email {
					t.Fatalf("Parse() row email %q, want a normalized address", r.Email)
				}
			}
			last = r.Line
		}
		last = 1
		for _, p := range res.Problems {
			if p.Line < last || p.Message == "" {
				t.Fatalf("Parse() problem %#v after line %d, want Line >= %d and a Message", p, last, last)
			}
			last = p.Line
		}
	})
}

// BenchmarkParse measures a plain file of a few thousand contacts, and a file
// where every row has a quoting error, which once took quadratic time.
func BenchmarkParse(b *testing.B) {
	inputs := map[string]string{
		"rows":           "Name,Email,Time Zone,Tags\n" + strings.Repeat("Jane Doe,jane@example.com,Europe/Paris,a;b\n", 5000),
		"quoting errors": "Name,Email\n" + strings.Repeat("\",\"b\n", 5000),
	}
	for name, in := range inputs {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse(strings.NewReader(in)); err != nil {
					b.Fatalf("Parse() error = %v, want nil", err)
				}
			}
		})
	}
}
