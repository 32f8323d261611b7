package templates

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadDefaults(t *testing.T) {
	s := mustLoad(t, "")
	if s.Dir() != "" || len(s.Overrides()) != 0 {
		t.Errorf("Load(\"\") = dir %q, overrides %v; want none", s.Dir(), s.Overrides())
	}
	for _, name := range Names() {
		if _, err := s.Render(name, Sample()); err != nil {
			t.Errorf("Render(%q) error: %v", name, err)
		}
	}
}

// TestLoadOverride checks that a file in the directory replaces its own
// template and no other, and that other files are ignored.
func TestLoadOverride(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "thank_you.txt", "Subject: Merci, {{.Contact.FirstName | default .Contact.Name}}\r\nReply-To: Sam <sam@example.com>\r\n\r\nMerci ! [ce que j'ai appris]\r\n")
	write(t, dir, "README.md", "notes about my templates")
	write(t, dir, "thank_you.txt~", "an editor's backup")
	write(t, dir, ".#thank_you.txt", "an editor's lock file")
	if err := os.Mkdir(filepath.Join(dir, "old.txt"), 0o700); err != nil {
		t.Fatal(err)
	}
	s, defaults := mustLoad(t, dir), mustLoad(t, "")
	if got := s.Overrides(); !slices.Equal(got, []string{"thank_you"}) {
		t.Errorf("Overrides() = %v, want [thank_you]", got)
	}
	for _, name := range Names() {
		got, err := s.Render(name, Sample())
		if err != nil {
			t.Fatalf("Render(%q) error: %v", name, err)
		}
		want, _ := defaults.Render(name, Sample())
		if name != "thank_you" {
			if got.Subject != want.Subject || got.Body != want.Body {
				t.Errorf("Render(%q) changed by an override of thank_you:\n%s", name, got.Body)
			}
			continue
		}
		if got.Subject != "Merci, Claire" || got.Body != "Merci ! [ce que j'ai appris]\n" || addrs(got.ReplyTo) != "Sam <sam@example.com>" {
			t.Errorf("Render(thank_you) = %q, Reply-To %q, %q; want the override's", got.Subject, addrs(got.ReplyTo), got.Body)
		}
	}
}

// TestLoadProblems checks that each kind of mistake in an override is
// reported with its file and line.
func TestLoadProblems(t *testing.T) {
	const body = "\n\nHi {{.Contact.FirstName | default \"there\"}},\n\nThanks.\n"
	tests := []struct {
		name    string
		file    string // in the template directory
		content string
		line    int
		want    string // in the message
	}{
		{"parse error on line 3", "request.txt",
			"Subject: Hello\n\nHi {{.Contact.Name},\n", 3, `bad character U+007D '}'`},
		{"unknown field on line 5", "request.txt",
			"Subject: Hello\n\nHi,\n\nI read about {{.Contact.Nmae}}.\n", 5, "unknown field .Nmae; did you mean .Name?"},
		{"unknown field in an unused branch", "nudge.txt",
			"Subject: Hello\n\nHi,\n{{if gt .Nudge 3}}{{.Contact.Compnay}}{{end}}\n", 4, "unknown field .Compnay; did you mean .Company?"},
		{"unknown function", "request.txt",
			"Subject: {{upper .Contact.Name}}\n\nHi.\n", 1, `function "upper" not defined`},
		{"missing Subject", "request.txt",
			"Cc: {{.Contact.Email}}\n\nHi.\n", 1, "no Subject header"},
		{"unknown header", "request.txt",
			"Subject: Hello\nFrom: someone@example.com\n\nHi.\n", 2, `unknown header "From": a template may set only Subject, Cc, Bcc, Reply-To`},
		{"header twice", "request.txt",
			"Subject: Hello\nsubject: Hello again\n\nHi.\n", 2, "Subject given twice (first on line 1)"},
		{"header on two lines", "request.txt",
			"Subject: {{if .Meeting}}Hello\n{{end}}\n\nHi.\n", 1, "unexpected EOF"},
		{"not a header", "request.txt",
			"Subject: Hello\nHi Claire,\n\nHi.\n", 2, `"Hi Claire," is not a header`},
		{"no empty line", "request.txt",
			"Subject: Hello", 0, "no empty line after the headers"},
		{"empty Subject", "keep_in_touch.txt",
			"Subject: {{with .Meeting}}Since {{date \"January\" .Start}}{{end}}\n\n[your update]\n", 1, "Subject is empty for this contact"},
		{"nil field for a sparse contact", "thank_you.txt",
			"Subject: Thanks\n\nHi,\n\nThank you for {{date \"Monday\" .Meeting.Start}}. [what I learned]\n", 5, "nil pointer evaluating *templates.Meeting.Start; guard it with {{with}} or {{if}} (for a contact whose optional fields are empty or nil)"},
		{"bad Cc", "request.txt",
			"Subject: Hello\nCc: {{.Contact.Name}}\n\nHi.\n", 2, `Cc "Claire Moreau" is not a list of addresses`},
		{"empty body", "request.txt",
			"Subject: Hello\n\n{{with .Meeting}}Hi.{{end}}\n", 0, "the body is empty for this contact"},
		{"placeholder in a mail sent without review", "nudge.txt",
			"Subject: Hello\n\nHi,\n\n[something personal]\n", 5, "holds the placeholder [something personal], but it is sent without review"},
		{"no placeholder where the owner must write", "thank_you.txt",
			"Subject: Thanks" + body, 0, "thank_you holds no placeholder"},
		{"invalid UTF-8", "request.txt",
			"Subject: Hello\n\nHi \xff.\n", 3, "not valid UTF-8"},
		{"receipt data in another notice", "notice_reply.txt",
			"Subject: Hello\n\nHi,\n{{range .Receipt.Results}}{{.Text}}{{end}}\n", 4, "nil pointer evaluating *templates.ReceiptInfo.Results; .Receipt is set only for receipt: leave it out of notice_reply"},
		{"draft data in another notice", "notice_bounce.txt",
			"Subject: Hello\n\n{{.Draft.Body}}\n", 3, "nil pointer evaluating *templates.DraftInfo.Body; .Draft is set only for notice_approve: leave it out of notice_bounce"},
		{"unknown field of a receipt line", "receipt.txt",
			"Subject: Re\n\n{{range .Receipt.Results}}{{.Txet}}{{end}}Done.\n", 3, "unknown field .Txet; did you mean .Text?"},
		{"receipt reaching into an empty list", "receipt.txt",
			"Subject: Re\n\nFirst: {{(index .Receipt.Results 0).Text}}\n", 3, "slice index out of range (for a contact whose optional fields are empty or nil)"},
		{"misspelt file name", "requst.txt",
			"Subject: Hello" + body, 0, `no template is called "requst", so this file would be ignored; did you mean request.txt?`},
		{"unknown file name", "greeting.txt",
			"Subject: Hello" + body, 0, "rename it to one of debrief, "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := write(t, dir, tt.file, tt.content)
			s, err := Load(dir)
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load() = %v, %v; want a *LoadError", s, err)
			}
			for _, p := range le.Problems {
				if p.File == path && p.Line == tt.line && strings.Contains(p.Msg, tt.want) {
					return
				}
			}
			t.Errorf("Load() problems:\n%v\nwant %s:%d: …%s…", err, path, tt.line, tt.want)
		})
	}
}

// TestLoadEveryProblem checks that Load reports the problems of every
// file at once, one per line as FILE:LINE: message.
func TestLoadEveryProblem(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "request.txt", "Subject: Hello\nX-Mailer: mine\n\nHi {{.Contact.Name},\n\nI read about {{.Contact.Nmae}}.\n")
	write(t, dir, "nudge.txt", "Hello again\n\nHi.\n")
	write(t, dir, "intro_reply.txt", "Subject: Hi\nFrom: me@example.com\n\nHi {{.Contact.Nmae}}.\n")
	write(t, dir, "thank_you.txt", "Subject: Thanks\n\nHi {{.Contact.Nmae}}.\n")
	write(t, dir, "debrief.txt", "Subject: How did it go?\n\nTell me about {{.Contact.FirstName | default \"them\"}}.\n")
	_, err := Load(dir)
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("Load() error = %v, want a *LoadError", err)
	}
	want := []string{
		dir + "/intro_reply.txt:2: unknown header \"From\"",
		dir + "/intro_reply.txt:4: unknown field .Nmae; did you mean .Name?",
		dir + "/nudge.txt:1: \"Hello again\" is not a header",
		dir + "/nudge.txt:1: no Subject header",
		dir + "/request.txt:2: unknown header \"X-Mailer\"",
		dir + "/request.txt:4: bad character U+007D '}'",
		dir + "/thank_you.txt:3: unknown field .Nmae",
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(want) {
		t.Fatalf("Load() error has %d lines, want %d:\n%v", len(lines), len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d = %q, want it to start with %q", i+1, lines[i], w)
		}
	}
}

func TestLoadDirectory(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nowhere")
	_, err := Load(missing)
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 || le.Problems[0].File != missing ||
		!strings.Contains(le.Problems[0].Msg, "rapport templates init") {
		t.Errorf("Load(missing) error = %v, want one problem naming the directory and the fix", err)
	}

	dir := t.TempDir()
	write(t, dir, "request.txt", "Subject: Hi\n\n"+strings.Repeat("x", maxFileSize)+"\n")
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "request.txt: larger than 1024 KiB") {
		t.Errorf("Load(huge file) error = %v, want it refused", err)
	}
}

// TestLoadDefaultsAsOverrides checks that the files init writes load
// unchanged, and that a CRLF copy does too.
func TestLoadDefaultsAsOverrides(t *testing.T) {
	dir := t.TempDir()
	for _, name := range Names() {
		b, err := Default.ReadFile(FileName(name))
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if name == "request" || name == "digest.html" {
			text = strings.ReplaceAll(text, "\n", "\r\n")
		}
		write(t, dir, FileName(name), text)
	}
	s := mustLoad(t, dir)
	if len(s.Overrides()) != len(Names()) {
		t.Errorf("Overrides() = %v, want every template", s.Overrides())
	}
	defaults := mustLoad(t, "")
	for _, name := range Names() {
		got, _ := s.Render(name, Sample())
		want, _ := defaults.Render(name, Sample())
		if got.Subject != want.Subject || got.Body != want.Body {
			t.Errorf("Render(%q) from the copy differs from the default:\n%s", name, got.Body)
		}
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "t/request.txt", Line: 3, Msg: "bad"}, "t/request.txt:3: bad"},
		{Problem{File: "t/requst.txt", Msg: "unknown"}, "t/requst.txt: unknown"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

// TestLoadReceipt checks that .Receipt is there for receipt only, as
// .Draft is for notice_approve and .Bounce for notice_bounce: an override
// of receipt may use it, any other template that does is reported.
func TestLoadReceipt(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "receipt.txt", "Subject: {{.Receipt.Subject | default \"Your mail\"}}\n\n"+
		"{{range .Receipt.Results}}{{if .OK}}done{{else}}failed{{end}}: {{.Command}} {{.Text}}{{with .Hint}} ({{.}}){{end}}\n"+
		"{{range .Details}}- {{.}}\n{{end}}{{end}}{{.Receipt.Help}}\nThat is all.\n")
	s := mustLoad(t, dir)
	if got := s.Overrides(); !slices.Equal(got, []string{"receipt"}) {
		t.Errorf("Overrides() = %v, want [receipt]", got)
	}
	m, err := s.Render("receipt", Sample())
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Updates" || !strings.HasPrefix(m.Body, "done: met #42 #42 Claire Moreau: scheduled → met\nfailed: drop Marc") ||
		!strings.Contains(m.Body, "(drop #7)\n- #7 Marc Dubois") {
		t.Errorf("Render(receipt) = %q\n%s\nwant the override's", m.Subject, m.Body)
	}

	for _, name := range []string{"notice_approve", "debrief", "request"} {
		dir := t.TempDir()
		path := write(t, dir, name+".txt", "Subject: Hello\n\nHi,\n\nYou wrote {{.Receipt.Subject}}: {{len .Receipt.Results}} lines.\n")
		_, err := Load(dir)
		var le *LoadError
		if !errors.As(err, &le) {
			t.Fatalf("Load() with .Receipt in %s = %v, want a *LoadError", name, err)
		}
		found := false
		for _, p := range le.Problems {
			if p.File == path && p.Line == 5 && strings.Contains(p.Msg, "nil pointer evaluating *templates.ReceiptInfo.Subject; .Receipt is set only for receipt: leave it out of "+name) {
				found = true
			}
		}
		if !found {
			t.Errorf("Load() with .Receipt in %s problems:\n%v\nwant %s:5: nil pointer evaluating *templates.ReceiptInfo.Subject; .Receipt is set only for receipt…", name, err, path)
		}
	}
}
