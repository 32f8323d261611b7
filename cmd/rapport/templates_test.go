package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/templates"
)

// writeTemplatesConfig writes a configuration with an owner and, if dir is
// not "", paths.templates, and returns its path.
func writeTemplatesConfig(t *testing.T, e *env, dir string) string {
	t.Helper()
	text := "[owner]\nname = \"Alex Example\"\naddresses = [\"alex@example.com\"]\ntime_zone = \"Europe/Berlin\"\n" +
		"background = \"I build bridges and want to design products.\"\nsignature = \"Alex\\nhttps://alex.example.com\"\n"
	if dir != "" {
		text += "\n[paths]\ntemplates = \"" + dir + "\"\n"
	}
	return writeFile(t, e.dir, "config.toml", text)
}

func TestTemplatesInit(t *testing.T) {
	e := newEnv(t)
	dir := filepath.Join(e.dir, "tpl")
	out := e.ok("templates", "init", dir)
	for _, name := range templates.Names() {
		p := filepath.Join(dir, templates.FileName(name))
		wantContains(t, "init output", out, "wrote "+p+"\n")
		got, err := os.ReadFile(p)
		want, _ := templates.Default.ReadFile(templates.FileName(name))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s = %q, %v; want the built-in template", p, got, err)
		}
	}
	wantContains(t, "init output", out, "wrote "+filepath.Join(dir, templates.BankFile)+"\n")
	wantContains(t, "init output", out, "paths.templates = \""+dir+"\"", "rapport templates check")

	// A second init refuses and writes nothing.
	mine := writeFile(t, dir, "request.txt", "Subject: Mine\n\nHi.\n")
	code, out, errOut := e.run("templates", "init", dir)
	if code != 1 || out != "" {
		t.Fatalf("init over existing files: exit %d, stdout %q; want 1 and nothing written", code, out)
	}
	wantContains(t, "stderr", errOut, fmt.Sprintf("%d file(s) already exist, so nothing was written (use --force", len(templates.Names())+1), mine)
	if b, _ := os.ReadFile(mine); string(b) != "Subject: Mine\n\nHi.\n" {
		t.Errorf("init without --force changed %s: %q", mine, b)
	}

	out = e.ok("templates", "init", "--force", dir)
	wantContains(t, "init --force", out, "wrote "+mine)
	if b, _ := os.ReadFile(mine); !strings.Contains(string(b), "20 to 30 minutes") {
		t.Errorf("init --force left %s as %q, want the built-in request", mine, b)
	}
	// What init wrote loads as it is, the HTML part included.
	out = e.ok("templates", "check", "--dir", dir)
	wantContains(t, "check after init", out, "templates OK: "+dir+" overrides debrief, digest, digest.html, ")

	for _, args := range [][]string{{"templates", "init"}, {"templates", "init", "a", "b"}, {"templates"}, {"templates", "edit"}, {"templates", "init", dir, "--dir", dir}} {
		if code, _, errOut := e.run(args...); code != 2 || !strings.Contains(errOut, "usage: rapport templates") {
			t.Errorf("rapport %s: exit %d, %q; want 2 and the usage", strings.Join(args, " "), code, errOut)
		}
	}
}

func TestTemplatesCheck(t *testing.T) {
	e := newEnv(t)
	out := e.ok("templates", "check")
	wantContains(t, "check without configuration", out, "templates OK: the built-in ones")

	dir := filepath.Join(e.dir, "tpl")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "thank_you.txt", "Subject: Thanks\n\nHi,\n\n[what I learned]\n")
	cfg := writeTemplatesConfig(t, e, dir)
	out = e.ok("templates", "check", "--config", cfg)
	wantContains(t, "check of the configured directory", out, "templates OK: "+dir+" overrides thank_you\n")

	writeFile(t, dir, "request.txt", "Subject: Hello\nFrom: alex@example.com\n\nHi {{.Contact.Nmae}},\n")
	writeFile(t, dir, "nuge.txt", "Subject: Hello\n\nHi.\n")
	for _, args := range [][]string{
		{"templates", "check", "--config", cfg},
		{"templates", "check", "--dir", dir},
	} {
		code, out, errOut := e.run(args...)
		if code != 1 {
			t.Fatalf("rapport %s with broken templates: exit %d, want 1", strings.Join(args, " "), code)
		}
		want := []string{
			dir + "/nuge.txt: no template is called \"nuge\", so this file would be ignored; did you mean nudge.txt?",
			dir + "/request.txt:2: unknown header \"From\"",
			dir + "/request.txt:4: unknown field .Nmae; did you mean .Name?",
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != len(want) {
			t.Fatalf("check printed %d lines, want %d:\n%s", len(lines), len(want), out)
		}
		for i, w := range want {
			if !strings.HasPrefix(lines[i], w) {
				t.Errorf("check line %d = %q, want it to start with %q", i+1, lines[i], w)
			}
		}
		wantContains(t, "stderr", errOut, "3 problem(s)")
	}

	missing := filepath.Join(e.dir, "nowhere")
	if code, out, _ := e.run("templates", "check", "--dir", missing); code != 1 || !strings.Contains(out, missing+": no such directory") {
		t.Errorf("check of a missing directory: exit %d, %q; want 1 and the directory named", code, out)
	}
}

func TestTemplatesPreviewSample(t *testing.T) {
	e := newEnv(t)
	code, out, errOut := e.run("templates", "preview", "thank_you")
	if code != 0 {
		t.Fatalf("preview thank_you: exit %d\n%s", code, errOut)
	}
	wantContains(t, "preview", out,
		"From: Sam Martin\nTo: Claire Moreau <claire.moreau@example.org>\nSubject: Thank you for your time on Tuesday\n\nHi Claire,\n",
		"[what I learned]")
	wantContains(t, "stderr", errOut, "sample owner", "warning: replace [what I learned] before sending\n")

	cfg := writeTemplatesConfig(t, e, "")
	code, out, errOut = e.run("templates", "preview", "intro_reply", "--config", cfg)
	if code != 0 {
		t.Fatalf("preview intro_reply: exit %d\n%s", code, errOut)
	}
	wantContains(t, "preview", out,
		"From: Alex Example <alex@example.com>\nTo: Claire Moreau <claire.moreau@example.org>\nSubject: Re: Your path into urban planning\nBcc: marc@example.net\n\n",
		"I build bridges and want to design products.", "Alex\nhttps://alex.example.com\n")
	if errOut != "" {
		t.Errorf("preview intro_reply stderr = %q, want nothing", errOut)
	}

	// Notices go to the owner.
	out = e.ok("templates", "preview", "notice_bounce", "--config", cfg)
	wantContains(t, "preview notice_bounce", out, "To: Alex Example <alex@example.com>\nSubject: rapport: mail to Claire Moreau (#42) bounced\n")

	// The receipt answers the owner's own mail.
	out = e.ok("templates", "preview", "receipt", "--config", cfg)
	wantContains(t, "preview receipt", out, "To: Alex Example <alex@example.com>\nSubject: Re: Updates\n\n✓ > met #42\n",
		"✗ > drop Marc\n", "  → drop #7\n", "Reply with more commands")

	// The digest goes to the owner, as text and as HTML under the same subject.
	out = e.ok("templates", "preview", "digest", "--config", cfg)
	wantContains(t, "preview digest", out, "To: Alex Example <alex@example.com>\nSubject: rapport: today, Tue 3 Mar — 6 to do\n\nNeeds you today\n",
		"  #43 Lena Vogel — replied Mon 2 Mar\n", "Reply with one command per line")
	out = e.ok("templates", "preview", "digest.html", "--config", cfg)
	wantContains(t, "preview digest.html", out, "To: Alex Example <alex@example.com>\nSubject: rapport: today, Tue 3 Mar — 6 to do\n\n<!DOCTYPE html>\n",
		`<li data-contact-id="43"`)

	if code, _, errOut := e.run("templates", "preview", "thanks"); code != 2 || !strings.Contains(errOut, `no template is called "thanks"`) {
		t.Errorf("preview of an unknown template: exit %d, %q; want 2 and the names", code, errOut)
	}
}

func TestTemplatesPreviewContact(t *testing.T) {
	e := newEnv(t)
	e.ok("import", "testdata/referrals.csv")
	e.ok("mark", "lena", "scheduled", "2026-12-03", "15:00", "America/New_York", "--place", "video call")
	dir := filepath.Join(e.dir, "tpl")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := writeTemplatesConfig(t, e, dir)

	out := e.ok("templates", "preview", "request", "--contact", "lena", "--config", cfg)
	wantContains(t, "preview request", out,
		"From: Alex Example <alex@example.com>\nTo: Lena Vogel <",
		"Subject: Omar Haddad suggested I write to you\n\nHi Lena,\n\nOmar Haddad suggested I get in touch with you. My name is Alex Example.")

	out = e.ok("templates", "preview", "receipt", "--contact", "lena", "--config", cfg)
	wantContains(t, "preview receipt", out, "To: Alex Example <alex@example.com>\nSubject: Re: Updates\n\n✓ > met #42\n")

	out = e.ok("templates", "preview", "digest.html", "--contact", "lena", "--config", cfg)
	wantContains(t, "preview digest.html", out, "Subject: rapport: today, Tue 3 Mar — 6 to do\n\n<!DOCTYPE html>\n")

	out = e.ok("templates", "preview", "prep_brief", "--contact", "lena", "--config", cfg)
	wantContains(t, "preview prep_brief", out, "When: Thu 3 Dec 2026 21:00–21:30 CET", "Where: video call", "Introduced by: Omar Haddad")

	// An override in --dir is used.
	other := filepath.Join(e.dir, "other")
	if err := os.Mkdir(other, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, other, "nudge.txt", "Subject: Still keen, {{.Contact.FirstName}}\n\nFollow-up number {{.Nudge}}.\n")
	out = e.ok("templates", "preview", "nudge", "--contact", "#1", "--dir", other, "--config", cfg)
	wantContains(t, "preview with --dir", out, "Subject: Still keen, Priya\n\nFollow-up number 1.\n")

	if code, _, errOut := e.run("templates", "preview", "request", "--contact", "nobody", "--config", cfg); code != 1 || !strings.Contains(errOut, `no contact matches "nobody"`) {
		t.Errorf("preview for an unknown contact: exit %d, %q; want 1 and why", code, errOut)
	}

	// Broken templates are listed, not previewed.
	writeFile(t, dir, "request.txt", "Subject: {{.Contact.Name\n\nHi.\n")
	code, out, errOut := e.run("templates", "preview", "request", "--config", cfg)
	if code != 1 || out != "" {
		t.Fatalf("preview with a broken template: exit %d, stdout %q; want 1 and nothing", code, out)
	}
	wantContains(t, "stderr", errOut, dir+"/request.txt:1: ", "rapport templates check")
}
