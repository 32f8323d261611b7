package config

import "testing"

// Addresses and host names compare with ASCII case folding only: a
// Unicode look-alike (the Kelvin sign U+212A for K, the long s U+017F for
// s) is another name, never the configured one.
func TestLookAlikesDoNotMatch(t *testing.T) {
	c := Commands{Addresses: []string{"kim+rapport@example.com"}}
	for _, tt := range []struct {
		name string
		to   string
		want bool
	}{
		{"commands address in capitals", "KIM+rapport@EXAMPLE.com", true},
		{"Kelvin sign for K", "\u212aim+rapport@example.com", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.ForRapport([]string{tt.to}, ""); got != tt.want {
				t.Errorf("ForRapport(%q) = %v, want %v", tt.to, got, tt.want)
			}
		})
	}
	if got := DefaultCommandAddresses([]string{"kim@example.com", "\u212aim+rapport@example.com"}); len(got) != 1 || got[0] != "kim+rapport@example.com" {
		t.Errorf("DefaultCommandAddresses() = %q; a look-alike owner address must not stand for kim+rapport@example.com", got)
	}
	for _, tt := range []struct {
		host string
		want bool
	}{
		{"LocalHost.", true},
		{"localho\u017ft", false},
	} {
		if got := isLoopback(tt.host); got != tt.want {
			t.Errorf("isLoopback(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
}
