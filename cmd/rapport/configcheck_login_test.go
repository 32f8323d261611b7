package main

import (
	"os"
	"strings"
	"testing"
)

// configTrusted is configOwner with the provider's authserv-id, so that
// config check has nothing to warn about but what a test adds.
const configTrusted = configOwner + "[commands]\nauthserv_ids = [\"mx.example.com\"]\n\n"

// TestConfigCheckLogins checks that config check says how rapport logs in
// to each server and where the secret comes from, without reading it.
func TestConfigCheckLogins(t *testing.T) {
	e := newEnv(t)
	t.Setenv("CREDENTIALS_DIRECTORY", "")
	out := e.ok("config", "check", "../../config.example.toml")
	wantContains(t, "config check of the example", out,
		`imap: log in to imap.example.com:993 (implicit TLS) as alex@example.com with a password (IMAP LOGIN); `+
			`password from password_command "pass show mail/rapport"`+"\n",
		`smtp: log in to smtp.example.com:587 (STARTTLS) as alex@example.com with a password (AUTH PLAIN, LOGIN, `+
			`SCRAM-SHA-256, SCRAM-SHA-1 or CRAM-MD5, the first the server offers); password from password_command "pass show mail/rapport"`+"\n")

	tests := []struct {
		name  string
		doc   string
		wants []string
	}{
		{"gmail with oauth", configTrusted +
			"[imap]\nhost = \"imap.gmail.com\"\nusername = \"alex@gmail.com\"\nauth = \"xoauth2\"\ntoken_command = \"oama access alex@gmail.com\"\n" +
			"[smtp]\nhost = \"smtp.gmail.com\"\nusername = \"alex@gmail.com\"\nauth = \"oauthbearer\"\ntoken_command = \"oama access alex@gmail.com\"\n", []string{
			`imap: log in to imap.gmail.com:993 (implicit TLS) as alex@gmail.com with OAuth 2.0 (XOAUTH2); ` +
				`access token from token_command "oama access alex@gmail.com", run at each login` + "\n",
			`smtp: log in to smtp.gmail.com:587 (STARTTLS) as alex@gmail.com with OAuth 2.0 (OAUTHBEARER); ` +
				`access token from token_command "oama access alex@gmail.com", run at each login` + "\n",
		}},
		{"systemd credential", configTrusted +
			"[imap]\nhost = \"imap.example.com\"\nusername = \"alex\"\npassword_credential = \"mail-password\"\n" +
			"[smtp]\nhost = \"smtp.example.com\"\nusername = \"alex\"\npassword_credential = \"mail-password\"\n", []string{
			`imap: log in to imap.example.com:993 (implicit TLS) as alex with a password (IMAP LOGIN); password from systemd credential ` +
				`"mail-password" (readable only when systemd starts rapport with LoadCredential=)` + "\n",
		}},
		{"local relay", configTrusted +
			"[imap]\nhost = \"imap.example.com\"\nusername = \"alex\"\npassword_command = \"pass x\"\n" +
			"[smtp]\nhost = \"127.0.0.1\"\ntls = \"none\"\n", []string{
			"smtp: connect to 127.0.0.1:25 (no TLS) without a login\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "config.toml", tt.doc)
			out := e.ok("config", "check", path)
			wantContains(t, "config check", out, tt.wants...)
			if strings.Contains(out, "warning:") {
				t.Errorf("config check warns:\n%s", out)
			}
		})
	}
}

func TestConfigCheckOAuthProblems(t *testing.T) {
	e := newEnv(t)
	path := writeFile(t, e.dir, "config.toml", configTrusted+
		"[imap]\nhost = \"imap.gmail.com\"\nusername = \"alex@gmail.com\"\nauth = \"xoauth2\"\npassword_command = \"pass x\"\n"+
		"[smtp]\nhost = \"smtp.gmail.com\"\nusername = \"alex@gmail.com\"\nauth = \"oauth\"\n")
	code, out, errOut := e.run("config", "check", path)
	if code != 1 || !strings.Contains(errOut, "3 problem(s)") {
		t.Fatalf("config check: exit %d, %q; want 1 and 3 problems\n%s", code, errOut, out)
	}
	wantContains(t, "problems", out,
		`config.toml:8: imap.token_command: not set, but auth = "xoauth2" logs in with an OAuth access token (set a command that prints a fresh access token, e.g. "oama access alex@gmail.com")`,
		`config.toml:12: imap.password_command: is set, but OAuth uses no password`,
		`config.toml:16: smtp.auth: "oauth" is not a login mechanism (use "plain" (a password), or "xoauth2" or "oauthbearer" (OAuth 2.0, with token_command))`)
	if strings.Contains(out, "log in to") {
		t.Errorf("config check with problems says how it logs in:\n%s", out)
	}
}

// TestConfigCheckSecretFileModes checks the warnings about files holding
// a secret that group or others can read, with the chmod to run.
func TestConfigCheckSecretFileModes(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	pwFile := writeFile(t, dir, "imap-password", "pw\n")
	if err := os.Chmod(pwFile, 0o644); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, dir, "config.toml", configTrusted+
		"[imap]\nhost = \"imap.example.com\"\nusername = \"alex\"\npassword_file = \"imap-password\"\n"+
		"[smtp]\nhost = \"smtp.example.com\"\nusername = \"alex\"\npassword = \"hunter2\"\n")
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	out := e.ok("config", "check", path)
	wantContains(t, "config check", out,
		"warning: "+path+":15: smtp.password: the password is written in the config file",
		"warning: "+path+":15: smtp.password: "+path+" is accessible to group or others (mode 0640) and it holds a password (run: chmod 600 "+path+")\n",
		"warning: "+path+":11: imap.password_file: "+pwFile+" is accessible to group or others (mode 0644) (run: chmod 600 "+pwFile+")\n",
		"config OK: ")
	if strings.Contains(out, "hunter2") {
		t.Errorf("config check shows the password:\n%s", out)
	}

	for _, f := range []string{path, pwFile} {
		if err := os.Chmod(f, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out = e.ok("config", "check", path)
	if strings.Contains(out, "accessible to group or others") || strings.Contains(out, "chmod") {
		t.Errorf("config check after chmod 600 still warns about modes:\n%s", out)
	}
}
