package ascii

import "testing"

func TestEqualFold(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"Rapport", "rAPPORT", true},
		{"mx.Example.COM", "mx.example.com", true},
		{"k", "\u212a", false}, // the Kelvin sign folds to k in Unicode, not here
		{"abc", "abd", false},
		{"abc", "ab", false},
		{"", "", true},
	} {
		if got := EqualFold(tt.a, tt.b); got != tt.want {
			t.Errorf("EqualFold(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestLower(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string
	}{
		{"address", "Jane.Doe@Example.ORG", "jane.doe@example.org"},
		{"already lower", "jane@example.org", "jane@example.org"},
		{"Kelvin sign stays", "\u212aim@example.com", "\u212aim@example.com"},
		{"other non-ASCII stays", "J\u00d6HN@B\u00dcCHER.example", "j\u00d6hn@b\u00dccher.example"},
		{"invalid UTF-8 kept byte for byte", "A\xffB", "a\xffb"},
		{"empty", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Lower(tt.in); got != tt.want {
				t.Errorf("Lower(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
