package compose

import (
	"bytes"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"
)

// testDate is a Date in a zone that is not UTC, to see the zone kept.
var testDate = time.Date(2026, 11, 3, 15, 4, 5, 0, time.FixedZone("CET", 3600))

// sample returns a complete message that tests change one field of.
func sample() *Message {
	return &Message{
		From:       mail.Address{Name: "Alex Owner", Address: "alex@owner.example"},
		To:         []mail.Address{{Name: "Jane Doe", Address: "jane@acme.example"}},
		Subject:    "A short conversation about robotics",
		Body:       "Hello Jane,\n\nWould you have 20 minutes?\n\nAlex\n",
		MessageID:  "req1@owner.example",
		InReplyTo:  "",
		References: nil,
		Date:       testDate,
	}
}

// mustBytes calls Bytes and fails the test on error.
func mustBytes(t testing.TB, m *Message) []byte {
	t.Helper()
	b, err := Bytes(m)
	if err != nil {
		t.Fatalf("Bytes() error = %v", err)
	}
	return b
}

// parseStd parses b with net/mail.
func parseStd(t testing.TB, b []byte) *mail.Message {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("net/mail.ReadMessage() error = %v\n%s", err, b)
	}
	return msg
}

// headerKeys returns the canonical names of the header fields of b's
// header, once per occurrence, sorted.
func headerKeys(h mail.Header) []string {
	var keys []string
	for k, vs := range h {
		for range vs {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// baseKeys are the header fields of every message Bytes writes.
var baseKeys = []string{"Content-Transfer-Encoding", "Content-Type", "Date", "From", "Message-Id", "Mime-Version", "Subject"}

// wantKeys returns the header fields Bytes should write for m. A message
// with HTML has no Content-Transfer-Encoding of its own: its parts do.
func wantKeys(m *Message) []string {
	keys := slices.Clone(baseKeys)
	if m.HTML != "" {
		keys = slices.DeleteFunc(keys, func(k string) bool { return k == "Content-Transfer-Encoding" })
	}
	if len(m.To) > 0 {
		keys = append(keys, "To")
	}
	if len(m.Cc) > 0 {
		keys = append(keys, "Cc")
	}
	if len(m.ReplyTo) > 0 {
		keys = append(keys, "Reply-To")
	}
	if m.InReplyTo != "" {
		keys = append(keys, "In-Reply-To")
	}
	if references(m.References) != "" {
		keys = append(keys, "References")
	}
	if m.Automatic {
		keys = append(keys, "Auto-Submitted", "Precedence", "X-Auto-Response-Suppress")
	}
	slices.Sort(keys)
	return keys
}

// checkLines fails the test if b has a bare CR or LF, or a line longer
// than limit characters (CRLF excluded).
func checkLines(t testing.TB, b []byte, limit int) {
	t.Helper()
	s := string(b)
	if strings.Count(s, "\r") != strings.Count(s, "\r\n") || strings.Count(s, "\n") != strings.Count(s, "\r\n") {
		t.Fatalf("bytes have a bare CR or LF:\n%q", b)
	}
	for i, line := range strings.Split(s, "\r\n") {
		if len(line) > limit {
			t.Fatalf("line %d is %d characters long, want at most %d:\n%s", i+1, len(line), limit, line)
		}
	}
}
