package smtpout

import (
	"context"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/config"
)

func TestNew(t *testing.T) {
	ok := Config{Host: "smtp.example.com", Port: 587, TLS: config.TLSStartTLS}
	tests := []struct {
		name   string
		change func(c *Config)
		want   []string // in the error; none: valid
	}{
		{"STARTTLS", func(c *Config) {}, nil},
		{"implicit", func(c *Config) { c.TLS, c.Port = config.TLSImplicit, 465 }, nil},
		{"none to 127.0.0.1", func(c *Config) { c.TLS, c.Host = config.TLSNone, "127.0.0.1" }, nil},
		{"none to 127.0.0.2", func(c *Config) { c.TLS, c.Host = config.TLSNone, "127.0.0.2" }, nil},
		{"none to ::1", func(c *Config) { c.TLS, c.Host = config.TLSNone, "::1" }, nil},
		{"none to [::1]", func(c *Config) { c.TLS, c.Host = config.TLSNone, "[::1]" }, nil},
		{"none to localhost", func(c *Config) { c.TLS, c.Host = config.TLSNone, "localhost" }, nil},
		{"none to a remote host", func(c *Config) { c.TLS = config.TLSNone }, []string{`"none" would send the password`, "smtp.example.com"}},
		{"none to a LAN address", func(c *Config) { c.TLS, c.Host = config.TLSNone, "192.168.1.2" }, []string{`"none"`}},
		{"unknown TLS mode", func(c *Config) { c.TLS = "ssl" }, []string{`"ssl" is not a TLS mode`}},
		{"no host", func(c *Config) { c.Host = "" }, []string{"no host"}},
		{"URL as host", func(c *Config) { c.Host = "smtp://smtp.example.com" }, []string{"not a host name"}},
		{"port 0", func(c *Config) { c.Port = 0 }, []string{"port 0 is out of range"}},
		{"several problems at once", func(c *Config) { c.Host, c.Port, c.TLS = "", 70000, "" },
			[]string{"no host", "port 70000", `"" is not a TLS mode`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.change(&c)
			s, err := New(c)
			if len(tt.want) == 0 {
				if err != nil || s == nil {
					t.Fatalf("New() = %v, %v; want a Sender", s, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("New() error = nil, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("New() error = %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestNewAddr(t *testing.T) {
	for host, want := range map[string]string{"smtp.example.com": "smtp.example.com:587", "::1": "[::1]:587", "[::1]": "[::1]:587"} {
		tlsMode := config.TLSStartTLS
		s, err := New(Config{Host: host, Port: 587, TLS: tlsMode})
		if err != nil || s.Addr() != want {
			t.Errorf("New(%q).Addr() = %v, %v; want %s", host, s, err, want)
		}
	}
}

func TestFromConfig(t *testing.T) {
	var s config.SMTP
	s.Host, s.Port, s.TLS, s.Username, s.PasswordCommand = "smtp.example.com", 465, config.TLSImplicit, "alex", "pass show mail"
	got := FromConfig(s, "secret")
	want := Config{Host: "smtp.example.com", Port: 465, TLS: config.TLSImplicit, Username: "alex", Password: "secret"}
	if got.Password != want.Password || got.String() != want.String() || got.Token != nil {
		t.Fatalf("FromConfig() = %#v, want %#v", got, want)
	}
}

// With OAuth, FromConfig keeps not the token it is given but the means to
// get a fresh one for each connection.
func TestFromConfigOAuth(t *testing.T) {
	var s config.SMTP
	s.Host, s.Port, s.TLS, s.Username = "smtp.gmail.com", 587, config.TLSStartTLS, "alex@gmail.com"
	s.Auth, s.TokenCommand = config.AuthXOAuth2, "echo fresh-token"
	got := FromConfig(s, "stale-token")
	if got.Password != "" || got.Auth != config.AuthXOAuth2 || got.Token == nil {
		t.Fatalf("FromConfig() = %#v, want Auth xoauth2, no password and a Token function", got)
	}
	if tok, err := got.Token(context.Background()); err != nil || tok != "fresh-token" {
		t.Fatalf("Token() = %q, %v, want fresh-token", tok, err)
	}
	if _, err := New(got); err != nil {
		t.Fatalf("New() = %v", err)
	}
	for _, c := range []Config{
		{Host: "h", Port: 1, TLS: config.TLSStartTLS, Username: "u", Auth: config.AuthOAuthBearer},
		{Host: "h", Port: 1, TLS: config.TLSStartTLS, Auth: config.AuthXOAuth2, Token: got.Token},
		{Host: "h", Port: 1, TLS: config.TLSStartTLS, Username: "u", Auth: "oauth2", Token: got.Token},
	} {
		if _, err := New(c); err == nil {
			t.Errorf("New(%v) = nil error, want one", c)
		}
	}
}
