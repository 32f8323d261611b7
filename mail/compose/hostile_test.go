package compose

import (
	"mime"
	"net/mail"
	"slices"
	"strings"
	"testing"
)

func TestBytesHostileNames(t *testing.T) {
	tests := []struct {
		name     string
		display  string
		wantName string // as a reader decodes it
	}{
		{"header injection", "Eve\r\nBcc: victim@x", "Eve Bcc: victim@x"},
		{"bare LF injection", "Eve\nSubject: spoofed", "Eve Subject: spoofed"},
		{"bare CR", "Eve\rX-Evil: 1", "Eve X-Evil: 1"},
		{"double CRLF ends the header", "Eve\r\n\r\nbody", "Eve body"},
		{"quotes", `Jane "JD" Doe`, `Jane "JD" Doe`},
		{"comma", "Doe, Jane", "Doe, Jane"},
		{"angle brackets", "Jane <ceo@bank.example>", "Jane <ceo@bank.example>"},
		{"backslash", `Jane \ Doe`, `Jane \ Doe`},
		{"emoji", "Jane 👩‍💻 Doe", "Jane 👩‍💻 Doe"},
		{"Arabic", "عبد الله الراشد", "عبد الله الراشد"},
		{"Arabic with a comma and quotes", `"الراشد, عبد"`, `"الراشد, عبد"`},
		{"accents", "José Müller-Øre", "José Müller-Øre"},
		{"NUL, tab and DEL", "Ja\x00ne\tD\x7foe", "Ja ne D oe"},
		{"C1 control and line separator", "Jane\u0085Doe\u2028X", "Jane Doe X"},
		{"invalid UTF-8", "Jane \xff\xfe Doe", "Jane \uFFFD Doe"}, // one per run
		{"only controls", "\r\n\t", ""},
		{"looks like an encoded word", "=?utf-8?q?Admin?=", "=?utf-8?q?Admin?="},
		{"long ASCII", strings.Repeat("a", 500), strings.Repeat("a", MaxNameRunes)},
		{"long non-ASCII", strings.Repeat("ü", 500), strings.Repeat("ü", MaxNameRunes)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := sample()
			m.To = []mail.Address{{Name: tt.display, Address: "jane@acme.example"}, {Name: "Second", Address: "second@acme.example"}}
			m.From.Name = tt.display
			b := mustBytes(t, m)
			checkLines(t, b, 998)
			msg := parseStd(t, b)
			if got, w := headerKeys(msg.Header), wantKeys(m); !slices.Equal(got, w) {
				t.Fatalf("header fields = %v, want %v\n%s", got, w, b)
			}
			to, err := msg.Header.AddressList("To")
			if err != nil {
				t.Fatalf("To does not parse: %v\n%s", err, b)
			}
			want := []*mail.Address{{Name: tt.wantName, Address: "jane@acme.example"}, {Name: "Second", Address: "second@acme.example"}}
			if !slices.EqualFunc(to, want, func(a, b *mail.Address) bool { return *a == *b }) {
				t.Errorf("To = %v, want %v\n%s", to, want, b)
			}
			from, err := mail.ParseAddress(msg.Header.Get("From"))
			if err != nil || from.Name != tt.wantName || from.Address != m.From.Address {
				t.Errorf("From = %v (%v), want %q <%s>", from, err, tt.wantName, m.From.Address)
			}
		})
	}
}

func TestBytesSubject(t *testing.T) {
	longWords := strings.TrimSpace(strings.Repeat("informational interview ", 60)) // > 998
	tests := []struct {
		name    string
		subject string
		want    string
	}{
		{"ASCII", "A short conversation", "A short conversation"},
		{"empty", "", ""},
		{"German", "Grüße aus Köln", "Grüße aus Köln"},
		{"emoji", "Thank you 🙏", "Thank you 🙏"},
		{"Arabic", "شكرا لوقتك", "شكرا لوقتك"},
		{"injection", "Hi\r\nBcc: victim@x\r\n\r\nbody", "Hi Bcc: victim@x body"},
		{"tabs and spaces", "  a\t\tb   c  ", "a b c"},
		{"looks like an encoded word", "=?utf-8?q?Hacked?=", "=?utf-8?q?Hacked?="},
		{"underscores and question marks", "what_is ?this= _", "what_is ?this= _"},
		{"long, with spaces", longWords, longWords},
		{"long, no spaces", strings.Repeat("x", 1200), strings.Repeat("x", 1200)},
		{"long non-ASCII", strings.Repeat("Grüße ", 200), strings.TrimSpace(strings.Repeat("Grüße ", 200))},
		{"long URL", "See https://example.com/" + strings.Repeat("a/", 60), "See https://example.com/" + strings.Repeat("a/", 60)},
		{"invalid UTF-8", "caf\xe9", "caf\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := sample()
			m.Subject = tt.subject
			b := mustBytes(t, m)
			checkLines(t, b, 78)
			msg := parseStd(t, b)
			if got, w := headerKeys(msg.Header), wantKeys(m); !slices.Equal(got, w) {
				t.Fatalf("header fields = %v, want %v\n%s", got, w, b)
			}
			got, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			if err != nil || got != tt.want {
				t.Errorf("Subject decodes to %q (%v), want %q\n%s", got, err, tt.want, b)
			}
		})
	}
}

func TestBytesBody(t *testing.T) {
	long := strings.Repeat("word ", 40)
	tests := []struct {
		name string
		body string
		want string // decoded, CRLF line endings
	}{
		{"LF", "a\nb\n", "a\r\nb\r\n"},
		{"CRLF", "a\r\nb\r\n", "a\r\nb\r\n"},
		{"CR", "a\rb\r", "a\r\nb\r\n"},
		{"no final newline", "a\nb", "a\r\nb\r\n"},
		{"empty", "", "\r\n"},
		{"dots and From", ".\n..\nFrom me\n.", ".\r\n..\r\nFrom me\r\n.\r\n"},
		{"trailing spaces", "a  \nb\t\n", "a  \r\nb\t\r\n"},
		{"long line", long + "\n", long + "\r\n"},
		{"non-ASCII", "Grüße, عبد الله 🙏\n", "Grüße, عبد الله 🙏\r\n"},
		{"invalid UTF-8", "caf\xe9\n", "caf\uFFFD\r\n"},
		{"equals signs", "a=b =3D\n", "a=b =3D\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := sample()
			m.Body = tt.body
			b := mustBytes(t, m)
			checkLines(t, b, 76)
			e := parseJW(t, b)
			if string(e.Text) != tt.want {
				t.Errorf("body decodes to %q, want %q\n%s", e.Text, tt.want, b)
			}
		})
	}
}
