package classify

import (
	"slices"
	"strings"
	"testing"
)

var addressSamples = []string{
	"Jane Doe <jane@example.org>", "<jane@example.org>", "jane@example.org", "Sender 5 <s5@example.org>",
	"jane.doe+tag@mail.example.org", "Jane Doe<jane@example.org>", "Jane  Doe <jane@example.org>",
	`"Doe, Jane" <jane@example.org>`, "Jane <jane@example.org>, Sam <sam@example.org>", "=?utf-8?q?J=C3=A9r=C3=B4me?= <j@example.org>",
	"jane@@example.org", ".jane@example.org", "jane.@example.org", "jane..doe@example.org", "jane@example..org",
	"jane@-example.org", "jane@example.org.", "jane@[127.0.0.1]", "Jane (work) <jane@example.org>", "<>",
	"Jane Doe <jane@example.org", "Jane Doe jane@example.org>", "a@b", "José <jose@example.org>", "-@-",
}

// plainAddress is only a shortcut: whatever it reads, the full parser
// reads the same.
func TestPlainAddressAgreesWithTheFullParser(t *testing.T) {
	read := 0
	for _, v := range addressSamples {
		if checkPlainAddress(t, v) {
			read++
		}
	}
	if read < 5 {
		t.Fatalf("plainAddress read %d of the samples; it should read the common forms", read)
	}
	if got := parseAddressList("Jane Doe <jane@example.org>", ""); len(got) != 1 || got[0] != (Address{Name: "Jane Doe", Email: "jane@example.org"}) {
		t.Fatalf("parseAddressList() = %+v", got)
	}
}

func checkPlainAddress(t *testing.T, v string) bool {
	t.Helper()
	v = strings.TrimSpace(v)
	a, ok := plainAddress(v)
	if !ok {
		return false
	}
	if full := parseAddressListSlow(v, ""); len(full) != 1 || full[0] != a {
		t.Fatalf("plainAddress(%q) = %+v; the full parser reads %+v", v, a, full)
	}
	return true
}

func FuzzPlainAddress(f *testing.F) {
	for _, v := range addressSamples {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) { checkPlainAddress(t, v) })
}

// TestParseAddressList covers the shapes of From, To and Cc that decide
// who a message is from: the angle-addr is the address, a display name
// that looks like an address stays a name, and an item that cannot be read
// without guessing yields nothing.
func TestParseAddressList(t *testing.T) {
	eve := []Address{{Name: "jane@acme.example", Email: "eve@evil.example"}}
	for _, tt := range []struct {
		name, in string
		want     []Address
	}{
		{"plain", "Jane Doe <jane@example.org>", []Address{{Name: "Jane Doe", Email: "jane@example.org"}}},
		{"unquoted name holding an address", "jane@acme.example <eve@evil.example>", eve},
		{"quoted name holding an address", `"jane@acme.example" <eve@evil.example>`, eve},
		{"encoded-word name holding an address", "=?utf-8?q?jane=40acme.example?= <eve@evil.example>", eve},
		{"comment holding an address", "Jane (jane@acme.example) <eve@evil.example>", []Address{{Name: "Jane", Email: "eve@evil.example"}}},
		{"encoded-word name, bare address after it", "=?utf-8?q?jane=40acme.example?= eve@evil.example", eve},
		{"the last of two angle-addrs", "Jane <jane@acme.example> <eve@evil.example>", []Address{{Name: "Jane <jane@acme.example>", Email: "eve@evil.example"}}},
		{"angle-addr before a stray address", "<jane@acme.example> eve@evil.example", []Address{{Email: "jane@acme.example"}}},
		{"unclosed angle-addr", "Jane Doe <jane@example.org", []Address{{Name: "Jane Doe", Email: "jane@example.org"}}},
		{"unclosed angle-addr after an address", "jane@acme.example <eve@evil.example", eve},
		{"doubled closing bracket", "Jane <jane@acme.example>>", []Address{{Name: "Jane", Email: "jane@acme.example"}}},
		{"mailto in angle brackets", "<mailto:jane@example.org>", []Address{{Email: "jane@example.org"}}},
		{"trailing dot", "Jane <jane@example.org.>", []Address{{Name: "Jane", Email: "jane@example.org"}}},

		{"bare addr-spec", "jane@acme.example", []Address{{Email: "jane@acme.example"}}},
		{"bare addr-spec with a comment", "jane@acme.example (Jane)", []Address{{Name: "Jane", Email: "jane@acme.example"}}},
		{"bare addr-spec, unclosed comment", "jane@acme.example (Jane", []Address{{Name: "Jane", Email: "jane@acme.example"}}},
		{"name and one bare address", "Jane jane@acme.example", []Address{{Name: "Jane", Email: "jane@acme.example"}}},
		{"quoted name with a comma, bare address", `"Doe, Jane" jane@example.org, bob@y.example`, []Address{{Name: "Doe, Jane", Email: "jane@example.org"}, {Email: "bob@y.example"}}},

		{"two bare addresses: ambiguous", "jane@acme.example jim@acme.example", nil},
		{"quoted address then a bare one: ambiguous", `"jane@acme.example" eve@evil.example`, nil},
		{"angle-addr inside quotes is a name", `"Jane <jane@acme.example>" eve@evil.example`, nil},
		{"angle-addr inside a comment is a name", "Jane (<jane@acme.example>) eve@evil.example", nil},
		{"two addresses in one angle-addr", "Jane <jane@acme.example, eve@evil.example>", nil},
		{"empty angle-addr", "Jane <>", nil},
		{"space in the angle-addr", "Jane <jane @acme.example>", nil},

		{"quoted names with commas", `"Doe, Jane" <jane@example.org>, "Roe, Sam" <sam@example.org>`, []Address{{Name: "Doe, Jane", Email: "jane@example.org"}, {Name: "Roe, Sam", Email: "sam@example.org"}}},
		{"one refused item spoils nothing else", `"Doe, Jane" <jane@example.org>, jane@acme.example <eve@evil.example>`, []Address{{Name: "Doe, Jane", Email: "jane@example.org"}, eve[0]}},
		{"a '<' in a comment does not swallow the list", "Sam (<) <sam@x.example>, bob@y.example, x y <", []Address{{Name: "Sam", Email: "sam@x.example"}, {Email: "bob@y.example"}}},

		{"Outlook's mailto in square brackets is no group", "John Doe [mailto:john@example.org], x <", []Address{{Name: "John Doe [mailto:]", Email: "john@example.org"}}},
		{"empty group", "undisclosed-recipients:;", nil},
		{"group", "friends: a@x.example, b@y.example;", []Address{{Email: "a@x.example"}, {Email: "b@y.example"}}},
		{"group named with an address", "jane@acme.example: eve@evil.example;", []Address{{Email: "eve@evil.example"}}},

		{"IDN domain kept as written", "Jöhn <john@bücher.example>", []Address{{Name: "Jöhn", Email: "john@bücher.example"}}},
		{"bare IDN address", "john@bücher.example", []Address{{Email: "john@bücher.example"}}},
		{"IDN address read whole in the fallback", "Jöhn john@bücher.example", []Address{{Name: "Jöhn", Email: "john@bücher.example"}}},
		{"Kelvin sign kept, not folded", "Kim <\u212aim@example.com>", []Address{{Name: "Kim", Email: "\u212aim@example.com"}}},
		{"8-bit name in the message charset", "J\xf6hn <john@example.org>", []Address{{Name: "Jöhn", Email: "john@example.org"}}},
		{"8-bit name in the fallback", "J\xf6hn john@example.org", []Address{{Name: "Jöhn", Email: "john@example.org"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := parseAddressList(tt.in, "iso-8859-1")
			if !slices.Equal(got, tt.want) {
				t.Errorf("parseAddressList(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

// The fast path must turn away a display name that is not plain words, so
// an address in it reaches the full parser.
func TestPlainAddressRefusesAnAddressInTheName(t *testing.T) {
	for _, v := range []string{"jane@acme.example <eve@evil.example>", "jane@acme.example <eve@evil.example", "jane.acme.example <eve@evil.example>"} {
		if a, ok := plainAddress(v); ok {
			t.Errorf("plainAddress(%q) = %+v; want it refused", v, a)
		}
	}
}
