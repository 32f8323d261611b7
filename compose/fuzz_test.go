package compose

import (
	"mime"
	"net/mail"
	"slices"
	"strings"
	"testing"
)

// FuzzBytes renders messages with fuzzed names, address, subject, body and
// threading IDs. Bytes may refuse an input, but never panic; what it
// renders has only CRLF line endings, lines of at most 998 characters,
// exactly the expected header fields (no injected one), and reads back,
// with parsers that share no code with go-mail, as the cleaned input.
func FuzzBytes(f *testing.F) {
	f.Add("Jane Doe", "jane@acme.example", "Hello", "Hi\n", "r1@acme.example", "r0@owner.example")
	f.Add("Eve\r\nBcc: victim@x", "eve@acme.example", "Hi\r\nBcc: victim@x", "a\r.\r\nb", "", "")
	f.Add(`Doe, "JD" <x>`, "jd@x.example", "=?utf-8?q?x?=", strings.Repeat("x", 200), "<a@b>", "<c@d> <e@f>")
	f.Add("عبد الله 😀", "a+b@c.example", strings.Repeat("Grüße ", 300), "caf\xe9", "a b", "x\x00y@z")
	f.Add("\x00\x85\u2028", "a b@c", strings.Repeat("y", 2000), "", "a@b\r\nX: y", "")
	f.Fuzz(func(t *testing.T, name, addr, subject, body, inReplyTo, ref string) {
		m := sample()
		m.To = []mail.Address{{Name: name, Address: addr}}
		m.Cc = []mail.Address{{Name: name, Address: "cc@acme.example"}}
		m.From.Name = name
		m.Subject, m.Body = subject, body
		m.InReplyTo, m.References = inReplyTo, []string{ref, "fixed@owner.example"}
		b, err := Bytes(m)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "compose: ") {
				t.Fatalf("Bytes() error = %q, want it to start with the package", err)
			}
			return
		}
		checkLines(t, b, 998)
		msg := parseStd(t, b)
		if got, w := headerKeys(msg.Header), wantKeys(m); !slices.Equal(got, w) {
			t.Fatalf("header fields = %v, want %v\n%q", got, w, b)
		}
		to, err := msg.Header.AddressList("To")
		if err != nil || len(to) != 1 || to[0].Address != addr || to[0].Name != cleanName(name) {
			t.Fatalf("To = %v (%v), want %q <%s>\n%q", to, err, cleanName(name), addr, b)
		}
		subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil || subj != cleanText(subject) {
			t.Fatalf("Subject = %q (%v), want %q\n%q", subj, err, cleanText(subject), b)
		}
		want := ""
		if inReplyTo != "" {
			want = "<" + trimBrackets(inReplyTo) + ">"
		}
		if got := msg.Header.Get("In-Reply-To"); got != want {
			t.Fatalf("In-Reply-To = %q, want %q", got, want)
		}
		e := parseJW(t, b)
		if want := strings.ReplaceAll(cleanBody(body), "\n", "\r\n"); string(e.Text) != want {
			t.Fatalf("body = %q, want %q", e.Text, want)
		}
	})
}
