package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/contacts"
)

// The summary says what was written, and only that.
func TestImportSummary(t *testing.T) {
	tests := []struct {
		name        string
		args        []string
		code        int
		wantOut     []string
		wantNotOut  []string
		wantErr     []string
		wantStored  int
		wantOutLast string
	}{
		{
			name: "refused: nothing imported, and which rows",
			args: []string{"import", "testdata/bad.csv"}, code: 1,
			wantOut:    []string{"nothing imported from testdata/bad.csv (CSV): 2 bad row(s)", "  line 3: email \"broken@\"", "  line 5: same email as line 2"},
			wantNotOut: []string{"added", "updated", "unchanged", "would"},
			wantErr:    []string{"testdata/bad.csv: nothing imported: 2 bad row(s) (lines 3 and 5); fix them, or run again with --skip-bad to import the other 2 row(s)"},
		},
		{
			name: "refused dry run: nothing would be imported either",
			args: []string{"import", "--dry-run", "testdata/bad.csv"}, code: 1,
			wantOut:    []string{"nothing imported from testdata/bad.csv (CSV): 2 bad row(s)"},
			wantNotOut: []string{"added", "dry run"},
			wantErr:    []string{"nothing imported: 2 bad row(s) (lines 3 and 5)"},
		},
		{
			name: "skip bad: the good rows, and the bad ones left out",
			args: []string{"import", "--skip-bad", "testdata/bad.csv"},
			wantOut: []string{"imported testdata/bad.csv (CSV): 2 added, 0 updated, 0 unchanged, 2 bad row(s) left out",
				"  line 3: email \"broken@\""},
			wantStored: 2,
		},
		{
			name:        "dry run",
			args:        []string{"import", "--dry-run", "--skip-bad", "--verbose", "testdata/bad.csv"},
			wantOut:     []string{"would import testdata/bad.csv (CSV): 2 added", "  line 2: add Good Person <good@example.com>"},
			wantOutLast: "dry run: nothing was written",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			code, out, errOut := e.run(tt.args...)
			if code != tt.code {
				t.Fatalf("rapport %v: exit %d, want %d\n%s%s", tt.args, code, tt.code, out, errOut)
			}
			wantContains(t, "stdout", out, tt.wantOut...)
			for _, no := range tt.wantNotOut {
				if strings.Contains(out, no) {
					t.Errorf("stdout says %q, want it not to:\n%s", no, out)
				}
			}
			wantContains(t, "stderr", errOut, tt.wantErr...)
			if tt.wantOutLast != "" && !strings.HasSuffix(out, tt.wantOutLast+"\n") {
				t.Errorf("stdout ends %q, want %q", out, tt.wantOutLast)
			}
			if list := e.listJSON(); len(list) != tt.wantStored {
				t.Errorf("%d contacts stored, want %d", len(list), tt.wantStored)
			}
		})
	}
}

// A file that is not contacts is refused before the database is opened.
func TestImportNotContacts(t *testing.T) {
	e := newEnv(t)
	path := filepath.Join(e.dir, "book.xlsx")
	if err := os.WriteFile(path, []byte("PK\x03\x04 a workbook"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := e.run("import", path)
	if code != 1 || !strings.Contains(errOut, "zip archive") {
		t.Fatalf("import of a workbook: exit %d, %q; want 1 and the reason", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "data", "rapport", "rapport.db")); !os.IsNotExist(err) {
		t.Fatalf("the database after a refused file: %v, want none", err)
	}
}

// Standard input is read twice too: a pipe through a copy.
func TestImportStandardInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stdin func(t *testing.T, data string) *os.File
	}{
		{"a pipe", func(t *testing.T, data string) *os.File {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			go func() { w.WriteString(data); w.Close() }()
			t.Cleanup(func() { r.Close() })
			return r
		}},
		{"a file", func(t *testing.T, data string) *os.File {
			path := filepath.Join(t.TempDir(), "in.csv")
			if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return f
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			var out, errOut bytes.Buffer
			in := tc.stdin(t, "name,email,introduced by\nAna Ruiz,ana@x.example,Bo Chen\nBo Chen,bo@x.example,\n")
			a := &app{stdin: in, stdout: &out, stderr: &errOut, now: func() time.Time { return e.now }}
			if code := a.main(context.Background(), []string{"import", "-"}); code != 0 {
				t.Fatalf("import -: exit %d\n%s%s", code, out.String(), errOut.String())
			}
			wantContains(t, "stdout", out.String(), "imported - (CSV): 2 added")
			list := e.listJSON()
			if len(list) != 2 || list[0].IntroducedBy != list[1].ID {
				t.Fatalf("after import -: %+v; want Ana introduced by Bo", list)
			}
		})
	}
}

func TestProgressText(t *testing.T) {
	for _, tc := range []struct {
		p    contacts.ImportProgress
		want string
	}{
		{contacts.ImportProgress{Phase: contacts.ImportChecking, Rows: 12345, Read: 400, Size: 1000}, "checking f.csv: 40% (12,345 rows)"},
		{contacts.ImportProgress{Phase: contacts.ImportWriting, Rows: 3000, Total: 100000, Read: 5, Size: 10}, "importing f.csv: 3,000 of 100,000 rows (3%)"},
		{contacts.ImportProgress{Phase: contacts.ImportChecking, Rows: 7}, "checking f.csv: 7 rows"},
	} {
		if got := progressText("f.csv", tc.p); got != tc.want {
			t.Errorf("progressText(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
	if newProgressLine(&bytes.Buffer{}, "f.csv") != nil {
		t.Errorf("newProgressLine(a buffer) is a line; want none when not a terminal")
	}
}

func TestLinesText(t *testing.T) {
	for _, tc := range []struct {
		lines []int
		want  string
	}{
		{[]int{3}, "line 3"},
		{[]int{3, 5}, "lines 3 and 5"},
		{[]int{3, 5, 9}, "lines 3, 5 and 9"},
		{[]int{2, 3, 4, 5, 6, 7, 8}, "lines 2, 3, 4, 5, 6 and 2 more"},
	} {
		if got := linesText(tc.lines); got != tc.want {
			t.Errorf("linesText(%v) = %q, want %q", tc.lines, got, tc.want)
		}
	}
}
