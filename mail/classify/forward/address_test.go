package forward

import (
	"testing"
)

func TestAddress(t *testing.T) {
	tests := []struct {
		in, name, addr string
		isNil          bool
	}{
		{in: "Jane Doe <Jane.Doe@Example.com>", name: "Jane Doe", addr: "jane.doe@example.com"},
		{in: `"Doe, Jane" <jane@example.com>`, name: "Doe, Jane", addr: "jane@example.com"},
		{in: "Doe, Jane <jane@example.com>", name: "Doe, Jane", addr: "jane@example.com"},
		{in: "Jane Doe [mailto:jane@example.com]", name: "Jane Doe", addr: "jane@example.com"},
		{in: "Jane Doe <jane@example.com<mailto:jane@example.com>>", name: "Jane Doe", addr: "jane@example.com"},
		{in: "jane@example.com <jane@example.com>", addr: "jane@example.com"},
		{in: "'jane@example.com' <jane@example.com>", addr: "jane@example.com"},
		{in: "<jane@example.com>", addr: "jane@example.com"},
		{in: "jane@example.com", addr: "jane@example.com"},
		{in: "*Jane Doe* <jane@example.com>", name: "Jane Doe", addr: "jane@example.com"},
		{in: "=?UTF-8?Q?J=C3=B6rg?= <jorg@example.de>", name: "Jörg", addr: "jorg@example.de"},
		{in: "Jane Doe", name: "Jane Doe"},
		{in: "  ", isNil: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a := address(tt.in)
			if tt.isNil {
				if a != nil {
					t.Fatalf("address(%q) = %v, want nil", tt.in, a)
				}
				return
			}
			if a == nil || a.Name != tt.name || a.Address != tt.addr {
				t.Fatalf("address(%q) = %+v, want %q <%s>", tt.in, a, tt.name, tt.addr)
			}
		})
	}
}

func TestAddressList(t *testing.T) {
	tests := []struct {
		in   string
		want []string // "name|address"
	}{
		{"a@example.com, B <b@example.com>", []string{"|a@example.com", "B|b@example.com"}},
		{"Rivera, Sam <sam@example.org>; Kim, Jo <jo@example.com>", []string{"Rivera, Sam|sam@example.org", "Kim, Jo|jo@example.com"}},
		{`"Berry, Bessie" <b@example.com>, "Suzanne" <s@example.com>`, []string{"Berry, Bessie|b@example.com", "Suzanne|s@example.com"}},
		{"Bessie Berry, Jo Kim", []string{"Bessie Berry|", "Jo Kim|"}},
		{"W [mailto:w@example.com], N [mailto:n@example.com]", []string{"W|w@example.com", "N|n@example.com"}},
		{"", nil},
		{" ; , ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got []string
			for _, a := range addressList(tt.in) {
				got = append(got, a.Name+"|"+a.Address)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("addressList(%q) = %q, want %q", tt.in, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("addressList(%q) = %q, want %q", tt.in, got, tt.want)
				}
			}
		})
	}
}
