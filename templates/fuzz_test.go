package templates

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRender renders every default template with contacts' text taken
// from the fuzzer: names, companies, notes, a quoted message, a receipt
// and a digest line. No input may panic, break out of the one-line
// fields, or leave the body outside the promises of Message; the digest's
// HTML must never carry a tag from the input.
func FuzzRender(f *testing.F) {
	for _, seed := range [][3]string{
		{"Claire Moreau", "Grand Lyon", "Hi Sam,\n\nHappy to talk.\n"},
		{"Evil\r\nBcc: x@y", "</p><script>alert(1)</script>", "\x00\x1b[31m\u202e"},
		{"{{.Owner.Name}}", "[what I learned]", strings.Repeat("long line ", 500)},
		{"\xff\xfe", "é\u2028ß", "> quoted\n> more"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	set, err := Load("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name, company, text string) {
		d := Sample()
		d.Contact.Name, d.Contact.Company, d.Contact.Notes = name, company, text
		d.IntroducedBy.Name = company
		d.Thread.Body, d.Thread.From, d.Thread.Subject = text, name, company
		d.Messages[1].Body = text
		d.Draft.Body, d.Draft.Subject = text, name
		d.Bounce.Status, d.Bounce.Diagnostic = name, text
		d.Receipt.Subject = name
		d.Receipt.Results[0].Text = text
		d.Digest.Today[0].Items[0].Name, d.Digest.Today[0].Items[0].Quote = name, text
		for _, n := range Names() {
			if n == "digest.html" {
				continue
			}
			m, err := set.Render(n, d)
			if err != nil {
				continue // a refusal is an answer; a panic is not
			}
			if strings.ContainsAny(m.Subject, "\r\n") || !utf8.ValidString(m.Subject) {
				t.Fatalf("%s: subject %q is not one line of UTF-8", n, m.Subject)
			}
			if !utf8.ValidString(m.Body) || strings.Contains(m.Body, "\r") || !strings.HasSuffix(m.Body, "\n") {
				t.Fatalf("%s: body breaks the promises of Message: %q", n, m.Body)
			}
			for _, a := range append(append(m.Cc, m.Bcc...), m.ReplyTo...) {
				if strings.ContainsAny(a.Name+a.Address, "\r\n") {
					t.Fatalf("%s: an address holds a line break: %q", n, a)
				}
			}
		}
		_, _, html, err := set.RenderDigest(d)
		if err == nil && (strings.Contains(html, "<script") || strings.Contains(html, "</p><script>")) {
			t.Fatalf("the digest's HTML carries a tag from the input")
		}
	})
}
