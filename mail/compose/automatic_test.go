package compose

import (
	"slices"
	"strings"
	"testing"
)

// Mail rapport writes on its own carries the fields that stop vacation
// responders and Exchange's out-of-office from answering it; mail to a
// contact is personal mail and carries none of them, since their answers
// are wanted.
func TestBytesAutomatic(t *testing.T) {
	auto := map[string]string{
		"Auto-Submitted":           "auto-generated",
		"Precedence":               "bulk",
		"X-Auto-Response-Suppress": "All",
	}
	tests := []struct {
		name      string
		automatic bool
		html      string
	}{
		{"to a contact", false, ""},
		{"to a contact, with HTML", false, "<p>Hello</p>"},
		{"to the owner", true, ""},
		{"to the owner, with HTML (the digest)", true, "<h1>Needs you today</h1>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := sample()
			m.Automatic, m.HTML = tt.automatic, tt.html
			b := mustBytes(t, m)
			msg := parseStd(t, b)
			for k, v := range auto {
				got := msg.Header[k]
				switch {
				case tt.automatic && (len(got) != 1 || got[0] != v):
					t.Errorf("header %s = %q, want [%q]", k, got, v)
				case !tt.automatic && len(got) != 0:
					t.Errorf("header %s = %q, want none on personal mail", k, got)
				}
			}
			if got, w := headerKeys(msg.Header), wantKeys(m); !slices.Equal(got, w) {
				t.Errorf("header fields = %v, want %v", got, w)
			}
			// The fields belong to the message's header, never to a part.
			head, _, _ := strings.Cut(string(b), "\r\n\r\n")
			for k := range auto {
				if n := strings.Count(string(b), k+":"); n != strings.Count(head, k+":") {
					t.Errorf("%s appears %d times in the bytes, outside the header", k, n)
				}
			}
		})
	}
}
