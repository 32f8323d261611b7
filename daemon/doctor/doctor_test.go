package doctor

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/store"
)

func TestMain(m *testing.M) { os.Exit(mailstack.RunTests(m)) }

// monday is the tests' clock: winter time in Berlin.
var monday = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

// home isolates the test from the machine's configuration and data.
func home(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	t.Setenv("CONFIGURATION_DIRECTORY", "")
	t.Setenv("STATE_DIRECTORY", "")
	return dir
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// lines are the checks as rapport doctor prints them.
func lines(r *Report) string {
	marks := map[Status]string{Pass: "✓ ", Fail: "✗ ", Warn: "! "}
	var b strings.Builder
	for _, c := range r.Checks {
		b.WriteString(marks[c.Status] + c.What)
		if c.Fix != "" {
			b.WriteString(" — " + c.Fix)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// run runs the doctor on the configuration at path ("" for the default
// location) and checks that Progress saw every check, in order.
func run(t *testing.T, path string) (*Report, string) {
	t.Helper()
	var seen []Check
	r := Run(context.Background(), Options{ConfigPath: path, Now: func() time.Time { return monday },
		Progress: func(c Check) { seen = append(seen, c) }})
	if fmt.Sprint(seen) != fmt.Sprint(r.Checks) {
		t.Errorf("Progress saw\n%v\nthe report holds\n%v", seen, r.Checks)
	}
	return r, lines(r)
}

func TestRunOffline(t *testing.T) {
	t.Run("no configuration file", func(t *testing.T) {
		home(t)
		r, out := run(t, "")
		// The file, and the built-in defaults' owner.name and owner.addresses.
		if r.Failed() != 3 {
			t.Errorf("Failed() = %d, want 3\n%s", r.Failed(), out)
		}
		fixture.WantLine(t, out, "✗ config: no configuration file at ", "— copy config.example.toml there")
		fixture.WantLine(t, out, "✗ config: owner.name: not set — ")
		fixture.WantLine(t, out, "✓ templates: the built-in ones")
		fixture.WantLine(t, out, "✓ time zone: the system's local zone, ", "set owner.time_zone to choose one")
	})

	t.Run("good, no database yet", func(t *testing.T) {
		dir := home(t)
		path := writeFile(t, dir, "config.toml", fixture.OfflineConfig(dir, ""))
		r, out := run(t, path)
		if r.Failed() != 0 {
			t.Errorf("a good configuration fails a check:\n%s", out)
		}
		fixture.WantLine(t, out, "✓ config: "+path)
		// Without servers rapport is a command-line tracker: a warning, not a failure.
		fixture.WantLine(t, out, "! config: "+path+": imap.host: not set")
		fixture.WantLine(t, out, "✓ database: none yet at "+filepath.Join(dir, "state", "rapport.db"))
		fixture.WantLine(t, out, "✓ time zone: Europe/Berlin (CET, UTC+01:00 now)")
		if _, err := os.Stat(filepath.Join(dir, "state")); err == nil {
			t.Errorf("the doctor created the database directory")
		}
	})

	t.Run("good database", func(t *testing.T) {
		dir := home(t)
		path := writeFile(t, dir, "config.toml", fixture.OfflineConfig(dir, ""))
		st, err := store.Open(context.Background(), filepath.Join(dir, "state", "rapport.db"))
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		r, out := run(t, path)
		if r.Failed() != 0 {
			t.Errorf("Failed() = %d, want 0\n%s", r.Failed(), out)
		}
		fixture.WantLine(t, out, "✓ database: "+filepath.Join(dir, "state", "rapport.db")+", ", " KiB, integrity ok",
			fmt.Sprintf("schema version %d", store.SchemaVersion()))
		if strings.Contains(out, "! database") {
			t.Errorf("a database rapport created private draws a warning:\n%s", out)
		}
	})

	t.Run("database open to others", func(t *testing.T) {
		dir := home(t)
		path := writeFile(t, dir, "config.toml", fixture.OfflineConfig(dir, ""))
		state := filepath.Join(dir, "state")
		dbPath := filepath.Join(state, "rapport.db")
		st, err := store.Open(context.Background(), dbPath)
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		// As an older rapport, or a copy under umask 022, left them.
		if err := os.Chmod(dbPath, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(state, 0o755); err != nil {
			t.Fatal(err)
		}
		r, out := run(t, path)
		if r.Failed() != 0 {
			t.Errorf("Failed() = %d, want 0 (warnings)\n%s", r.Failed(), out)
		}
		fixture.WantLine(t, out, "✓ database: "+dbPath+", ", "integrity ok")
		fixture.WantLine(t, out, "! database: "+dbPath+" is accessible to group or others (mode 0644)", "— run: chmod 600 "+dbPath)
		fixture.WantLine(t, out, "! database: its directory "+state+" is open to group or others (mode 0755)", "— run: chmod 700 "+state)
		if fi, err := os.Stat(dbPath); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("the doctor changed the database's mode: %v, %v", fi, err)
		}
	})

	t.Run("database overridden", func(t *testing.T) {
		dir := home(t)
		path := writeFile(t, dir, "config.toml", fixture.OfflineConfig(dir, ""))
		other := filepath.Join(dir, "other.db")
		r := Run(context.Background(), Options{ConfigPath: path, Database: other, Now: func() time.Time { return monday }})
		fixture.WantLine(t, lines(r), "✓ database: none yet at "+other)
	})

	t.Run("config problems", func(t *testing.T) {
		dir := home(t)
		path := writeFile(t, dir, "config.toml", fixture.OfflineConfig(dir, `
[imap]
host = "imap.example.com"
tls = "sometimes"
username = "alex@example.com"
password_command = "echo secret"
`))
		r, out := run(t, path)
		if r.Failed() != 2 {
			t.Errorf("Failed() = %d, want 2\n%s", r.Failed(), out)
		}
		fixture.WantLine(t, out, "✗ config: "+path+":14: imap.tls: ", `"sometimes" is not a TLS mode`, `— use "implicit", "starttls" or "none"`)
		fixture.WantLine(t, out, "✗ imap: not checked — fix imap.tls above first")
		if strings.Contains(out, "✓ config") {
			t.Errorf("a config with problems passes:\n%s", out)
		}
	})

	t.Run("config does not load", func(t *testing.T) {
		dir := home(t)
		path := writeFile(t, dir, "config.toml", fixture.OfflineConfig(dir, "[imap]\nhots = \"imap.example.com\"\n"))
		_, out := run(t, path)
		fixture.WantLine(t, out, "✗ config: "+path+":12:1: ", `unknown key "imap.hots"`)
		fixture.WantLine(t, out, "✗ config: the file does not load, so nothing else was checked")
		if strings.Contains(out, "database") {
			t.Errorf("the doctor went on without a configuration:\n%s", out)
		}
	})

	t.Run("broken template", func(t *testing.T) {
		dir := home(t)
		tdir := filepath.Join(dir, "templates")
		if err := os.Mkdir(tdir, 0o700); err != nil {
			t.Fatal(err)
		}
		writeFile(t, tdir, "request.txt", "Subject: {{.Contact.Name\n\nHi.\n")
		path := writeFile(t, dir, "config.toml", fixture.OfflineConfig(dir, "templates = \"templates\"\n"))
		_, out := run(t, path)
		fixture.WantLine(t, out, "✗ templates: "+filepath.Join(tdir, "request.txt")+":1: ")
		fixture.WantLine(t, out, "✗ templates: 1 problem(s) in "+tdir, "— fix the lines above, then run rapport templates check")
	})

	t.Run("template overrides", func(t *testing.T) {
		dir := home(t)
		tdir := filepath.Join(dir, "templates")
		if err := os.Mkdir(tdir, 0o700); err != nil {
			t.Fatal(err)
		}
		writeFile(t, tdir, "request.txt", "Subject: Mine\n\nHi.\n")
		path := writeFile(t, dir, "config.toml", fixture.OfflineConfig(dir, "templates = \"templates\"\n"))
		_, out := run(t, path)
		fixture.WantLine(t, out, "✓ templates: "+tdir+" (overrides request)")
	})

	t.Run("damaged database", func(t *testing.T) {
		dir := home(t)
		path := writeFile(t, dir, "config.toml", fixture.OfflineConfig(dir, ""))
		if err := os.MkdirAll(filepath.Join(dir, "state"), 0o700); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "state"), "rapport.db", strings.Repeat("not a database ", 500))
		_, out := run(t, path)
		fixture.WantLine(t, out, "✗ database: ", "restore your latest backup (see rapport backup)")
	})

	t.Run("newer database", func(t *testing.T) {
		dir := home(t)
		path := writeFile(t, dir, "config.toml", fixture.OfflineConfig(dir, ""))
		dbPath := filepath.Join(dir, "state", "rapport.db")
		st, err := store.Open(context.Background(), dbPath)
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		db, err := sql.Open("sqlite", dbPath)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", store.SchemaVersion()+1)); err != nil {
			t.Fatal(err)
		}
		db.Close()
		_, out := run(t, path)
		fixture.WantLine(t, out, "✗ database: ", fmt.Sprintf("schema version %d, newer than this rapport's %d", store.SchemaVersion()+1, store.SchemaVersion()),
			"— upgrade rapport")
	})

	t.Run("send test without smtp", func(t *testing.T) {
		dir := home(t)
		path := writeFile(t, dir, "config.toml", fixture.OfflineConfig(dir, ""))
		r := Run(context.Background(), Options{ConfigPath: path, SendTest: "kim@example.com", Now: func() time.Time { return monday }})
		fixture.WantLine(t, lines(r), "✗ smtp: no test message sent: smtp.host is not set — set [smtp] to send mail")
	})
}

// TestZone checks the time zone line: a named zone with its abbreviation,
// a zone whose abbreviation is only an offset, and a name that does not
// load.
func TestZone(t *testing.T) {
	tests := []struct {
		zone   string
		status Status
		want   string
	}{
		{"Europe/Berlin", Pass, "time zone: Europe/Berlin (CET, UTC+01:00 now)"},
		{"America/New_York", Pass, "time zone: America/New_York (EST, UTC-05:00 now)"},
		{"Asia/Dubai", Pass, "time zone: Asia/Dubai (UTC+04:00 now)"},
		{"UTC", Pass, "time zone: UTC (UTC+00:00 now)"},
		{"Mars/Olympus", Fail, `time zone: owner.time_zone "Mars/Olympus" does not load: `},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			d := &doctor{opts: Options{Now: func() time.Time { return monday }}, report: &Report{}}
			cfg := testConfig()
			cfg.Owner.TimeZone = tt.zone
			d.zone(cfg)
			if len(d.report.Checks) != 1 {
				t.Fatalf("zone() made %d checks, want 1", len(d.report.Checks))
			}
			if c := d.report.Checks[0]; c.Status != tt.status || !strings.HasPrefix(c.What, tt.want) {
				t.Errorf("zone() = %s %q, want %s %q", c.Status, c.What, tt.status, tt.want)
			}
		})
	}
}

// TestCheckClean checks that every check is one line and never holds a
// secret read earlier, while short secrets leave the text alone.
func TestCheckClean(t *testing.T) {
	d := &doctor{report: &Report{}, secrets: []string{"hunter2", "abc"}}
	d.fail("smtp: log in: 535 bad password hunter2\n  second  line", "check the password abc")
	want := Check{Status: Fail, What: "smtp: log in: 535 bad password [redacted]; second line", Fix: "check the password abc"}
	if got := d.report.Checks[0]; got != want {
		t.Errorf("check = %+v, want %+v", got, want)
	}
	if n := d.report.Failed(); n != 1 {
		t.Errorf("Failed() = %d, want 1", n)
	}
	d.warn("imap: the server has no IDLE", "")
	if n := d.report.Failed(); n != 1 {
		t.Errorf("Failed() after a warning = %d, want 1", n)
	}
}

// testConfig is the built-in configuration with an IMAP and an SMTP host.
func testConfig() *config.Config {
	cfg := config.Default()
	cfg.IMAP.Host, cfg.SMTP.Host = "imap.example.com", "smtp.example.com"
	return cfg
}
