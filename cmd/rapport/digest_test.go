package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// digest --preview prints the day's digest and writes its HTML part,
// without sending it or counting it as the day's digest.
func TestDigestPreview(t *testing.T) {
	e := newEnv(t)
	writeOwner(t, e)
	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com")
	e.ok("draft", "kim")
	html := filepath.Join(e.dir, "digest.html")
	code, out, errOut := e.run("digest", "--preview", "--html", html)
	if code != 0 {
		t.Fatalf("digest --preview: exit %d, %s", code, errOut)
	}
	wantContains(t, "preview", out, "Subject: rapport: today, Mon 23 Nov", "Drafts to approve", "#1 Kim Park", "reply: #1 send")
	b, err := os.ReadFile(html)
	if err != nil || !strings.Contains(string(b), `data-contact-id="1"`) {
		t.Fatalf("HTML part: %v\n%s", err, b)
	}
	// A preview is not the day's digest: previewing again shows the same.
	if _, again, _ := e.run("digest", "--preview"); again != out {
		t.Fatalf("a second preview differs:\n%s\nwant\n%s", again, out)
	}
	if code, _, errOut := e.run("digest"); code != 2 || !strings.Contains(errOut, "add --preview") {
		t.Fatalf("digest without --preview: exit %d, %q", code, errOut)
	}
}
