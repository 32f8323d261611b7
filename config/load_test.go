package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeConfig writes doc to a config.toml in a new temporary directory and
// returns its path.
func writeConfig(t *testing.T, doc string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadReportsPositions(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string // error lines, after "FILE:"
	}{
		{
			name: "unknown key with a close match",
			doc:  "[owner]\nname = \"A\"\n\n[imap]\nhots = \"imap.example.com\"\n",
			want: []string{`5:1: unknown key "imap.hots" (did you mean "host"?)`},
		},
		{
			name: "several unknown keys",
			doc:  "[imap]\nprot = 993\n[workflow]\nsend_mod = \"direct\"\n",
			want: []string{
				`2:1: unknown key "imap.prot" (did you mean "port"?)`,
				`4:1: unknown key "workflow.send_mod" (did you mean "send_mode"?)`,
			},
		},
		{
			name: "unknown table",
			doc:  "[imapp]\nhost = \"x\"\n",
			want: []string{`1:2: unknown table "imapp" (did you mean "imap"?)`},
		},
		{
			name: "key in the wrong table",
			doc:  "[owner]\nsend_mode = \"direct\"\n",
			want: []string{`2:1: unknown key "owner.send_mode" (did you mean "workflow.send_mode"?)`},
		},
		{
			name: "dotted key",
			doc:  "imap.hots = \"x\"\n",
			want: []string{`1:1: unknown key "imap.hots" (did you mean "host"?)`},
		},
		{
			name: "inline table",
			doc:  "[workflow]\nsend_window = { days = \"Mon\", hourz = \"09:00-10:00\" }\n",
			want: []string{`2:31: unknown key "workflow.send_window.hourz" (did you mean "hours"?)`},
		},
		{
			name: "unknown key far from any",
			doc:  "[digest]\ncolour = \"blue\"\n",
			want: []string{`2:1: unknown key "digest.colour" (see config.example.toml for the keys rapport knows)`},
		},
		{
			name: "syntax error",
			doc:  "[owner]\nname = \"Alex\n",
			want: []string{`2:13: basic strings cannot have new lines`},
		},
		{
			name: "unclosed table header",
			doc:  "[owner\n",
			want: []string{`1:7: expected ']' to close table name`},
		},
		{
			name: "bad duration",
			doc:  "[workflow]\nmin_gap = \"5\"\n",
			want: []string{`2:11: workflow.min_gap: invalid duration "5": missing unit after 5 (write a number and a unit`},
		},
		{
			name: "duration written as a number",
			doc:  "[workflow]\n\nmin_gap = 5\n",
			want: []string{`3:1: workflow.min_gap: a duration must be a quoted string`},
		},
		{
			name: "wrong type",
			doc:  "[workflow]\nmax_nudges = \"2\"\n",
			want: []string{`2:14: workflow.max_nudges: cannot decode TOML string`},
		},
		{
			name: "unquoted date",
			doc:  "[workflow]\nholidays = [2026-12-25]\n",
			want: []string{`2:13: workflow.holidays: cannot decode TOML local date`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.doc)
			c, err := Load(path)
			if err == nil {
				t.Fatalf("Load() = %+v, nil, want an error", c)
			}
			got := strings.Split(err.Error(), "\n")
			if len(got) != len(tt.want) {
				t.Fatalf("Load() error = %q, want %d lines", err, len(tt.want))
			}
			for i, want := range tt.want {
				if !strings.HasPrefix(got[i], path+":"+want) {
					t.Errorf("Load() error line %d = %q, want prefix %q", i, got[i], path+":"+want)
				}
			}
		})
	}
}

func TestLoadOverDefaults(t *testing.T) {
	path := writeConfig(t, `
[smtp]
host = "smtp.example.com"
tls = "implicit"

[workflow]
max_nudges = 2
send_window = { days = "Mon,Wed", hours = "10:00-12:00" }
`)
	c, err := Load(path)
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"path", c.Path, path},
		{"smtp port from tls", c.SMTP.Port, 465},
		{"imap port", c.IMAP.Port, 993},
		{"imap tls", c.IMAP.TLS, TLSImplicit},
		{"max nudges", c.Workflow.MaxNudges, 2},
		{"nudge after (default)", c.Workflow.NudgeAfterBusinessDays, 5},
		{"no response after (default)", c.Workflow.NoResponseAfter.Duration, 7 * 24 * time.Hour},
		{"send window", c.Workflow.SendWindow, SendWindow{Days: "Mon,Wed", Hours: "10:00-12:00"}},
		{"digest time (default)", c.Digest.Time, "07:30"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestLoadResolvesPaths(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	path := writeConfig(t, `
[imap]
password_file = "secrets/imap"
[smtp]
password_file = "~/smtp-password"
[paths]
database = "/var/lib/rapport/../rapport/r.db"
templates = "tmpl"
`)
	dir := filepath.Dir(path)
	c, err := Load(path)
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	tests := []struct{ name, got, want string }{
		{"relative", c.IMAP.PasswordFile, filepath.Join(dir, "secrets", "imap")},
		{"home", c.SMTP.PasswordFile, filepath.Join(home, "smtp-password")},
		{"absolute", c.Paths.Database, "/var/lib/rapport/r.db"},
		{"relative dir", c.Paths.Templates, filepath.Join(dir, "tmpl")},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: path = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestLoadDefault(t *testing.T) {
	t.Setenv("CONFIGURATION_DIRECTORY", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_DATA_HOME", "/data")

	missing := filepath.Join(t.TempDir(), "nope.toml")
	_, err := LoadDefault(missing)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Fatalf("LoadDefault(%q) = %v, want a not-exist error naming the file", missing, err)
	}

	c, err := LoadDefault("")
	if err != nil || c.Path != "" || c.Paths.Database != "/data/rapport/rapport.db" {
		t.Fatalf("LoadDefault(\"\") without a file = %+v, %v, want Default()", c, err)
	}

	def := DefaultPath()
	if err := os.MkdirAll(filepath.Dir(def), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(def, []byte("[owner]\nname = \"Alex\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = LoadDefault("")
	if err != nil || c.Path != def || c.Owner.Name != "Alex" {
		t.Fatalf("LoadDefault(\"\") = %+v, %v, want %s loaded", c, err, def)
	}

	if err := os.WriteFile(def, []byte("[owner\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDefault(""); err == nil || !strings.HasPrefix(err.Error(), def+":1:") {
		t.Fatalf("LoadDefault(\"\") with a broken file = %v, want its syntax error", err)
	}
}
