package compose

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"testing"

	"github.com/jordan-wright/email"
)

// parseJW parses b with github.com/jordan-wright/email, a parser
// independent of go-mail.
func parseJW(t testing.TB, b []byte) *email.Email {
	t.Helper()
	e, err := email.NewEmailFromReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("email.NewEmailFromReader() error = %v\n%s", err, b)
	}
	return e
}

// TestRoundTrip renders a message full of non-ASCII and hostile text and
// reads it back with two parsers that share no code with go-mail.
func TestRoundTrip(t *testing.T) {
	m := &Message{
		From:       mail.Address{Name: "Zoë Owner", Address: "zoe@owner.example"},
		To:         []mail.Address{{Name: "عبد الله", Address: "abd@acme.example"}},
		Cc:         []mail.Address{{Name: "Eve\r\nBcc: victim@x", Address: "eve@acme.example"}},
		Bcc:        []mail.Address{{Address: "hidden@owner.example"}},
		Subject:    "Re: Grüße — 20 minutes about robotics? 🙏",
		Body:       "Hello,\r\n\r\nthank you — it was great.\n" + strings.Repeat("long line ", 20) + "\n-- \nZoë\n",
		MessageID:  "ty1@owner.example",
		InReplyTo:  "r1@acme.example",
		References: []string{"req1@owner.example", "r1@acme.example"},
		Date:       testDate,
	}
	b := mustBytes(t, m)

	e := parseJW(t, b)
	if e.Subject != m.Subject {
		t.Errorf("jordan-wright Subject = %q, want %q", e.Subject, m.Subject)
	}
	if want := "Zoë Owner <zoe@owner.example>"; e.From != want {
		t.Errorf("jordan-wright From = %q, want %q", e.From, want)
	}
	if want := []string{"عبد الله <abd@acme.example>"}; len(e.To) != 1 || e.To[0] != want[0] {
		t.Errorf("jordan-wright To = %q, want %q", e.To, want)
	}
	if len(e.Bcc) != 0 {
		t.Errorf("jordan-wright Bcc = %q, want none", e.Bcc)
	}
	wantBody := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	if string(e.Text) != wantBody {
		t.Errorf("jordan-wright Text = %q, want %q", e.Text, wantBody)
	}
	for k, v := range map[string]string{
		"Message-Id":  "<ty1@owner.example>",
		"In-Reply-To": "<r1@acme.example>",
		"References":  "<req1@owner.example> <r1@acme.example>",
		"Date":        "Tue, 03 Nov 2026 15:04:05 +0100",
	} {
		if got := e.Headers.Get(k); got != v {
			t.Errorf("jordan-wright %s = %q, want %q", k, got, v)
		}
	}
	for _, k := range []string{"Bcc", "X-Evil", "User-Agent", "X-Mailer"} {
		if _, ok := e.Headers[k]; ok {
			t.Errorf("jordan-wright found a %s header", k)
		}
	}

	msg := parseStd(t, b)
	cc, err := msg.Header.AddressList("Cc")
	if err != nil || len(cc) != 1 || cc[0].Name != "Eve Bcc: victim@x" || cc[0].Address != "eve@acme.example" {
		t.Errorf("net/mail Cc = %v (%v), want the cleaned name", cc, err)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 || *from[0] != m.From {
		t.Errorf("net/mail From = %v (%v), want %v", from, err, m.From)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subj != m.Subject {
		t.Errorf("net/mail Subject = %q (%v), want %q", subj, err, m.Subject)
	}
}

// TestRoundTripHTML renders a message with an HTML part full of hostile
// text and reads both parts back, byte for byte, with net/mail and
// mime/multipart, and with jordan-wright/email.
func TestRoundTripHTML(t *testing.T) {
	m := &Message{
		From:      mail.Address{Name: "Zoë Owner", Address: "zoe@owner.example"},
		To:        []mail.Address{{Name: "Zoë Owner", Address: "zoe@owner.example"}},
		Bcc:       []mail.Address{{Address: "hidden@owner.example"}},
		Subject:   "Your day — Tue 3 Nov: 2 replies, 1 draft",
		Body:      "Needs you today\r\n\r\n#12 Jane Doe — replied\n.\n" + strings.Repeat("long line ", 20) + "\n-- \nrapport",
		MessageID: "digest1@owner.example",
		Date:      testDate,
		HTML: "<!DOCTYPE html>\r\n<html><body>\n<h1>Needs you today</h1>\r" +
			"<p id=\"replies\">#12 Jane Doe — replied: “Sure, Tuesday?” عبد الله 🙏</p>\n" +
			"<p>" + strings.Repeat("<span>wide</span> ", 400) + "</p>\n" + // one line of 7,200 characters
			"\r\n.\r\n" + // SMTP's end of data
			"--rapport-\r\n--rapport-aaaaaaaaaaaaaaaaaaaaaaaaaa--\r\n--\r\n" + // delimiter-like lines
			"Content-Type: text/plain\r\n\r\n" +
			"a=b =3D =\r\n\x00NUL\x00 caf\xe9 trailing \t\r\n" +
			"</body></html>",
	}
	b := mustBytes(t, m)
	checkLines(t, b, 998)
	if strings.Contains(string(b), "hidden@owner.example") {
		t.Errorf("the Bcc address appears in the bytes")
	}

	plain, html, boundary := altParts(t, b)
	wantPlain := strings.ReplaceAll(strings.ReplaceAll(m.Body+"\n", "\r\n", "\n"), "\n", "\r\n")
	if plain != wantPlain {
		t.Errorf("net/mail text/plain = %q, want %q", plain, wantPlain)
	}
	wantHTML := strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(m.HTML, "\r\n", "\n"), "\r", "\n")+"\n", "\n", "\r\n")
	wantHTML = strings.ReplaceAll(wantHTML, "\xe9", "\uFFFD")
	if html != wantHTML {
		t.Errorf("net/mail text/html = %q, want %q", html, wantHTML)
	}
	if n := strings.Count(strings.ToLower(string(b)), boundary); n != 4 {
		t.Errorf("boundary %q occurs %d times, want 4", boundary, n)
	}

	e := parseJW(t, b)
	if e.Subject != m.Subject || string(e.Text) != wantPlain || string(e.HTML) != wantHTML {
		t.Errorf("jordan-wright Subject, Text, HTML = %q, %q, %q; want %q, %q, %q",
			e.Subject, e.Text, e.HTML, m.Subject, wantPlain, wantHTML)
	}
}
