package config

import (
	"path/filepath"
	"testing"
	"time"
)

func TestDefaultPaths(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		config   string
		database string
	}{
		{
			name:     "home only",
			env:      map[string]string{"HOME": "/home/alex"},
			config:   "/home/alex/.config/rapport/config.toml",
			database: "/home/alex/.local/share/rapport/rapport.db",
		},
		{
			name:     "xdg",
			env:      map[string]string{"HOME": "/home/alex", "XDG_CONFIG_HOME": "/xdg/config", "XDG_DATA_HOME": "/xdg/data"},
			config:   "/xdg/config/rapport/config.toml",
			database: "/xdg/data/rapport/rapport.db",
		},
		{
			name:     "relative xdg is ignored",
			env:      map[string]string{"HOME": "/home/alex", "XDG_CONFIG_HOME": "conf", "XDG_DATA_HOME": "data"},
			config:   "/home/alex/.config/rapport/config.toml",
			database: "/home/alex/.local/share/rapport/rapport.db",
		},
		{
			name: "systemd",
			env: map[string]string{"HOME": "/home/alex", "XDG_CONFIG_HOME": "/xdg/config",
				"CONFIGURATION_DIRECTORY": "/etc/rapport", "STATE_DIRECTORY": "/var/lib/rapport"},
			config:   "/etc/rapport/config.toml",
			database: "/var/lib/rapport/rapport.db",
		},
		{
			name:     "systemd with several directories",
			env:      map[string]string{"CONFIGURATION_DIRECTORY": "/etc/rapport:/etc/other", "STATE_DIRECTORY": "/var/lib/rapport:/var/lib/other"},
			config:   "/etc/rapport/config.toml",
			database: "/var/lib/rapport/rapport.db",
		},
		{
			name:     "nothing",
			env:      map[string]string{},
			config:   "",
			database: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "CONFIGURATION_DIRECTORY", "STATE_DIRECTORY"} {
				t.Setenv(v, tt.env[v])
			}
			if got := DefaultPath(); got != tt.config {
				t.Errorf("DefaultPath() = %q, want %q", got, tt.config)
			}
			if got := DefaultDatabasePath(); got != tt.database {
				t.Errorf("DefaultDatabasePath() = %q, want %q", got, tt.database)
			}
			if got := Default().Paths.Database; got != tt.database {
				t.Errorf("Default().Paths.Database = %q, want %q", got, tt.database)
			}
		})
	}
}

func TestDefault(t *testing.T) {
	c := Default()
	checks := []struct {
		name      string
		got, want any
	}{
		{"path", c.Path, ""},
		{"imap port", c.IMAP.Port, 993},
		{"imap tls", c.IMAP.TLS, TLSImplicit},
		{"smtp port", c.SMTP.Port, 587},
		{"smtp tls", c.SMTP.TLS, TLSStartTLS},
		{"nudge after", c.Workflow.NudgeAfterBusinessDays, 5},
		{"max nudges", c.Workflow.MaxNudges, 1},
		{"no response after", c.Workflow.NoResponseAfter.Duration, 7 * 24 * time.Hour},
		{"thank you delay", c.Workflow.ThankYouDelay.Duration, 3 * time.Hour},
		{"keep in touch after", c.Workflow.KeepInTouchAfter.Duration, 90 * 24 * time.Hour},
		{"send mode", c.Workflow.SendMode, SendApprove},
		{"send window", c.Workflow.SendWindow, SendWindow{Days: "Mon-Fri", Hours: "09:00-17:00"}},
		{"daily cap", c.Workflow.DailyCap, 20},
		{"min gap", c.Workflow.MinGap.Duration, 2 * time.Minute},
		{"digest time", c.Digest.Time, "07:30"},
		{"location", c.Location(), time.Local},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("Default() %s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestAccessors(t *testing.T) {
	c := Default()
	c.Owner.Addresses = []string{"alex@example.com", "a@example.org"}
	if got := c.DigestRecipient(); got != "alex@example.com" {
		t.Errorf("DigestRecipient() = %q, want the first owner address", got)
	}
	c.Digest.Recipient = "inbox@example.com"
	if got := c.DigestRecipient(); got != "inbox@example.com" {
		t.Errorf("DigestRecipient() = %q, want digest.recipient", got)
	}
	c.Owner.TimeZone = "Asia/Tokyo"
	if got := c.Location().String(); got != "Asia/Tokyo" {
		t.Errorf("Location() = %s, want Asia/Tokyo", got)
	}
}

func TestResolvePath(t *testing.T) {
	t.Setenv("HOME", "/home/alex")
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"relative", "a/b.db", "/etc/rapport/a/b.db"},
		{"dot dot", "../x", "/etc/x"},
		{"absolute", "/var/lib//r.db", "/var/lib/r.db"},
		{"home", "~/r.db", "/home/alex/r.db"},
		{"tilde user is relative", "~bob/r.db", "/etc/rapport/~bob/r.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := resolvePath(tt.in, filepath.FromSlash("/etc/rapport")); got != tt.want {
				t.Fatalf("resolvePath(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
