package main

import (
	"os"
	"strings"
	"testing"
)

// configOwner is the start of a valid configuration file without servers.
const configOwner = "[owner]\nname = \"Alex Example\"\naddresses = [\"alex@example.com\", \"a@work.example\"]\n\n"

// configTrusted is configOwner with the provider's authserv-id, so that
// config check has nothing to warn about but what a test adds.
const configTrusted = configOwner + "[commands]\nauthserv_ids = [\"mx.example.com\"]\n\n"

// TestConfigCheckOK checks what config check prints of a good file: how
// rapport logs in (config.Logins), which mail reaches it as commands
// (config.Commands.Routes), then "config OK", in that order.
func TestConfigCheckOK(t *testing.T) {
	e := newEnv(t)
	t.Setenv("CREDENTIALS_DIRECTORY", "")
	out := e.ok("config", "check", "../../config.example.toml")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	wants := []string{"imap: log in to imap.example.com:993 ", "smtp: log in to smtp.example.com:587 ",
		"commands: your mail to alex+rapport@example.com reaches rapport", "commands: your mail with a subject starting",
		"commands: your replies to rapport's notices always reach it", "config OK: ../../config.example.toml"}
	if len(lines) != len(wants) {
		t.Fatalf("config check printed %d lines, want %d:\n%s", len(lines), len(wants), out)
	}
	for i, want := range wants {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d = %q, want it to start with %q", i+1, lines[i], want)
		}
	}

	path := writeFile(t, t.TempDir(), "config.toml", configOwner+"[commands]\nrequire_auth = false\n")
	wantContains(t, "config check", e.ok("config", "check", path),
		"warning: "+path+":6: commands.require_auth: off: anyone who writes your address in From can command rapport",
		"config OK: "+path+"\n")
}

// TestConfigCheckProblems checks that a file with problems prints each,
// fails with their number, and says nothing about logins or commands.
func TestConfigCheckProblems(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		n     string
		wants []string
	}{
		{"own address as command address", configOwner + "[commands]\naddresses = [\"Alex@Example.com\"]\nsubject_tag = \"re\"\n", "2 problem(s)", []string{
			`config.toml:6: commands.addresses: "Alex@Example.com" is one of owner.addresses: every mail you write to yourself`,
			`write a plus-address such as "Alex+rapport@Example.com"`,
			`config.toml:7: commands.subject_tag: "re" is a reply or forward prefix`,
		}},
		{"oauth", configTrusted +
			"[imap]\nhost = \"imap.gmail.com\"\nusername = \"alex@gmail.com\"\nauth = \"xoauth2\"\npassword_command = \"pass x\"\n" +
			"[smtp]\nhost = \"smtp.gmail.com\"\nusername = \"alex@gmail.com\"\nauth = \"oauth\"\n", "3 problem(s)", []string{
			`config.toml:8: imap.token_command: not set, but auth = "xoauth2" logs in with an OAuth access token (set a command that prints a fresh access token, e.g. "oama access alex@gmail.com")`,
			`config.toml:12: imap.password_command: is set, but OAuth uses no password`,
			`config.toml:16: smtp.auth: "oauth" is not a login mechanism (use "plain" (a password), or "xoauth2" or "oauthbearer" (OAuth 2.0, with token_command))`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			path := writeFile(t, e.dir, "config.toml", tt.doc)
			code, out, errOut := e.run("config", "check", path)
			if code != 1 || !strings.Contains(errOut, path+": "+tt.n) {
				t.Fatalf("config check: exit %d, %q; want 1 and %s\n%s", code, errOut, tt.n, out)
			}
			wantContains(t, "problems", out, tt.wants...)
			if strings.Contains(out, "commands: your mail") || strings.Contains(out, "log in to") {
				t.Errorf("config check with problems says how rapport logs in or what reaches it:\n%s", out)
			}
		})
	}
	e := newEnv(t)
	if code, _, errOut := e.run("config", "check"); code != 1 || !strings.Contains(errOut, "no configuration file at ") {
		t.Errorf("config check without a file: exit %d, %q; want 1 and no configuration file", code, errOut)
	}
	for _, args := range [][]string{{"config"}, {"config", "test"}, {"config", "check", "a", "b"}} {
		if code, _, errOut := e.run(args...); code != 2 || !strings.Contains(errOut, "usage: rapport config") {
			t.Errorf("rapport %q: exit %d, %q; want 2 and the usage", args, code, errOut)
		}
	}
}

// TestConfigCheckSecretFileModes checks that the warnings about files
// holding a secret that group or others can read are printed, with the
// chmod to run, and never the secret.
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
}
