package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/store"
)

// env is one isolated home for the CLI: its own database and no
// configuration file, as on a fresh machine.
type env struct {
	t   *testing.T
	dir string
	now time.Time
}

func newEnv(t *testing.T) *env {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	t.Setenv("CONFIGURATION_DIRECTORY", "")
	t.Setenv("STATE_DIRECTORY", "")
	t.Setenv("TZ", "UTC")
	t.Setenv(envConfig, "")
	t.Setenv(envDB, "")
	t.Setenv("VISUAL", "")
	return &env{t: t, dir: dir, now: time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)}
}

// run runs one command line and returns its exit status and output.
func (e *env) run(args ...string) (code int, stdout, stderr string) {
	e.t.Helper()
	var out, errOut bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, now: func() time.Time { return e.now }}
	code = a.main(context.Background(), args)
	return code, out.String(), errOut.String()
}

// ok runs a command that must succeed and returns its standard output.
func (e *env) ok(args ...string) string {
	e.t.Helper()
	code, out, errOut := e.run(args...)
	if code != 0 {
		e.t.Fatalf("rapport %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func (e *env) listJSON(args ...string) []contacts.Record {
	e.t.Helper()
	var list []contacts.Record
	out := e.ok(append([]string{"list", "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		e.t.Fatalf("list --json is not JSON: %v\n%s", err, out)
	}
	return list
}

func wantContains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("%s does not contain %q:\n%s", what, w, got)
		}
	}
}

// TestNewcomerTour follows README.md: import a LinkedIn export, list,
// mark one contact met, and read the timeline.
func TestNewcomerTour(t *testing.T) {
	e := newEnv(t)
	writeOwner(t, e) // marking met drafts the thank-you
	out := e.ok("import", "testdata/Connections.csv")
	wantContains(t, "import", out, "LinkedIn export", "3 added", "0 bad row(s)")

	out = e.ok("list")
	wantContains(t, "list", out, "ID", "NAME", "#1", "Jane Doe", "Acme Robotics", "#3", "Zoë Ångström", "write a request")

	e.now = e.now.Add(time.Hour)
	out = e.ok("mark", "jane@ACME.example", "scheduled", "2026-12-03", "15:00", "Europe/Berlin", "--place", "video call")
	wantContains(t, "mark scheduled", out, "#1 Jane Doe: new → scheduled", "next: meeting Thu 3 Dec 14:00 UTC")
	e.now = e.now.Add(240 * time.Hour)
	wantContains(t, "mark met", e.ok("mark", "1", "met"), "scheduled → met", "send the thank-you")
	e.ok("note", "#1", "Robotics", "needs", "controls", "engineers")

	out = e.ok("show", "Jane")
	wantContains(t, "show", out,
		"#1 Jane Doe <jane@acme.example>", "Staff Engineer at Acme Robotics", "Found via:", "LinkedIn",
		"Status:", "met (follow-up)", "Meeting:", "Thu 3 Dec 2026 14:00–14:30 UTC at video call",
		"2026-12-03: Robotics needs controls engineers",
		"Timeline",
		"2026-11-23 09:30 UTC  added", "imported from Connections.csv line 6 (LinkedIn connection since 2024-03-12)",
		"2026-11-23 10:30 UTC  meeting scheduled  new → scheduled",
		"2026-12-03 10:30 UTC  met", "scheduled → met",
		"note")
	// The timeline is in order.
	timeline := out[strings.Index(out, "Timeline"):]
	if i, j := strings.Index(timeline, "meeting scheduled"), strings.Index(timeline, "  met "); i < 0 || j < i {
		t.Fatalf("timeline out of order:\n%s", out)
	}
}

func TestListFilters(t *testing.T) {
	e := newEnv(t)
	e.ok("import", "testdata/Connections.csv")
	e.ok("mark", "2", "met")
	e.ok("mark", "3", "drop")
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{nil, []string{"Jane Doe", "Sam Lee", "Zoë Ångström"}},
		{[]string{"--status", "new"}, []string{"Jane Doe"}},
		{[]string{"--stage", "follow-up"}, []string{"Sam Lee"}},
		{[]string{"--stage", "closed"}, []string{"Zoë Ångström"}},
	} {
		var names []string
		for _, c := range e.listJSON(tt.args...) {
			names = append(names, c.Name)
		}
		if strings.Join(names, ",") != strings.Join(tt.want, ",") {
			t.Errorf("list %v = %v, want %v", tt.args, names, tt.want)
		}
	}
	if code, _, errOut := e.run("list", "--status", "ghosted"); code != 2 || !strings.Contains(errOut, "unknown status") {
		t.Errorf("list --status ghosted: exit %d, %q; want 2 and the valid statuses", code, errOut)
	}
}

func TestImportReferralChain(t *testing.T) {
	e := newEnv(t)
	e.ok("import", "testdata/referrals.csv")
	byName := map[string]contacts.Record{}
	for _, c := range e.listJSON() {
		byName[c.Name] = c
	}
	priya, omar, lena := byName["Priya Natarajan"], byName["Omar Haddad"], byName["Lena Vogel"]
	if omar.IntroducedBy != priya.ID || lena.IntroducedBy != omar.ID || priya.IntroducedBy != 0 {
		t.Fatalf("introducers: Omar by #%d, Lena by #%d, Priya by #%d; want #%d, #%d, none",
			omar.IntroducedBy, lena.IntroducedBy, priya.IntroducedBy, priya.ID, omar.ID)
	}
	if strings.Join(priya.Tags, ",") != "mentors,nursing" || priya.Field != "healthcare" {
		t.Fatalf("Priya = %+v, want tags mentors,nursing and field healthcare", priya)
	}
	out := e.ok("show", "omar")
	wantContains(t, "show omar", out, "Introduced by:  #1 Priya Natarajan", "Introduced:     #3 Lena Vogel")
}

func TestImportIsAllOrNothing(t *testing.T) {
	e := newEnv(t)
	code, out, errOut := e.run("import", "testdata/bad.csv")
	if code != 1 {
		t.Fatalf("import bad.csv: exit %d, want 1", code)
	}
	wantContains(t, "report", out, "nothing imported", "2 bad row(s)", "line 3:", "broken@", "line 5:", "line 2")
	wantContains(t, "error", errOut, "nothing imported", "--skip-bad")
	if list := e.listJSON(); len(list) != 0 {
		t.Fatalf("after a refused import, %d contacts exist; want none", len(list))
	}

	e.ok("import", "testdata/bad.csv", "--dry-run", "--skip-bad")
	if list := e.listJSON(); len(list) != 0 {
		t.Fatalf("after a dry run, %d contacts exist; want none", len(list))
	}

	out = e.ok("import", "testdata/bad.csv", "--skip-bad")
	wantContains(t, "skip-bad import", out, "2 added", "2 bad row(s)")
	if list := e.listJSON(); len(list) != 2 {
		t.Fatalf("after --skip-bad, %d contacts; want the 2 good ones", len(list))
	}
}

func TestImportMergesWithoutOverwriting(t *testing.T) {
	e := newEnv(t)
	e.ok("add", "--name", "Jane D.", "--email", "JANE@acme.example", "--role", "Principal Engineer")
	out := e.ok("import", "testdata/Connections.csv")
	wantContains(t, "import", out, "2 added, 1 updated", "updated #1 Jane D. (company, source, url)")
	jane := e.listJSON()[0]
	if jane.Name != "Jane D." || jane.Role != "Principal Engineer" || jane.Company != "Acme Robotics" {
		t.Fatalf("merged contact = %+v; want the owner's name and role kept, the company filled", jane)
	}
}

func TestExportImportsBack(t *testing.T) {
	e := newEnv(t)
	e.ok("import", "testdata/referrals.csv")
	e.ok("import", "testdata/Connections.csv")
	exported := filepath.Join(e.dir, "export.csv")
	e.ok("export", "--output", exported)
	before := e.listJSON()

	other := newEnv(t)
	other.ok("import", exported)
	after := other.listJSON()
	if len(after) != len(before) {
		t.Fatalf("re-import has %d contacts, want %d", len(after), len(before))
	}
	for i := range before {
		b, a := before[i], after[i]
		if a.Name != b.Name || a.Email != b.Email || a.Company != b.Company || a.Role != b.Role ||
			a.Field != b.Field || a.URL != b.URL || a.IntroducedBy != b.IntroducedBy || strings.Join(a.Tags, ",") != strings.Join(b.Tags, ",") {
			t.Errorf("contact %d after the round trip = %+v\nwant %+v", i, a, b)
		}
	}
	var full []contacts.Record
	if err := json.Unmarshal([]byte(e.ok("export", "--format", "json")), &full); err != nil || len(full) != len(before) || len(full[0].History) == 0 {
		t.Fatalf("export --format json: %v, %d contacts; want all with their history", err, len(full))
	}
}

func TestMarkErrorsSayWhatToDo(t *testing.T) {
	e := newEnv(t)
	e.ok("import", "testdata/Connections.csv")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown contact", []string{"mark", "42", "met"}, 1, `no contact matches "42"`},
		{"ambiguous contact", []string{"mark", "a", "met"}, 1, "matches 3 contacts; use the #id"},
		{"unknown action", []string{"mark", "1", "hired"}, 2, "met, scheduled TIME [ZONE], drop"},
		{"refused transition", []string{"mark", "1", "resume"}, 1, `cannot apply "resumed" to a contact in status "new": the contact is not paused`},
		{"bad time", []string{"mark", "1", "scheduled", "next", "tuesday"}, 2, "not a meeting time"},
		{"bad zone", []string{"mark", "1", "scheduled", "2026-12-03", "15:00", "Mars/Olympus"}, 2, "not a time zone"},
		{"until without pause", []string{"mark", "1", "met", "--until", "2027-01-01"}, 2, "--until goes with pause"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := e.run(tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Fatalf("rapport %v: exit %d, %q; want exit %d and %q", tt.args, code, errOut, tt.code, tt.want)
			}
		})
	}
	if c := e.listJSON()[0]; c.Status != "new" || len(c.History) != 0 && len(c.History) != 1 {
		t.Fatalf("after refused marks Jane is %s, want new", c.Status)
	}
}

func TestPauseAndResume(t *testing.T) {
	e := newEnv(t)
	writeOwner(t, e)
	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com")
	e.ok("mark", "1", "scheduled", "2026-12-01", "10:00")
	if code, _, errOut := e.run("mark", "1", "pause"); code != 1 || !strings.Contains(errOut, "cancel or move it first") {
		t.Fatalf("pausing a scheduled contact: exit %d, %q", code, errOut)
	}
	e.ok("mark", "1", "met")
	out := e.ok("mark", "1", "pause", "--until", "2027-01-10")
	wantContains(t, "pause", out, "met → paused", "next: resume Sun 10 Jan 00:00")
	wantContains(t, "resume", e.ok("mark", "1", "resume"), "paused → met")
}

func TestAddValidates(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"add", "--email", "x@example.com"}, "--name is required"},
		{[]string{"add", "--name", "X"}, "--email is required"},
		{[]string{"add", "--name", "X", "--email", "Jane <x@example.com>"}, "not a plain email address"},
		{[]string{"add", "--name", "X", "--email", "x@example.com", "--tz", "Nowhere/City"}, "not a time zone"},
		{[]string{"add", "--name", "X", "--email", "x@example.com", "--introduced-by", "nobody"}, `--introduced-by: no contact matches "nobody"`},
	}
	for _, tt := range tests {
		if code, _, errOut := e.run(tt.args...); code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("rapport %v: exit %d, %q; want failure with %q", tt.args, code, errOut, tt.want)
		}
	}
	e.ok("add", "--name", "Jane", "--email", "jane@example.com")
	if code, _, errOut := e.run("add", "--name", "Jane Again", "--email", "JANE@example.com"); code != 1 || !strings.Contains(errOut, "already belongs to contact #1") {
		t.Errorf("duplicate add: exit %d, %q", code, errOut)
	}
}

func TestConfigCheck(t *testing.T) {
	e := newEnv(t)
	out := e.ok("config", "check", "../../config.example.toml")
	wantContains(t, "config check", out, "config OK")

	bad := filepath.Join(e.dir, "bad.toml")
	os.WriteFile(bad, []byte("[owner]\nname = \"Alex\"\naddresses = [\"not-an-address\"]\n\n[workflow]\nsend_mode = \"later\"\n"), 0o600)
	code, out, _ := e.run("config", "check", bad)
	if code != 1 {
		t.Fatalf("config check bad.toml: exit %d, want 1", code)
	}
	wantContains(t, "problems", out, "bad.toml:3: owner.addresses", "bad.toml:6: workflow.send_mode")

	if code, _, errOut := e.run("list", "--config", bad); code != 1 || !strings.Contains(errOut, "workflow.send_mode") {
		t.Fatalf("list with a bad config: exit %d, %q; want the problems", code, errOut)
	}
}

func TestUsageAndVersion(t *testing.T) {
	e := newEnv(t)
	if code, _, errOut := e.run("frobnicate"); code != 2 || !strings.Contains(errOut, "rapport help") {
		t.Errorf("unknown command: exit %d, %q", code, errOut)
	}
	if code, _, errOut := e.run(); code != 2 || !strings.Contains(errOut, "rapport import") {
		t.Errorf("no command: exit %d, %q", code, errOut)
	}
	wantContains(t, "version", e.ok("version"), "rapport ", fmt.Sprintf("database schema %d", store.SchemaVersion()))
	wantContains(t, "help import", e.ok("help", "import"), "--skip-bad")
}
