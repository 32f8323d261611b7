package config

import (
	"slices"
	"testing"
)

func TestProblemText(t *testing.T) {
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"whole", Problem{File: "c.toml", Line: 7, Key: "imap.tls", Message: `"x" is not a TLS mode`, Hint: "use starttls"},
			`c.toml:7: imap.tls: "x" is not a TLS mode`},
		{"no line", Problem{File: "c.toml", Key: "owner.name", Message: "not set"}, "c.toml: owner.name: not set"},
		{"defaults", Problem{Key: "imap.host", Message: "not set", Hint: "set it"}, "imap.host: not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Text(); got != tt.want {
				t.Errorf("Text() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProblemsKeys(t *testing.T) {
	ps := Problems{{Key: "imap.tls"}, {Key: "owner.time_zone"}, {Key: "imap.port"}, {Key: "smtp.host"}}
	tests := []struct {
		prefix string
		want   []string
	}{
		{"imap.", []string{"imap.tls", "imap.port"}},
		{"owner.time_zone", []string{"owner.time_zone"}},
		{"digest.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			if got := ps.Keys(tt.prefix); !slices.Equal(got, tt.want) {
				t.Errorf("Keys(%q) = %q, want %q", tt.prefix, got, tt.want)
			}
		})
	}
}
