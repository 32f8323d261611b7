package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeOwner writes a configuration that says who the owner is and
// nothing else (the zone stays the machine's), which drafting needs.
func writeOwner(t *testing.T, e *env) {
	t.Helper()
	dir := filepath.Join(e.dir, "config", "rapport")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "config.toml", "[owner]\nname = \"Alex Example\"\naddresses = [\"alex@example.com\"]\n")
}

// Before the configuration says who the owner is, nothing is drafted: not
// a request ("My name is ."), not the thank-you that marking met writes.
// The error names the keys to set and the command that checks them, and
// nothing is stored.
func TestDraftingNeedsTheOwner(t *testing.T) {
	e := newEnv(t)
	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com")
	for _, args := range [][]string{{"draft", "kim"}, {"mark", "kim", "met"}} {
		code, out, errOut := e.run(args...)
		if code != 1 || out != "" {
			t.Fatalf("rapport %s without an owner: exit %d, stdout %q; want 1 and nothing", strings.Join(args, " "), code, out)
		}
		wantContains(t, "stderr", errOut, "owner.name and owner.addresses", "rapport config check")
	}
	if c := e.listJSON()[0]; c.Status != "new" || len(e.outboxJSON("--all")) != 0 {
		t.Fatalf("after refused drafts Kim is %s with %d outbox rows; want new and none", c.Status, len(e.outboxJSON("--all")))
	}
	writeOwner(t, e)
	wantContains(t, "draft with an owner", e.ok("draft", "kim"), "#1 Kim Park: request drafted")
}

// draft after mark scheduled says where the contact is, not that a
// request was drafted before (none was).
func TestDraftAfterScheduledSaysWhereTheyAre(t *testing.T) {
	e := newEnv(t)
	writeOwner(t, e)
	e.ok("add", "--name", "Jane Doe", "--email", "jane@example.com")
	e.ok("mark", "jane", "scheduled", "2026-12-08", "15:00")
	code, out, errOut := e.run("draft", "jane")
	if want := "#1 Jane Doe: they are scheduled (meeting Tue 8 Dec); a request goes only to new contacts\n"; code != 1 || out != "" || !strings.HasSuffix(errOut, want) {
		t.Fatalf("draft after mark scheduled: exit %d, stdout %q, stderr %q; want 1 and %q", code, out, errOut, want)
	}
}
