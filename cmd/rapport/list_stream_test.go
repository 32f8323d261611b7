package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// streamEnv is a small database whose contacts differ in every way list
// and export show: names and companies of several scripts, some longer
// than list's columns, a formula a spreadsheet would run, tags, notes,
// an introducer, and statuses with and without a dated next step.
func streamEnv(t *testing.T) *env {
	e := newEnv(t)
	writeOwner(t, e) // drafting (mark met) needs the owner
	e.ok("import", "testdata/list/contacts.csv")
	e.now = e.now.Add(time.Hour)
	e.ok("mark", "2", "scheduled", "2026-12-01", "10:00")
	e.ok("mark", "4", "scheduled", "2026-11-30", "10:00")
	e.ok("mark", "5", "met")
	e.ok("mark", "7", "dropped")
	e.ok("note", "3", "asked about the move to Oslo")
	return e
}

// TestListAndExportGolden: list, in every order and format, and export
// print what they printed when they held the whole list (the golden files
// were written by that version).
func TestListAndExportGolden(t *testing.T) {
	e := streamEnv(t)
	tests := []struct {
		name string
		args []string
	}{
		{"table", []string{"list"}},
		{"by-name", []string{"list", "--sort", "name"}},
		{"by-status", []string{"list", "--sort", "status"}},
		{"by-next", []string{"list", "--sort", "next"}},
		{"by-added-limit", []string{"list", "--sort", "added", "--limit", "3"}},
		{"by-next-limit", []string{"list", "--sort", "next", "--limit", "2"}},
		{"tag", []string{"list", "--tag", "mentors"}},
		{"json", []string{"list", "--json"}},
		{"json-by-next", []string{"list", "--json", "--sort", "next"}},
		{"json-none", []string{"list", "--json", "--status", "replied"}},
		{"export-csv", []string{"export"}},
		{"export-json", []string{"export", "--format", "json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := e.run(tt.args...)
			if code != 0 {
				t.Fatalf("rapport %s: exit %d\n%s", strings.Join(tt.args, " "), code, errOut)
			}
			got := out + "--- stderr\n" + errOut
			if strings.Contains(tt.name, "json") {
				var v []any
				if err := json.Unmarshal([]byte(out), &v); err != nil {
					t.Fatalf("not JSON: %v\n%s", err, out)
				}
			}
			golden := filepath.Join("testdata", "list", tt.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("rapport %s differs from %s:\n%s", strings.Join(tt.args, " "), golden, got)
			}
		})
	}
}

// TestListAndExportGoldenLarge is TestListAndExportGolden on 700
// contacts, more than the store reads at once, so that chunks meet in
// the middle of the output; the golden file keeps each output's SHA-256.
func TestListAndExportGoldenLarge(t *testing.T) {
	e := newEnv(t)
	file := filepath.Join(e.dir, "contacts.csv")
	writeImportBench(t, file, 700)
	e.ok("import", file)
	var digests strings.Builder
	for _, args := range [][]string{
		{"list"}, {"list", "--sort", "name"}, {"list", "--sort", "status", "--limit", "300"},
		{"list", "--sort", "next"}, {"list", "--json"}, {"list", "--tag", "climate"},
		{"export"}, {"export", "--format", "json"},
	} {
		code, out, errOut := e.run(args...)
		if code != 0 {
			t.Fatalf("rapport %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
		}
		sum := sha256.Sum256([]byte(out + "--- stderr\n" + errOut))
		fmt.Fprintf(&digests, "%x  %s\n", sum, strings.Join(args, " "))
	}
	golden := filepath.Join("testdata", "list", "large.sha256")
	if *update {
		if err := os.WriteFile(golden, []byte(digests.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if digests.String() != string(want) {
		t.Errorf("outputs differ from %s:\n%s", golden, digests.String())
	}
}
