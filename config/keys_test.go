package config

import (
	"strings"
	"testing"
)

func TestSuggest(t *testing.T) {
	tests := []struct {
		unknown string
		want    string
	}{
		{"imap.hots", "host"},
		{"owner.timezone", "time_zone"},
		{"workflow.send_window.hour", "hours"},
		{"imapp", "imap"},
		{"digest.send_mode", "workflow.send_mode"},
		{"digest.colour", ""},
		{"x", ""},
	}
	for _, tt := range tests {
		t.Run(tt.unknown, func(t *testing.T) {
			if got := suggest(strings.Split(tt.unknown, ".")); got != tt.want {
				t.Fatalf("suggest(%q) = %q, want %q", tt.unknown, got, tt.want)
			}
		})
	}
}

func TestKeyIndex(t *testing.T) {
	doc := `# comment
[owner]
name = "A"
Addresses = [
  "a@example.com",
]

[workflow]
send_window.days = "Mon"
digest = { time = "07:00" }

[workflow.send_window]
hours = "09:00-10:00"
`
	index := keyIndex([]byte(doc))
	tests := []struct {
		key  string
		line int
	}{
		{"owner", 2},
		{"owner.name", 3},
		{"owner.addresses", 4},
		{"workflow", 8},
		{"workflow.send_window", 9},
		{"workflow.send_window.days", 9},
		{"workflow.digest.time", 10},
		{"workflow.send_window.hours", 13},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := index[tt.key].line; got != tt.line {
				t.Fatalf("keyIndex()[%q] = line %d, want %d", tt.key, got, tt.line)
			}
		})
	}
	if _, ok := index["imap"]; ok {
		t.Fatalf("keyIndex() has imap, want only written keys")
	}
}

func TestConfigKeys(t *testing.T) {
	leaves, children := configKeys()
	has := map[string]bool{}
	for _, f := range leaves {
		has[f.key] = true
	}
	for _, key := range []string{"imap.host", "imap.folders", "smtp.password_file", "workflow.send_window.days", "paths.templates"} {
		if !has[key] {
			t.Errorf("configKeys() lacks %s", key)
		}
	}
	for _, key := range []string{"path", "keys", "imap.server", "workflow.send_window"} {
		if has[key] {
			t.Errorf("configKeys() has %s, want only TOML leaf keys", key)
		}
	}
	if got := strings.Join(children[""], ","); got != "owner,imap,smtp,workflow,digest,commands,paths" {
		t.Errorf("configKeys() root tables = %s, want the seven sections", got)
	}
}
