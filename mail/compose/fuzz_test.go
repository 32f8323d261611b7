package compose

import (
	"mime"
	"net/mail"
	"slices"
	"strings"
	"testing"
)

// FuzzBytes renders messages with fuzzed names, address, subject, body,
// HTML part and threading IDs. Bytes may refuse an input, but never panic;
// what it renders has only CRLF line endings, lines of at most 998
// characters, exactly the expected header fields (no injected one), and
// reads back, with parsers that share no code with go-mail, as the cleaned
// input: with HTML, as a multipart/alternative message whose boundary
// occurs nowhere but where it must.
func FuzzBytes(f *testing.F) {
	f.Add("Jane Doe", "jane@acme.example", "Hello", "Hi\n", "", "r1@acme.example", "r0@owner.example")
	f.Add("Eve\r\nBcc: victim@x", "eve@acme.example", "Hi\r\nBcc: victim@x", "a\r.\r\nb", "<p>a</p>\r\n.\r\n\x00", "", "")
	f.Add(`Doe, "JD" <x>`, "jd@x.example", "=?utf-8?q?x?=", strings.Repeat("x", 200), strings.Repeat("<b>x</b>", 700), "<a@b>", "<c@d> <e@f>")
	f.Add("عبد الله 😀", "a+b@c.example", strings.Repeat("Grüße ", 300), "caf\xe9", "<p dir=rtl>عبد الله</p>\xff", "a b", "x\x00y@z")
	f.Add("\x00\x85\u2028", "a b@c", strings.Repeat("y", 2000), "", "\r\n--rapport-\r\n--rapport---\r\n", "a@b\r\nX: y", "")
	f.Fuzz(func(t *testing.T, name, addr, subject, body, html, inReplyTo, ref string) {
		m := sample()
		m.To = []mail.Address{{Name: name, Address: addr}}
		m.Cc = []mail.Address{{Name: name, Address: "cc@acme.example"}}
		m.From.Name = name
		m.Subject, m.Body, m.HTML = subject, body, html
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
		if string(e.Text) != crlf(body) {
			t.Fatalf("body = %q, want %q", e.Text, crlf(body))
		}
		if html == "" {
			if len(e.HTML) != 0 {
				t.Fatalf("HTML = %q, want none", e.HTML)
			}
			return
		}
		plain, gotHTML, boundary := altParts(t, b)
		if plain != crlf(body) || gotHTML != crlf(html) {
			t.Fatalf("parts = %q, %q; want %q, %q", plain, gotHTML, crlf(body), crlf(html))
		}
		if string(e.HTML) != crlf(html) {
			t.Fatalf("jordan-wright HTML = %q, want %q", e.HTML, crlf(html))
		}
		if n := strings.Count(strings.ToLower(string(b)), boundary); n != 4 {
			t.Fatalf("boundary %q occurs %d times, want 4\n%q", boundary, n, b)
		}
	})
}
