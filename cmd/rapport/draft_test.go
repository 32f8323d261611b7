package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/outbox"
)

// writeOwnerConfig writes the default configuration file, so every
// command of e reads it: an owner in Europe/Berlin with an address, and
// extra appended as it is.
func writeOwnerConfig(t *testing.T, e *env, extra string) {
	t.Helper()
	dir := filepath.Join(e.dir, "config", "rapport")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "config.toml", "[owner]\nname = \"Alex Example\"\naddresses = [\"alex@example.com\"]\n"+
		"time_zone = \"Europe/Berlin\"\n"+extra)
}

func TestDraftWritesTheRequest(t *testing.T) {
	e := newEnv(t)
	writeOwnerConfig(t, e, "")
	e.ok("import", "testdata/Connections.csv")
	out := e.ok("draft", "jane")
	if want := "#1 Jane Doe: request drafted (outbox 1, waiting for your approval: rapport outbox show 1)\n"; out != want {
		t.Fatalf("draft jane = %q, want %q", out, want)
	}
	if c := e.listJSON()[0]; c.Status != "drafted" {
		t.Fatalf("after draft Jane is %s, want drafted", c.Status)
	}
	rows := e.outboxJSON()
	if len(rows) != 2 {
		t.Fatalf("outbox after draft = %+v, want the request and the owner's notice", rows)
	}
	if r := rows[0]; r.ID != 1 || r.Template != "request" || r.Status != "draft" || r.ContactID != 1 || r.Notice ||
		r.To != `"Jane Doe" <jane@acme.example>` || !strings.Contains(r.Body, "Hi Jane,") {
		t.Errorf("request row = %+v", r)
	}
	if r := rows[1]; r.Template != "notice_approve" || !r.Notice || r.About != 1 || r.Status != "approved" {
		t.Errorf("notice row = %+v, want an approved notice_approve about outbox 1", r)
	}
}

func TestDraftRefusals(t *testing.T) {
	e := newEnv(t)
	writeOwner(t, e)
	e.ok("import", "testdata/Connections.csv") // #2 Sam Lee has no email address
	e.ok("draft", "1")

	// Drafting again replaces the draft: the first one is withdrawn.
	e.ok("draft", "1")
	var rows []outbox.Record // the requests, without their notices
	for _, r := range e.outboxJSON("--all") {
		if !r.Notice {
			rows = append(rows, r)
		}
	}
	if len(rows) != 2 || rows[0].Status != "cancelled" || rows[1].Status != "draft" {
		t.Fatalf("outbox after drafting twice = %+v, want the first cancelled and a new draft", rows)
	}
	e.ok("mark", "1", "drop")

	code, out, errOut := e.run("draft", "1", "2", "3", "nobody")
	if code != 1 {
		t.Fatalf("draft 1 2 3 nobody: exit %d, want 1", code)
	}
	if want := "#3 Zoë Ångström: request drafted (outbox 5, waiting for your approval: rapport outbox show 5)\n"; out != want {
		t.Errorf("draft 1 2 3 nobody: stdout %q, want only %q", out, want)
	}
	wantContains(t, "stderr", errOut, "#1 Jane Doe: you dropped them; a request goes only to new contacts", "#2 Sam Lee has no email address",
		`no contact matches "nobody"`, "3 of 4 not drafted")
	if c := e.listJSON()[1]; c.Status != "new" {
		t.Errorf("Sam Lee is %s after a refused draft, want new", c.Status)
	}

	if code, _, errOut := e.run("draft"); code != 2 || !strings.Contains(errOut, "usage: rapport draft WHO...") {
		t.Errorf("draft without a contact: exit %d, %q", code, errOut)
	}
}

func TestDraftTemplateError(t *testing.T) {
	e := newEnv(t)
	dir := filepath.Join(e.dir, "tpl")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "request.txt", "Subject: Hello\n\nHi {{.Contact.Nmae}},\n")
	writeOwnerConfig(t, e, "\n[paths]\ntemplates = \""+dir+"\"\n")
	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com")
	code, out, errOut := e.run("draft", "kim")
	if code != 1 || out != "" {
		t.Fatalf("draft with a broken template: exit %d, stdout %q; want 1", code, out)
	}
	wantContains(t, "stderr", errOut, "#1 Kim Park:", filepath.Join(dir, "request.txt")+":3:", "Nmae", "rapport templates check")
	if c := e.listJSON()[0]; c.Status != "new" {
		t.Errorf("after a failed draft Kim is %s, want new (nothing written)", c.Status)
	}
	if rows := e.outboxJSON("--all"); len(rows) != 0 {
		t.Errorf("after a failed draft the outbox holds %+v, want nothing", rows)
	}
}

func TestDraftDirectMode(t *testing.T) {
	e := newEnv(t)
	writeOwnerConfig(t, e, "\n[workflow]\nsend_mode = \"direct\"\n")
	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com")
	out := e.ok("draft", "kim")
	wantContains(t, "draft", out, "#1 Kim Park: request drafted (outbox 1, approved: it leaves within the send window")
	rows := e.outboxJSON()
	if len(rows) != 1 || rows[0].Status != "approved" || rows[0].Template != "request" {
		t.Fatalf("outbox in direct mode = %+v, want only the approved request", rows)
	}
}
