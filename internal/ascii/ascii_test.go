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
