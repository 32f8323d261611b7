package compose

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestBytesHeaders(t *testing.T) {
	m := sample()
	m.Cc = []mail.Address{{Name: "Ana Ruiz", Address: "ana@initech.example"}}
	m.Bcc = []mail.Address{{Address: "archive@owner.example"}}
	m.ReplyTo = []mail.Address{{Name: "Alex", Address: "alex+replies@owner.example"}}
	m.InReplyTo = "r1@acme.example"
	m.References = []string{"req0@owner.example", "r1@acme.example"}
	b := mustBytes(t, m)
	checkLines(t, b, 78)

	msg := parseStd(t, b)
	want := map[string]string{
		"Date":                      "Tue, 03 Nov 2026 15:04:05 +0100",
		"From":                      `"Alex Owner" <alex@owner.example>`,
		"To":                        `"Jane Doe" <jane@acme.example>`,
		"Cc":                        `"Ana Ruiz" <ana@initech.example>`,
		"Reply-To":                  `"Alex" <alex+replies@owner.example>`,
		"Subject":                   "A short conversation about robotics",
		"Message-Id":                "<req1@owner.example>",
		"In-Reply-To":               "<r1@acme.example>",
		"References":                "<req0@owner.example> <r1@acme.example>",
		"Mime-Version":              "1.0",
		"Content-Type":              "text/plain; charset=UTF-8",
		"Content-Transfer-Encoding": "quoted-printable",
	}
	for k, v := range want {
		if got := msg.Header[k]; len(got) != 1 || got[0] != v {
			t.Errorf("header %s = %q, want [%q]", k, got, v)
		}
	}
	if got, w := headerKeys(msg.Header), wantKeys(m); !slices.Equal(got, w) {
		t.Errorf("header fields = %v, want %v", got, w)
	}
	for _, k := range []string{"Bcc", "User-Agent", "X-Mailer"} {
		if v := msg.Header.Get(k); v != "" {
			t.Errorf("header %s = %q, want none", k, v)
		}
	}
	if strings.Contains(string(b), "archive@owner.example") {
		t.Errorf("the Bcc address appears in the bytes:\n%s", b)
	}
	if !strings.HasSuffix(string(b), "\r\n") {
		t.Errorf("bytes do not end with CRLF:\n%q", b)
	}
}

// go-mail adds a Message-ID and Date of its own when none is set; ours
// must be the only ones, unchanged, and rendering twice gives the same
// bytes.
func TestBytesKeepsOurIDAndDate(t *testing.T) {
	m := sample()
	m.MessageID = NewMessageID("owner.example")
	a := mustBytes(t, m)
	b := mustBytes(t, m)
	if string(a) != string(b) {
		t.Fatalf("Bytes() is not deterministic:\n%s\n---\n%s", a, b)
	}
	msg := parseStd(t, a)
	if got := msg.Header["Message-Id"]; len(got) != 1 || got[0] != "<"+m.MessageID+">" {
		t.Errorf("Message-ID = %q, want [<%s>]", got, m.MessageID)
	}
	d, err := msg.Header.Date()
	if err != nil || !d.Equal(m.Date) {
		t.Errorf("Date = %v (%v), want %v", d, err, m.Date)
	}
	if n := len(msg.Header["Date"]); n != 1 {
		t.Errorf("%d Date headers, want 1:\n%s", n, a)
	}
}

func TestBytesThreading(t *testing.T) {
	many := manyRefs(40)
	tests := []struct {
		name      string
		inReplyTo string
		refs      []string
		wantIRT   string
		wantRefs  string
	}{
		{"new thread", "", nil, "", ""},
		{"reply", "r1@acme.example", []string{"req1@owner.example", "r1@acme.example"},
			"<r1@acme.example>", "<req1@owner.example> <r1@acme.example>"},
		{"brackets given", "<r1@acme.example>", []string{"<req1@owner.example>"},
			"<r1@acme.example>", "<req1@owner.example>"},
		{"odd but safe IDs", "A/B=c$d@[127.0.0.1]", []string{`"q"@x`},
			"<A/B=c$d@[127.0.0.1]>", `<"q"@x>`},
		{"unsafe references dropped", "r1@acme.example",
			[]string{"ok@a", "has space@a", "x>\r\nBcc: v@x", "<<a@b>>", "", "ünï@a", strings.Repeat("a", 300) + "@b", "ok2@b"},
			"<r1@acme.example>", "<ok@a> <ok2@b>"},
		{"many references fold", "r9@a", many, "<r9@a>", bracketed(many)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := sample()
			m.InReplyTo, m.References = tt.inReplyTo, tt.refs
			b := mustBytes(t, m)
			checkLines(t, b, 78)
			msg := parseStd(t, b)
			if got := msg.Header.Get("In-Reply-To"); got != tt.wantIRT {
				t.Errorf("In-Reply-To = %q, want %q", got, tt.wantIRT)
			}
			if got := msg.Header.Get("References"); got != tt.wantRefs {
				t.Errorf("References = %q, want %q", got, tt.wantRefs)
			}
			if got, w := headerKeys(msg.Header), wantKeys(m); !slices.Equal(got, w) {
				t.Errorf("header fields = %v, want %v", got, w)
			}
		})
	}
}

func manyRefs(n int) []string {
	var refs []string
	for i := range n {
		refs = append(refs, fmt.Sprintf("%0*d@thread.example", 10+i%5, i))
	}
	return refs
}

func bracketed(ids []string) string {
	var parts []string
	for _, id := range ids {
		parts = append(parts, "<"+id+">")
	}
	return strings.Join(parts, " ")
}

func TestBytesErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *Message)
		want   string // in the error
	}{
		{"no From", func(m *Message) { m.From = mail.Address{} }, "From address"},
		{"From without @", func(m *Message) { m.From.Address = "alex" }, `From address "alex": missing @`},
		{"To with a space", func(m *Message) { m.To[0].Address = "jane doe@acme.example" }, "To[0] address"},
		{"To with CRLF", func(m *Message) { m.To[0].Address = "jane@acme.example\r\nBcc: v@x" }, "To[0] address"},
		{"To with a name", func(m *Message) { m.To[0].Address = "Jane <jane@acme.example>" }, "To[0] address"},
		{"second Cc bad", func(m *Message) {
			m.Cc = []mail.Address{{Address: "ok@x.example"}, {Address: "nope"}}
		}, `Cc[1] address "nope": missing @`},
		{"Bcc bad", func(m *Message) { m.Bcc = []mail.Address{{Address: "a@"}} }, "Bcc[0] address"},
		{"Reply-To bad", func(m *Message) { m.ReplyTo = []mail.Address{{Address: "a@b@c"}} }, "Reply-To[0] address"},
		{"non-ASCII address", func(m *Message) { m.To[0].Address = "jürgen@acme.example" }, "non-ASCII"},
		{"quoted local part", func(m *Message) { m.To[0].Address = `"jane doe"@acme.example` }, "To[0] address"},
		{"too long", func(m *Message) { m.To[0].Address = strings.Repeat("a", 250) + "@b.example" }, "longer than 254"},
		{"no recipient", func(m *Message) { m.To = nil }, "no recipient"},
		{"no Date", func(m *Message) { m.Date = time.Time{} }, "Date is not set"},
		{"no Message-ID", func(m *Message) { m.MessageID = "" }, "Message-ID"},
		{"Message-ID with space", func(m *Message) { m.MessageID = "a b@c" }, "Message-ID"},
		{"Message-ID with CRLF", func(m *Message) { m.MessageID = "a@b>\r\nBcc: <v@x" }, "Message-ID"},
		{"bad In-Reply-To", func(m *Message) { m.InReplyTo = "a@b> <c@d" }, "In-Reply-To"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := sample()
			tt.change(m)
			_, err := Bytes(m)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Bytes() error = %v, want one containing %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "compose: ") {
				t.Errorf("error %q does not start with the package name", err)
			}
		})
	}
}
