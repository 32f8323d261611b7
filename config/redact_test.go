package config

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const testSecret = "hunter2-very-secret"

func secretConfig() *Config {
	c := validConfig()
	c.IMAP.PasswordCommand, c.IMAP.Password = "", testSecret
	c.IMAP.Folders = []string{"Replies"}
	c.SMTP.PasswordCommand, c.SMTP.Password = "", testSecret
	return c
}

func TestRedactedPrinting(t *testing.T) {
	c := secretConfig()
	values := []struct {
		name string
		v    any
	}{
		{"server", c.IMAP.Server},
		{"server pointer", &c.IMAP.Server},
		{"imap", c.IMAP},
		{"smtp", c.SMTP},
		{"config", *c},
		{"config pointer", c},
	}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x"} {
			t.Run(v.name+" "+verb, func(t *testing.T) {
				got := fmt.Sprintf(verb, v.v)
				if strings.Contains(got, testSecret) || strings.Contains(got, fmt.Sprintf("%x", testSecret)) {
					t.Fatalf("Sprintf(%q) = %s, want the password redacted", verb, got)
				}
				if verb != "%x" && verb != "%d" && !strings.Contains(got, redacted) {
					t.Fatalf("Sprintf(%q) = %s, want %q", verb, got, redacted)
				}
			})
		}
	}
	if got, want := fmt.Sprintf("%+v", c.SMTP.Server), "{Host:smtp.example.com Port:587 TLS:starttls Username:alex@example.com Auth: Password:[redacted] PasswordCommand: PasswordFile: PasswordCredential: TokenCommand:}"; got != want {
		t.Fatalf("Sprintf(%%+v) = %s, want %s", got, want)
	}
	if got := fmt.Sprintf("%v", Server{Host: "h"}); strings.Contains(got, redacted) {
		t.Fatalf("Sprintf(%%v) of a Server without password = %s, want no %q", got, redacted)
	}
}

func TestRedactedLogging(t *testing.T) {
	c := secretConfig()
	for _, handler := range []struct {
		name string
		new  func(*bytes.Buffer) slog.Handler
	}{
		{"text", func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) }},
		{"json", func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) }},
	} {
		for _, attr := range []slog.Attr{
			slog.Any("server", c.IMAP.Server),
			slog.Any("imap", c.IMAP),
			slog.Any("smtp", c.SMTP),
			slog.Any("config", c),
			slog.Any("config_value", *c),
		} {
			t.Run(handler.name+" "+attr.Key, func(t *testing.T) {
				var buf bytes.Buffer
				slog.New(handler.new(&buf)).Info("loaded", attr)
				got := buf.String()
				if strings.Contains(got, testSecret) || !strings.Contains(got, redacted) {
					t.Fatalf("log line = %s, want the password shown as %q", got, redacted)
				}
				if !strings.Contains(got, "imap.example.com") && !strings.Contains(got, "smtp.example.com") {
					t.Fatalf("log line = %s, want the host", got)
				}
			})
		}
	}
}
