package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const inspectBounce = "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\r\n" +
	"To: alex@owner.example\r\n" +
	"Subject: Undelivered Mail Returned to Sender\r\n" +
	"Date: Thu, 7 Mar 2024 09:12:44 +0100\r\n" +
	"Message-ID: <b1@mx.example.net>\r\n" +
	"X-Failed-Recipients: Kim@Example.org\r\n" +
	"\r\n" +
	"<kim@example.org>: host mx.example.org said: 550 5.1.1 User unknown\r\n"

const inspectOOO = "From: =?utf-8?q?J=C3=BCrgen?= <j@firma.example>\n" +
	"To: alex@owner.example\n" +
	"Subject: =?utf-8?q?Automatische_Antwort=3A_Gespr=C3=A4ch?=\n" +
	"Date: Wed, 6 Mar 2024 10:15:01 +0100\n" +
	"Message-ID: <o1@firma.example>\n" +
	"In-Reply-To: <sent-1@owner.example>\n" +
	"Auto-Submitted: auto-replied\n" +
	"\n" +
	"Ich bin bis zum 12.03.2024 nicht im Büro.\n"

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestInspectHuman(t *testing.T) {
	e := newEnv(t)
	bounce := writeFile(t, e.dir, "bounce.eml", inspectBounce)
	ooo := writeFile(t, e.dir, "ooo.eml", inspectOOO)
	out := e.ok("inspect", bounce, ooo)
	blocks := strings.Split(strings.TrimSpace(out), "\n\n")
	if len(blocks) != 2 {
		t.Fatalf("inspect printed %d blocks, want 2 separated by a blank line:\n%s", len(blocks), out)
	}
	wantContains(t, "bounce block", blocks[0],
		"kind:              bounce\n",
		"subject:           Undelivered Mail Returned to Sender\n",
		"date:              2024-03-07T09:12:44+01:00\n",
		"message_id:        b1@mx.example.net\n",
		"bounce.recipients: kim@example.org\n",
		"bounce.status:     5.1.1\n",
		"bounce.permanent:  true\n")
	wantContains(t, "out-of-office block", blocks[1],
		"kind:                   auto_reply\n",
		"from:                   Jürgen <j@firma.example>\n",
		"subject:                Automatische Antwort: Gespräch\n",
		"in_reply_to:            sent-1@owner.example\n",
		"auto_reply.return_date: 2024-03-12")
}

func TestInspectJSON(t *testing.T) {
	e := newEnv(t)
	bounce := writeFile(t, e.dir, "bounce.eml", inspectBounce)
	garbage := writeFile(t, e.dir, "garbage.eml", "\x00\x01not mail")
	out := e.ok("inspect", "--json", bounce, garbage)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("inspect --json printed %d lines, want one per file:\n%s", len(lines), out)
	}
	var first struct {
		File    string `json:"file"`
		Kind    string `json:"kind"`
		Subject string `json:"subject"`
		Bounce  struct {
			Recipients []string `json:"recipients"`
			Permanent  bool     `json:"permanent"`
		} `json:"bounce"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatalf("line 1 is not JSON: %v\n%s", err, lines[0])
	}
	if first.File != bounce || first.Kind != "bounce" || strings.Join(first.Bounce.Recipients, ",") != "kim@example.org" || !first.Bounce.Permanent {
		t.Errorf("line 1 = %+v, want the bounce of kim@example.org from %s", first, bounce)
	}
	var second map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatalf("line 2 is not JSON: %v\n%s", err, lines[1])
	}
	if second["kind"] != "malformed" || second["reason"] == "" {
		t.Errorf("line 2 = %v, want a malformed message with its reason", second)
	}
}

func TestInspectMissingFile(t *testing.T) {
	e := newEnv(t)
	bounce := writeFile(t, e.dir, "bounce.eml", inspectBounce)
	missing := filepath.Join(e.dir, "missing.eml")
	code, out, errOut := e.run("inspect", "--json", missing, bounce)
	if code != 1 {
		t.Fatalf("inspect with a missing file: exit %d, want 1", code)
	}
	if n := strings.Count(out, "\n"); n != 1 || !strings.Contains(out, `"kind":"bounce"`) {
		t.Errorf("stdout = %q, want the readable file still printed", out)
	}
	wantContains(t, "stderr", errOut, "missing.eml", "1 of 2 file(s) could not be read")

	if code, _, errOut := e.run("inspect"); code != 2 || !strings.Contains(errOut, "usage: rapport inspect") {
		t.Errorf("inspect without files: exit %d, %q; want 2 and the usage", code, errOut)
	}
}

func TestInspectStdin(t *testing.T) {
	e := newEnv(t)
	code, out, errOut := e.runStdin(inspectBounce, "inspect", "-")
	if code != 0 {
		t.Fatalf("inspect -: exit %d, %s", code, errOut)
	}
	wantContains(t, "inspect -", out, "file:              -\n", "kind:              bounce\n")
}
