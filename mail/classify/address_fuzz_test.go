package classify

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzAddressList feeds parseAddressList arbitrary header values. It must
// not panic and must return valid UTF-8; and when the value is a single
// item (no list, group, quote or comment syntax) holding exactly one
// "<addr>" pair whose inside is a plain ASCII addr-spec, that is the one
// address read, whatever the display name around it looks like.
func FuzzAddressList(f *testing.F) {
	for _, v := range addressSamples {
		f.Add(v)
	}
	for _, v := range []string{
		"jane@acme.example <eve@evil.example>", `"jane@acme.example" <eve@evil.example>`,
		"=?utf-8?q?jane=40acme.example?= <eve@evil.example>", "Jane (jane@acme.example) <eve@evil.example>",
		"jane@acme.example (Jane)", "undisclosed-recipients:;", "friends: a@x.example, b@y.example;",
		"Jöhn <john@bücher.example>", "J\xf6hn john@example.org", "x <a@b.example> y@z.example", "<<a@b.example",
	} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		got := parseAddressList(v, "")
		for _, a := range got {
			if !utf8.ValidString(a.Name) || !utf8.ValidString(a.Email) {
				t.Fatalf("parseAddressList(%q) = %+v: not valid UTF-8", v, got)
			}
		}
		want, ok := loneAngleAddr(v)
		if !ok {
			return
		}
		if len(got) != 1 || got[0].Email != want {
			t.Fatalf("parseAddressList(%q) = %+v; want the one address %q", v, got, want)
		}
	})
}

// loneAngleAddr returns the inside of the only "<…>" in v when it is a
// plain ASCII addr-spec and nothing in v makes it more than one item or
// hides the brackets in a quoted string or comment.
func loneAngleAddr(v string) (string, bool) {
	if strings.Count(v, "<") != 1 || strings.Count(v, ">") != 1 || strings.ContainsAny(v, `",;:()\`) {
		return "", false
	}
	i, j := strings.IndexByte(v, '<'), strings.IndexByte(v, '>')
	if j < i {
		return "", false
	}
	addr := v[i+1 : j]
	local, domain, ok := strings.Cut(addr, "@")
	if !ok || !dotAtom(local) || !dotAtom(domain) || !allBytes(domain, isDomainByte) {
		return "", false
	}
	return addr, true
}
