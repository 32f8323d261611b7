package config

import (
	"slices"
	"strings"
	"testing"
)

// ownerDoc is the start of a valid configuration without servers, with
// the provider's authserv-id so that nothing is left to warn about.
const ownerDoc = "[owner]\nname = \"Alex Example\"\naddresses = [\"alex@example.com\", \"a@work.example\"]\n\n" +
	"[commands]\nauthserv_ids = [\"mx.example.com\"]\n"

// TestLogins checks that Logins says how rapport logs in to each server
// and where the secret comes from, without reading it.
func TestLogins(t *testing.T) {
	t.Setenv(credentialsDirEnv, "")
	tests := []struct {
		name string
		doc  string // "" for config.example.toml
		want []string
	}{
		{"the example", "", []string{
			`imap: log in to imap.example.com:993 (implicit TLS) as alex@example.com with a password (IMAP LOGIN); ` +
				`password from password_command "pass show mail/rapport"`,
			`smtp: log in to smtp.example.com:587 (STARTTLS) as alex@example.com with a password (AUTH PLAIN, LOGIN, ` +
				`SCRAM-SHA-256, SCRAM-SHA-1 or CRAM-MD5, the first the server offers); password from password_command "pass show mail/rapport"`,
		}},
		{"no servers", ownerDoc, nil},
		{"gmail with oauth", ownerDoc +
			"[imap]\nhost = \"imap.gmail.com\"\nusername = \"alex@gmail.com\"\nauth = \"xoauth2\"\ntoken_command = \"oama access alex@gmail.com\"\n" +
			"[smtp]\nhost = \"smtp.gmail.com\"\nusername = \"alex@gmail.com\"\nauth = \"oauthbearer\"\ntoken_command = \"oama access alex@gmail.com\"\n", []string{
			`imap: log in to imap.gmail.com:993 (implicit TLS) as alex@gmail.com with OAuth 2.0 (XOAUTH2); ` +
				`access token from token_command "oama access alex@gmail.com", run at each login`,
			`smtp: log in to smtp.gmail.com:587 (STARTTLS) as alex@gmail.com with OAuth 2.0 (OAUTHBEARER); ` +
				`access token from token_command "oama access alex@gmail.com", run at each login`,
		}},
		{"systemd credential", ownerDoc +
			"[imap]\nhost = \"imap.example.com\"\nusername = \"alex\"\npassword_credential = \"mail-password\"\n", []string{
			`imap: log in to imap.example.com:993 (implicit TLS) as alex with a password (IMAP LOGIN); password from systemd credential ` +
				`"mail-password" (readable only when systemd starts rapport with LoadCredential=)`,
		}},
		{"local relay", ownerDoc +
			"[imap]\nhost = \"imap.example.com\"\nusername = \"alex\"\npassword_command = \"pass x\"\n" +
			"[smtp]\nhost = \"127.0.0.1\"\ntls = \"none\"\n", []string{
			`imap: log in to imap.example.com:993 (implicit TLS) as alex with a password (IMAP LOGIN); password from password_command "pass x"`,
			"smtp: connect to 127.0.0.1:25 (no TLS) without a login",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := loadValid(t, tt.doc)
			if got := c.Logins(); !slices.Equal(got, tt.want) {
				t.Errorf("Logins() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestRoutes checks that Routes says which of the owner's mail reaches
// rapport as commands.
func TestRoutes(t *testing.T) {
	const notices = "commands: your replies to rapport's notices always reach it"
	tests := []struct {
		name string
		doc  string // "" for config.example.toml
		want []string
	}{
		{"the example", "", []string{
			"commands: your mail to alex+rapport@example.com reaches rapport",
			`commands: your mail with a subject starting "rapport:" or "[rapport]" reaches rapport`,
			notices,
		}},
		{"defaults", ownerDoc, []string{
			"commands: your mail to alex+rapport@example.com, a+rapport@work.example reaches rapport",
			`commands: your mail with a subject starting "rapport:" or "[rapport]" reaches rapport`,
			notices,
		}},
		{"written", ownerDoc + "addresses = [\"bot@rapport.example\"]\nsubject_tag = \"CRM\"\n", []string{
			"commands: your mail to bot@rapport.example reaches rapport",
			`commands: your mail with a subject starting "CRM:" or "[CRM]" reaches rapport`,
			notices,
		}},
		{"both off", ownerDoc + "addresses = []\nsubject_tag = \"\"\n", []string{
			"commands: no address reaches rapport (commands.addresses is empty)",
			`commands: no subject tag reaches rapport (commands.subject_tag is "")`,
			notices,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := loadValid(t, tt.doc)
			if got := c.Commands.Routes(); !slices.Equal(got, tt.want) {
				t.Errorf("Routes() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// loadValid loads doc (config.example.toml for "") and fails the test
// unless it validates.
func loadValid(t *testing.T, doc string) *Config {
	t.Helper()
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	path := examplePath
	if doc != "" {
		path = writeConfig(t, doc)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	return c
}
