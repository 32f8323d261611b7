package classify

import (
	"os"
	"path/filepath"
	"testing"
)

// benchHeader is an ordinary personal mail's header, the common case of
// a backlog.
const benchHeader = "Return-Path: <sam@example.org>\r\n" +
	"From: Sam Sender <sam@example.org>\r\nTo: Alex Example <alex@owner.example>\r\n" +
	"Subject: Lunch on Thursday?\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\n" +
	"Message-ID: <m1234@example.org>\r\nMIME-Version: 1.0\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n\r\n"

// BenchmarkParseHeader measures deciding a message from its header alone,
// which the daemon does for every message it sees.
func BenchmarkParseHeader(b *testing.B) {
	h := []byte(benchHeader)
	for b.Loop() {
		if m := ParseHeader(h); m.Kind != KindPersonal {
			b.Fatalf("kind = %s, want personal", m.Kind)
		}
	}
}

// The out-of-office subject test is split for speed; every form it knows
// must still be recognised, and ordinary subjects must not be.
func TestAutoReplySubjectForms(t *testing.T) {
	for subject, want := range map[string]bool{
		"Automatic reply: Coffee next week?":     true,
		"  Out of Office":                        true,
		"Abwesenheitsnotiz: Anfrage":             true,
		"I'm currently away":                     true,
		"Jane Doe is out of the office":          true,
		"Away from work (returning 3 Dec)":       true,
		"Lunch on Thursday?":                     false,
		"Re: Automatic reply: Coffee next week?": false,
		"Notes from the out of office retreat":   false,
		"Fwd: Out of Office: Coffee next week?":  false,
	} {
		p := &parsed{subject: subject}
		if got := p.autoReplySubject(); got != want {
			t.Errorf("autoReplySubject(%q) = %v, want %v", subject, got, want)
		}
	}
}

// BenchmarkParseCorpus parses every message of the shared corpus (real
// mail, weighted towards the odd: bounces, automatic answers, malformed
// and odd-charset mail) once per iteration: the whole classifier, where
// BenchmarkParseHeader measures the common case.
func BenchmarkParseCorpus(b *testing.B) {
	dir := corpusDir(b)
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.eml"))
	if dir == "" || err != nil || len(files) == 0 {
		b.Skip("the shared corpus is not beside the checkout (CI has it; or set RAPPORT_CORPUS)")
	}
	raws := make([][]byte, 0, len(files))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
	}
	for b.Loop() {
		for _, raw := range raws {
			Parse(raw)
		}
	}
}
