package config

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecretOAuth(t *testing.T) {
	tests := []struct {
		name    string
		server  Server
		want    string
		wantErr string // substring of the error; "" for success
	}{
		{"xoauth2", Server{Auth: AuthXOAuth2, TokenCommand: "printf 'ya29.token\\n'"}, "ya29.token", ""},
		{"oauthbearer", Server{Auth: AuthOAuthBearer, TokenCommand: "echo ' ya29.token '"}, "ya29.token", ""},
		{"first line only", Server{Auth: AuthXOAuth2, TokenCommand: "printf 'tok\\nexpires in 3599 s\\n'"}, "tok", ""},
		{"no token_command", Server{Auth: AuthXOAuth2}, "", `no token_command set (auth = "xoauth2"`},
		{"with a password", Server{Auth: AuthOAuthBearer, TokenCommand: "echo t", PasswordFile: "/run/pw"}, "",
			"password_file is set, but auth = \"oauthbearer\" logs in with token_command's token"},
		{"failing", Server{Auth: AuthXOAuth2, TokenCommand: "echo leaked-token; echo 'invalid_grant: token expired' >&2; exit 1"}, "",
			`token_command "echo leaked-token; echo 'invalid_grant: token expired' >&2; exit 1": exit status 1: invalid_grant: token expired`},
		{"silent", Server{Auth: AuthXOAuth2, TokenCommand: "true"}, "", "printed no token"},
		{"token_command with plain", Server{Password: "pw", TokenCommand: "echo t"}, "", `token_command is set but auth is "plain"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.server.Secret(context.Background())
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Secret() = %q, %v, want an error with %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Secret() = %q, %v, want %q", got, err, tt.want)
			}
		})
	}
}

// TestSecretTokenIsFresh checks that every call runs token_command again:
// a token is never kept beyond the login it was fetched for.
func TestSecretTokenIsFresh(t *testing.T) {
	counter := filepath.Join(t.TempDir(), "n")
	s := Server{Auth: AuthXOAuth2, TokenCommand: "echo x >> " + counter + "; echo token-$(wc -l < " + counter + ")"}
	for _, want := range []string{"token-1", "token-2"} {
		got, err := s.Secret(context.Background())
		if err != nil || strings.TrimSpace(got) != want {
			t.Fatalf("Secret() = %q, %v, want %q", got, err, want)
		}
	}
}

func TestSecretCredential(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mail-password"), []byte("s3cret\n"), 0o400); err != nil {
		t.Fatal(err)
	}
	s := Server{PasswordCredential: "mail-password"}

	t.Setenv("CREDENTIALS_DIRECTORY", dir)
	if got, err := s.Secret(context.Background()); err != nil || got != "s3cret" {
		t.Fatalf("Secret() = %q, %v, want %q", got, err, "s3cret")
	}
	if got := s.SecretSource(); !strings.Contains(got, filepath.Join(dir, "mail-password")) {
		t.Errorf("SecretSource() = %q, want the credential's path", got)
	}
	_, err := Server{PasswordCredential: "other"}.Secret(context.Background())
	if err == nil || !strings.Contains(err.Error(), "no such file") || !strings.Contains(err.Error(), "LoadCredential=other:/path/to/file") {
		t.Fatalf("Secret() of a missing credential = %v, want no such file and a LoadCredential= hint", err)
	}

	t.Setenv("CREDENTIALS_DIRECTORY", "")
	_, err = s.Secret(context.Background())
	want := `password_credential "mail-password": $CREDENTIALS_DIRECTORY is not set: it is only set when systemd starts rapport ` +
		`with LoadCredential=mail-password:/path/to/file; use password_file outside systemd`
	if err == nil || err.Error() != want {
		t.Fatalf("Secret() without CREDENTIALS_DIRECTORY = %v, want %s", err, want)
	}
	if got := s.SecretSource(); !strings.Contains(got, "only when systemd starts rapport") {
		t.Errorf("SecretSource() = %q, want a note that it needs systemd", got)
	}
}

func TestSecretSource(t *testing.T) {
	tests := []struct {
		server Server
		want   string
	}{
		{Server{PasswordCommand: "pass show mail"}, `password_command "pass show mail"`},
		{Server{PasswordFile: "/run/pw"}, "password_file /run/pw"},
		{Server{Password: "hunter2"}, "the password written in the config file"},
		{Server{Auth: AuthXOAuth2, TokenCommand: "oama access a@b"}, `token_command "oama access a@b", run at each login`},
		{Server{}, ""},
	}
	for _, tt := range tests {
		if got := tt.server.SecretSource(); got != tt.want {
			t.Errorf("%v.SecretSource() = %q, want %q", tt.server, got, tt.want)
		}
	}
}

func TestMechanism(t *testing.T) {
	tests := []struct {
		auth, mech, sasl string
		oauth            bool
	}{
		{"", AuthPlain, "", false},
		{AuthPlain, AuthPlain, "", false},
		{AuthXOAuth2, AuthXOAuth2, "XOAUTH2", true},
		{AuthOAuthBearer, AuthOAuthBearer, "OAUTHBEARER", true},
	}
	for _, tt := range tests {
		s := Server{Auth: tt.auth}
		if s.Mechanism() != tt.mech || s.OAuth() != tt.oauth || s.SASLMechanism() != tt.sasl {
			t.Errorf("Auth %q: Mechanism() = %q, OAuth() = %t, SASLMechanism() = %q; want %q, %t, %q",
				tt.auth, s.Mechanism(), s.OAuth(), s.SASLMechanism(), tt.mech, tt.oauth, tt.sasl)
		}
	}
}

func TestValidateLogin(t *testing.T) {
	oauth := func(s *Server, mech string) {
		s.Auth, s.PasswordCommand, s.TokenCommand = mech, "", "oama access alex@example.com"
	}
	tests := []struct {
		name   string
		change func(c *Config)
		want   []string // problem keys; nil for none
		msg    string   // in the problems' text, when set
	}{
		{"plain written", func(c *Config) { c.IMAP.Auth = AuthPlain }, nil, ""},
		{"xoauth2", func(c *Config) { oauth(&c.IMAP.Server, AuthXOAuth2); oauth(&c.SMTP.Server, AuthXOAuth2) }, nil, ""},
		{"oauthbearer", func(c *Config) { oauth(&c.SMTP.Server, AuthOAuthBearer) }, nil, ""},
		{"unknown auth", func(c *Config) { c.IMAP.Auth = "XOAUTH2" }, []string{"imap.auth"}, `"XOAUTH2" is not a login mechanism`},
		{"oauth without token_command", func(c *Config) { oauth(&c.SMTP.Server, AuthXOAuth2); c.SMTP.TokenCommand = "" },
			[]string{"smtp.token_command"}, `not set, but auth = "xoauth2" logs in with an OAuth access token`},
		{"oauth with a password", func(c *Config) { oauth(&c.IMAP.Server, AuthOAuthBearer); c.IMAP.Password = "pw" },
			[]string{"imap.password"}, "is set, but OAuth uses no password"},
		{"oauth with two passwords", func(c *Config) {
			oauth(&c.IMAP.Server, AuthXOAuth2)
			c.IMAP.PasswordCommand, c.IMAP.PasswordCredential = "pass x", "mail-password"
		}, []string{"imap.password_command", "imap.password_credential"}, ""},
		{"oauth without username", func(c *Config) { oauth(&c.IMAP.Server, AuthXOAuth2); c.IMAP.Username = "" },
			[]string{"imap.username"}, ""},
		{"token_command with plain", func(c *Config) { c.SMTP.TokenCommand = "oama access a" },
			[]string{"smtp.token_command"}, `is only used with OAuth, but auth is "plain"`},
		{"credential", func(c *Config) { c.IMAP.PasswordCommand, c.IMAP.PasswordCredential = "", "mail-password" }, nil, ""},
		{"credential and command", func(c *Config) { c.IMAP.PasswordCredential = "mail-password" },
			[]string{"imap.password_credential"}, "password_command and password_credential are set; only one may be"},
		{"credential path", func(c *Config) { c.IMAP.PasswordCommand, c.IMAP.PasswordCredential = "", "/etc/pw" },
			[]string{"imap.password_credential"}, `"/etc/pw" is not a credential name`},
		{"no password names every source", func(c *Config) { c.SMTP.PasswordCommand = "" },
			[]string{"smtp.password_command"}, "password_credential (a systemd credential)"},
		{"local relay with a token", func(c *Config) {
			c.SMTP.Server = Server{Host: "127.0.0.1", Port: 25, TLS: TLSNone, TokenCommand: "oama access a"}
		}, []string{"smtp.username", "smtp.token_command"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validConfig()
			tt.change(c)
			err := c.Validate()
			if got := problemKeys(t, err); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("Validate() = %v, want problems with %v", err, tt.want)
			}
			if tt.msg != "" && !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Validate() = %v, want %q in it", err, tt.msg)
			}
		})
	}
}

// TestWarningsSecretFileModes checks that config check would warn about
// every file holding a secret that group or others can read, and say
// which chmod to run.
func TestWarningsSecretFileModes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, doc string, mode os.FileMode) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(doc), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil { // whatever the umask
			t.Fatal(err)
		}
		return path
	}
	owner := "[owner]\nname = \"Alex\"\naddresses = [\"alex@example.com\"]\n[commands]\nauthserv_ids = [\"mx.example.com\"]\n"
	login := "tls = \"implicit\"\nusername = \"alex@example.com\"\n"
	sharedPW := write("shared pw", "pw\n", 0o640)
	tests := []struct {
		name string
		doc  string
		mode os.FileMode
		want []string // every warning's text, in order
	}{
		{"password in a private config", owner + "[imap]\nhost = \"imap.example.com\"\n" + login + "password = \"pw\"\n", 0o600, []string{
			"imap.password: the password is written in the config file (prefer password_command, password_file or password_credential)",
			"smtp.host: not set",
		}},
		{"password in a shared config", owner + "[imap]\nhost = \"imap.example.com\"\n" + login + "password = \"pw\"\n" +
			"[smtp]\nhost = \"smtp.example.com\"\n" + login + "password = \"pw\"\n", 0o644, []string{
			"imap.password: the password is written in the config file",
			"imap.password: {config} is accessible to group or others (mode 0644) and it holds a password (run: chmod 600 {config})",
			"smtp.password: the password is written in the config file",
		}},
		{"shared config without a password", owner + "[imap]\nhost = \"imap.example.com\"\n" + login + "password_command = \"pass x\"\n", 0o644, []string{
			"smtp.host: not set",
		}},
		{"shared password file", owner + "[imap]\nhost = \"imap.example.com\"\n" + login + "password_file = \"shared pw\"\n", 0o600, []string{
			"imap.password_file: " + sharedPW + " is accessible to group or others (mode 0640) (run: chmod 600 '" + sharedPW + "')",
			"smtp.host: not set",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := write("config.toml", tt.doc, tt.mode)
			c, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Validate(); err != nil {
				t.Fatalf("Validate() = %v", err)
			}
			ws := c.Warnings()
			if len(ws) != len(tt.want) {
				t.Fatalf("Warnings() =\n%v\nwant %d", ws, len(tt.want))
			}
			for i, w := range tt.want {
				w = strings.ReplaceAll(w, "{config}", path)
				if !strings.Contains(ws[i].String(), w) {
					t.Errorf("warning %d = %s, want %s", i, ws[i], w)
				}
			}
		})
	}
}
