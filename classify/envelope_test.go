package classify

import (
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
