package classify

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rapport-mail/rapport/mail/authres"
)

// TestAuthHeader checks the fields handed to authres.Verified: Received
// and Authentication-Results in their order, unfolded and made printable,
// ending at the last Authentication-Results field.
func TestAuthHeader(t *testing.T) {
	raw := "Received: by mx.owner.example (Postfix, from userid 0) id 1;\r\n" +
		"\tMon, 2 Mar 2026 10:00:02 +0000\r\n" +
		"Authentication-Results: mx.owner.example;\r\n" +
		"\tdkim=fail header.d=owner.example\r\n" +
		"X-Spam: no\r\n" +
		"Received: from sender.example (sender.example [203.0.113.5]) by mx.owner.example; Mon, 2 Mar 2026 10:00:00 +0000\r\n" +
		"authentication-results: mx.owner.example; dkim=pass\x01 header.d=owner.example\r\n" +
		"Received: by sender.example with HTTP; Mon, 2 Mar 2026 09:59:59 +0000\r\n" +
		"From: Alex <alex@owner.example>\r\n" +
		"Subject: hi\r\n\r\nbody\r\n"
	want := []authres.HeaderField{
		{Name: "Received", Value: "by mx.owner.example (Postfix, from userid 0) id 1; Mon, 2 Mar 2026 10:00:02 +0000"},
		{Name: "Authentication-Results", Value: "mx.owner.example; dkim=fail header.d=owner.example"},
		{Name: "Received", Value: "from sender.example (sender.example [203.0.113.5]) by mx.owner.example; Mon, 2 Mar 2026 10:00:00 +0000"},
		{Name: "Authentication-Results", Value: "mx.owner.example; dkim=pass header.d=owner.example"},
	}
	for _, m := range []*Message{Parse([]byte(raw)), ParseHeader([]byte(raw))} {
		if !slices.Equal(m.AuthHeader, want) {
			t.Errorf("AuthHeader = %q\nwant %q", m.AuthHeader, want)
		}
	}
	if m := Parse([]byte("Received: by mx.owner.example; Mon, 2 Mar 2026 10:00:02 +0000\r\nFrom: a@b.example\r\n\r\nx\r\n")); m.AuthHeader != nil {
		t.Errorf("AuthHeader without Authentication-Results = %q, want none", m.AuthHeader)
	}
}

// TestAuthHeaderFromHeaderFields checks that a header cut to
// HeaderFields(), as the daemon fetches it before the body, hands
// authres.Verified the same fields as the whole header.
func TestAuthHeaderFromHeaderFields(t *testing.T) {
	keep := headerFieldSet()
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	// authres keeps messages shaped like the big providers' headers.
	fixtures, _ := filepath.Glob(filepath.Join("..", "authres", "testdata", "*.eml"))
	if len(fixtures) == 0 {
		t.Fatal("no messages in ../authres/testdata")
	}
	for _, name := range append(files, fixtures...) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			raw, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			full, part := ParseHeader(raw).AuthHeader, ParseHeader(cutHeader(raw, keep)).AuthHeader
			if !slices.Equal(full, part) {
				t.Errorf("AuthHeader cut to HeaderFields = %q\nwant %q", part, full)
			}
		})
	}
}
