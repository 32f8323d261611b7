package templates

import (
	"net/url"
	"strings"
	"testing"
)

// TestMailto: RFC 6068 links, as mail programs read them: a space is
// %20, never '+'; '#' is %23, so that the command is not cut as a
// fragment; '&', '=' and '?' in a value cannot start another field; line
// breaks are CRLF; the plus of a plus-address stays.
func TestMailto(t *testing.T) {
	for _, tt := range []struct {
		name, addr, subject, body, want string
	}{
		{"command", "sam+rapport@example.com", "#5 send", "#5 send\n\n",
			"mailto:sam+rapport@example.com?subject=%235%20send&body=%235%20send%0D%0A%0D%0A"},
		{"tag in brackets", "sam@example.com", "[rapport] #5 met", "",
			"mailto:sam@example.com?subject=%5Brapport%5D%20%235%20met"},
		{"reserved characters in values", "a@b.example", "a&b=c?d+e%f", "x/y",
			"mailto:a@b.example?subject=a%26b%3Dc%3Fd%2Be%25f&body=x%2Fy"},
		{"non-ASCII as UTF-8 octets", "a@b.example", "note #3 Café", "",
			"mailto:a@b.example?subject=note%20%233%20Caf%C3%A9"},
		{"body only", "a@b.example", "", "list waiting", "mailto:a@b.example?body=list%20waiting"},
		{"CRLF kept as one break", "a@b.example", "", "a\r\nb", "mailto:a@b.example?body=a%0D%0Ab"},
		{"no address", "", "x", "x", ""},
		{"a name is no bare address", "Sam <sam@example.com>", "x", "", ""},
		{"a query in the address", "sam@example.com?cc=eve@evil.example", "x", "", ""},
		{"two addresses", "a@b.example,c@d.example", "x", "", ""},
		{"no domain", "sam@", "x", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Mailto(tt.addr, tt.subject, tt.body); got != tt.want {
				t.Errorf("Mailto(%q, %q, %q) =\n %s\nwant\n %s", tt.addr, tt.subject, tt.body, got, tt.want)
			}
		})
	}
}

// FuzzMailto: whatever the subject and body, the link parses as one
// mailto URI to the address, with no fragment, and each value decodes
// back to what was given (line breaks as CRLF).
func FuzzMailto(f *testing.F) {
	for _, s := range []string{"#5 send", "a&b=c?d#e+f%g", "Café\n\nnext", "\x00\xff"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, subject, body string) {
		href := Mailto("sam+rapport@example.com", subject, body)
		u, err := url.Parse(href)
		if err != nil {
			t.Fatalf("%q: %v", href, err)
		}
		if u.Scheme != "mailto" || u.Opaque != "sam+rapport@example.com" || u.Fragment != "" {
			t.Fatalf("%q: scheme %q, to %q, fragment %q", href, u.Scheme, u.Opaque, u.Fragment)
		}
		got := map[string]string{}
		if u.RawQuery != "" {
			for _, kv := range strings.Split(u.RawQuery, "&") {
				k, v, _ := strings.Cut(kv, "=")
				dv, err := url.PathUnescape(v)
				if err != nil {
					t.Fatalf("%q: %v", href, err)
				}
				got[k] = dv
			}
		}
		crlf := strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")
		if got["subject"] != subject || got["body"] != crlf {
			t.Fatalf("%q decodes to %q, want subject %q and body %q", href, got, subject, crlf)
		}
	})
}
