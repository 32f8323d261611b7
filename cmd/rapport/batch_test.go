package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
)

// TestDraftByStatus checks draft --status: every contact in the status
// (and with the tag) gets its request in a transaction of its own, each
// reported; a dry run reports the same and writes nothing.
func TestDraftByStatus(t *testing.T) {
	e := newEnv(t)
	writeOwnerConfig(t, e, "")
	e.ok("import", "testdata/Connections.csv") // #1 Jane Doe, #2 Sam Lee (no address), #3 Zoë Ångström
	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com", "--tag", "robotics")
	e.ok("mark", "3", "drop")

	code, out, errOut := e.run("draft", "--status", "new", "--dry-run")
	if code != 1 {
		t.Fatalf("draft --status new --dry-run: exit %d, want 1 (Sam Lee has no address)\n%s%s", code, out, errOut)
	}
	want := "#1 Jane Doe: a request would be drafted, to Jane Doe <jane@acme.example>\n" +
		"#4 Kim Park: a request would be drafted, to Kim Park <kim@example.com>\n" +
		"dry run: nothing was written\n"
	if out != want {
		t.Fatalf("dry run printed\n%s\nwant\n%s", out, want)
	}
	wantContains(t, "dry run's stderr", errOut, "#2 Sam Lee has no email address", "1 of 3 not draftable")
	if rows := e.outboxJSON("--all"); len(rows) != 0 {
		t.Fatalf("a dry run wrote %d outbox rows", len(rows))
	}
	if c := e.listJSON("--status", "new"); len(c) != 3 {
		t.Fatalf("after a dry run %d contacts are new, want 3", len(c))
	}

	wantContains(t, "draft --tag", e.ok("draft", "--status", "new", "--tag", "robotics"),
		"#4 Kim Park: request drafted (outbox 1, waiting for your approval")
	code, out, errOut = e.run("draft", "--status", "new")
	if code != 1 || !strings.Contains(out, "#1 Jane Doe: request drafted (outbox ") || strings.Contains(out, "Kim") {
		t.Fatalf("draft --status new: exit %d\n%s%s", code, out, errOut)
	}
	wantContains(t, "stderr", errOut, "#2 Sam Lee has no email address", "1 of 2 not drafted")
	requests := 0
	for _, r := range e.outboxJSON() {
		if r.Template == "request" {
			requests++
		}
	}
	if requests != 2 {
		t.Fatalf("outbox after drafting holds %d requests, want 2", requests)
	}

	code, _, errOut = e.run("draft", "--status", "met")
	if code != 0 || !strings.Contains(errOut, "no contacts in status met: nothing to draft") {
		t.Fatalf("draft --status met: exit %d, %q", code, errOut)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"draft", "jane", "--status", "new"}, "give contacts or --status, not both"},
		{[]string{"draft", "--tag", "robotics"}, "--tag goes with --status"},
		{[]string{"draft", "--status", "ghosted"}, `unknown status "ghosted"`},
	} {
		if code, _, errOut := e.run(tt.args...); code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("rapport %s: exit %d, %q; want 2 and %q", strings.Join(tt.args, " "), code, errOut, tt.want)
		}
	}
}

// TestDigestSend checks digest --send: today's digest goes into the
// outbox approved, counts as the day's (so the daemon writes no other),
// and a second one is an extra; without a recipient it is refused.
func TestDigestSend(t *testing.T) {
	e := newEnv(t)
	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com")
	if code, _, errOut := e.run("digest", "--send"); code != 1 || !strings.Contains(errOut, "the digest has no recipient: set digest.recipient or owner.addresses") {
		t.Fatalf("digest --send without a recipient: exit %d, %q", code, errOut)
	}
	if rows := e.outboxJSON("--all"); len(rows) != 0 {
		t.Fatalf("a refused digest --send wrote %+v", rows)
	}

	writeOwnerConfig(t, e, "")
	out := e.ok("digest", "--send")
	if want := "today's digest is in the outbox (outbox 1, approved, to Alex Example <alex@example.com>): it leaves when rapport run sends it\n"; out != want {
		t.Fatalf("digest --send printed %q, want %q", out, want)
	}
	rows := e.outboxJSON()
	if len(rows) != 1 || rows[0].Template != "digest" || rows[0].Status != "approved" {
		t.Fatalf("outbox = %+v, want the digest, approved", rows)
	}
	e.change(func(ctx context.Context, tx *store.Tx) error {
		d, err := tx.DigestOf(ctx, e.now.In(time.UTC).Format("2006-01-02"))
		if err != nil || d.OutboxID != rows[0].ID {
			t.Errorf("the day's digest = %+v, %v; want outbox %d", d, err, rows[0].ID)
		}
		return nil
	})
	wantContains(t, "second digest --send", e.ok("digest", "--send"), "an extra digest (today's was written already) is in the outbox (outbox 2")

	for _, args := range [][]string{{"digest", "--send", "--preview"}, {"digest", "--send", "--html", "x.html"}, {"digest", "--html", "x.html"}} {
		if code, _, _ := e.run(args...); code != 2 {
			t.Errorf("rapport %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
}

// TestListSortAndLimit checks list --sort and --limit, in the table and
// in JSON.
func TestListSortAndLimit(t *testing.T) {
	e := newEnv(t)
	writeOwner(t, e) // drafting needs the owner
	for _, name := range []string{"bob Brown", "Zed Zimmer", "Álvaro Ortiz", "anna Adams"} {
		e.ok("add", "--name", name, "--email", strings.ToLower(strings.Fields(name)[1])+"@example.com")
		e.now = e.now.Add(time.Minute)
	}
	e.ok("mark", "2", "scheduled", "2026-12-01", "10:00")
	e.ok("mark", "4", "scheduled", "2026-11-30", "10:00")
	e.ok("mark", "1", "met")
	tests := []struct {
		args []string
		want string
	}{
		{nil, "bob Brown,Zed Zimmer,Álvaro Ortiz,anna Adams"},
		{[]string{"--sort", "name"}, "Álvaro Ortiz,anna Adams,bob Brown,Zed Zimmer"},
		{[]string{"--sort", "added"}, "anna Adams,Álvaro Ortiz,Zed Zimmer,bob Brown"},
		{[]string{"--sort", "status"}, "Álvaro Ortiz,Zed Zimmer,anna Adams,bob Brown"}, // new, scheduled ×2, met
		{[]string{"--sort", "next"}, "anna Adams,Zed Zimmer,bob Brown,Álvaro Ortiz"},
		{[]string{"--sort", "name", "--limit", "2"}, "Álvaro Ortiz,anna Adams"},
	}
	for _, tt := range tests {
		if got := listNames(e, tt.args...); got != tt.want {
			t.Errorf("list %s = %s, want %s", strings.Join(tt.args, " "), got, tt.want)
		}
	}
	code, out, errOut := e.run("list", "--sort", "name", "--limit", "1")
	if code != 0 || strings.Count(out, "\n") != 2 || !strings.Contains(out, "Álvaro Ortiz") || errOut != "showing 1 of 4 contacts (--limit 1)\n" {
		t.Fatalf("list --limit 1: exit %d\n%s%s", code, out, errOut)
	}
	for _, args := range [][]string{{"list", "--sort", "age"}, {"list", "--limit", "-1"}} {
		if code, _, _ := e.run(args...); code != 2 {
			t.Errorf("rapport %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
}
