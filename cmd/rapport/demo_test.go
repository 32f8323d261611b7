package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"rapport/store"
	"rapport/workflow"
)

func TestDemoTellsTheStoryAndKeepsTheDatabase(t *testing.T) {
	e := newEnv(t)
	t.Setenv("TMPDIR", e.dir)
	out := e.ok("demo", "--keep")
	wantContains(t, "demo", out,
		"1. Alex is moving", "3 added",
		"added #4 Tomás Herrera", "#1 Maya Okafor: new → scheduled", "scheduled → met",
		"#2 Daniel Brandt: new → paused",
		`cannot apply "resumed" to a contact in status "new"`,
		"Timeline", "2026-03-12 17:00  met",
		"The demo database is kept")
	m := regexp.MustCompile(`rapport list --db (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("demo --keep does not say where the database is:\n%s", out)
	}
	st, err := store.Open(context.Background(), m[1])
	if err != nil {
		t.Fatalf("kept demo database: %v", err)
	}
	defer st.Close()
	list, err := st.Read().ListContacts(context.Background(), store.ListOptions{})
	if err != nil || len(list) != 4 {
		t.Fatalf("kept demo database has %d contacts, %v; want 4", len(list), err)
	}
	if list[0].State.Status != workflow.StatusMet || list[3].IntroducedBy != list[1].ID {
		t.Fatalf("kept demo contacts = %+v; want Maya met and Tomás introduced by Daniel", list)
	}
	// The user's own database was never touched.
	if _, err := os.Stat(filepath.Join(e.dir, "data", "rapport", "rapport.db")); !os.IsNotExist(err) {
		t.Fatalf("the demo created the default database (stat: %v)", err)
	}
}

func TestDemoRemovesItsDatabase(t *testing.T) {
	e := newEnv(t)
	t.Setenv("TMPDIR", e.dir)
	out := e.ok("demo")
	m := regexp.MustCompile(`throwaway database \((\S+)\)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("demo does not name its database:\n%s", out)
	}
	if _, err := os.Stat(filepath.Dir(m[1])); !os.IsNotExist(err) {
		t.Fatalf("demo left %s behind (stat: %v)", filepath.Dir(m[1]), err)
	}
}
