package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/config"

	"github.com/spf13/cobra"
)

// TestManPages checks that rapport man writes a page for every command
// help lists, named as man looks them up, from the help's texts.
func TestManPages(t *testing.T) {
	e := newEnv(t)
	dir := filepath.Join(e.dir, "man")
	wantContains(t, "man", e.ok("man", dir), "man pages written to "+dir)
	var want []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if !c.IsAvailableCommand() && c.HasParent() {
			return
		}
		want = append(want, strings.ReplaceAll(c.CommandPath(), " ", "-")+".1")
		for _, sub := range c.Commands() {
			walk(sub)
		}
		page, err := os.ReadFile(filepath.Join(dir, strings.ReplaceAll(c.CommandPath(), " ", "-")+".1"))
		if err != nil {
			t.Errorf("no page for %s: %v", c.CommandPath(), err)
			return
		}
		wantContains(t, c.CommandPath()+"'s page", string(page), ".TH \"RAPPORT\" \"1\"", c.Short)
	}
	walk((&app{}).root())
	got, err := filepath.Glob(filepath.Join(dir, "*.1"))
	if err != nil || len(got) != len(want) {
		t.Fatalf("%d pages written, want %d (%v)", len(got), len(want), want)
	}
	for _, name := range want {
		if name == "rapport-man.1" || name == "rapport-help.1" {
			t.Errorf("page %s for a command help does not list", name)
		}
	}
	if code, _, errOut := e.run("man"); code != 2 || !strings.Contains(errOut, "give the directory") {
		t.Errorf("man without DIR: exit %d, %q", code, errOut)
	}
}

// TestDatabaseGuard checks that a database named with --db or
// $RAPPORT_DB must exist, unless --create, while the configured one is
// created on first use.
func TestDatabaseGuard(t *testing.T) {
	e := newEnv(t)
	missing := filepath.Join(e.dir, "typo", "dir", "rapprot.db")
	refused := "no database at " + missing + ": check the path, or add --create to start a new one"
	for _, tt := range []struct {
		name string
		env  string
		args []string
	}{
		{"--db", "", []string{"list", "--db", missing}},
		{"$RAPPORT_DB", missing, []string{"list"}},
		{"--db before the command", "", []string{"--db", missing, "add", "--name", "Kim", "--email", "kim@example.com"}},
		{"draft", "", []string{"draft", "kim", "--db", missing}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(envDB, tt.env)
			code, out, errOut := e.run(tt.args...)
			if code != 1 || out != "" || !strings.Contains(errOut, refused) {
				t.Fatalf("rapport %s: exit %d, %q, %q; want 1 and %q", strings.Join(tt.args, " "), code, out, errOut, refused)
			}
			if _, err := os.Stat(filepath.Join(e.dir, "typo")); !os.IsNotExist(err) {
				t.Fatalf("the refused path was created: %v", err)
			}
		})
	}

	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com", "--db", missing, "--create")
	if names := listNames(e, "--db", missing); names != "Kim Park" {
		t.Fatalf("list --db after --create = %q, want Kim Park", names)
	}
	t.Setenv(envDB, missing)
	if names := listNames(e); names != "Kim Park" {
		t.Fatalf("list with $%s = %q, want Kim Park", envDB, names)
	}
	// A flag wins over the variable.
	t.Setenv(envDB, filepath.Join(e.dir, "nowhere.db"))
	if names := listNames(e, "--db", missing); names != "Kim Park" {
		t.Fatalf("list --db with another $%s = %q, want Kim Park", envDB, names)
	}
	// The configured database is created on first use, as before.
	t.Setenv(envDB, "")
	e.ok("list")
	if _, err := os.Stat(config.DefaultDatabasePath()); err != nil {
		t.Fatalf("the default database was not created: %v", err)
	}
}

// listNames returns the names list --json prints, comma-separated.
func listNames(e *env, args ...string) string {
	var names []string
	for _, c := range e.listJSON(args...) {
		names = append(names, c.Name)
	}
	return strings.Join(names, ",")
}

// TestConfigFromEnvironment checks $RAPPORT_CONFIG, and that --config
// wins over it.
func TestConfigFromEnvironment(t *testing.T) {
	e := newEnv(t)
	bad := writeFile(t, e.dir, "bad.toml", "[workflow]\nsend_mode = \"later\"\n")
	good := writeFile(t, e.dir, "good.toml", "[owner]\nname = \"Alex Example\"\naddresses = [\"alex@example.com\"]\n")
	t.Setenv(envConfig, bad)
	if code, _, errOut := e.run("list"); code != 1 || !strings.Contains(errOut, "bad.toml:2: workflow.send_mode") {
		t.Fatalf("list with $%s=bad.toml: exit %d, %q; want its problems", envConfig, code, errOut)
	}
	if code, out, _ := e.run("config", "check"); code != 1 || !strings.Contains(out, "bad.toml:2: workflow.send_mode") {
		t.Fatalf("config check with $%s=bad.toml: exit %d, %q; want its problems", envConfig, code, out)
	}
	e.ok("list", "--config", good)
	wantContains(t, "config check --config", e.ok("config", "check", "--config", good), "config OK: "+good)
}
