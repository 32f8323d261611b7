package config

import (
	"fmt"
	"net"
	"os"
	"strings"

	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/internal/shellquote"
)

// server checks the server in table name ("imap" or "smtp"). A server
// without a host is disabled and not checked; see Warnings. An SMTP relay
// on loopback without TLS may take mail without a login: then username,
// auth and every password and token key are left out.
func (k *collector) server(name string, s Server) {
	if s.Host == "" {
		return
	}
	key := func(leaf string) string { return name + "." + leaf }
	switch {
	case strings.Contains(s.Host, "://") || strings.ContainsAny(s.Host, " \t/"):
		k.add(key("host"), "write only the host name, e.g. "+name+".example.com", "%q is not a host name", s.Host)
	case hasPort(s.Host):
		k.add(key("host"), "write the port in "+key("port"), "%q includes a port", s.Host)
	}
	validTLS := s.TLS == TLSImplicit || s.TLS == TLSStartTLS || s.TLS == TLSNone
	if !validTLS {
		k.add(key("tls"), `use "implicit", "starttls" or "none"`, "%q is not a TLS mode", s.TLS)
	}
	if (s.Port != 0 || validTLS) && (s.Port < 1 || s.Port > 65535) {
		k.add(key("port"), "use 1 to 65535, or leave it out for the usual port", "%d is out of range", s.Port)
	}
	if s.TLS == TLSNone && !isLoopback(s.Host) {
		secret := "password"
		if s.OAuth() {
			secret = "access token"
		}
		k.add(key("tls"), `use "implicit" or "starttls"; "none" is for a local proxy on 127.0.0.1 or ::1`,
			`"none" would send the %s in clear text to %s`, secret, s.Host)
	}
	if name == "smtp" && s.TLS == TLSNone && isLoopback(s.Host) && s.Username == "" &&
		s.Mechanism() == AuthPlain && len(s.passwordKeys()) == 0 && s.TokenCommand == "" {
		return // a relay on this machine that takes mail without a login
	}
	if s.Username == "" {
		k.add(key("username"), "the login name, often the email address", "not set")
	}
	switch s.Mechanism() {
	case AuthPlain:
		k.passwordLogin(name, s)
	case AuthXOAuth2, AuthOAuthBearer:
		k.oauthLogin(name, s)
	default:
		k.add(key("auth"), `use "plain" (a password), or "xoauth2" or "oauthbearer" (OAuth 2.0, with token_command)`,
			"%q is not a login mechanism", s.Auth)
	}
}

// passwordLogin checks the keys of a login with a password: exactly one
// source of the password, and no token_command.
func (k *collector) passwordLogin(name string, s Server) {
	key := func(leaf string) string { return name + "." + leaf }
	if s.TokenCommand != "" {
		k.add(key("token_command"), `set auth = "xoauth2" or "oauthbearer" to log in with OAuth, or remove token_command`,
			"is only used with OAuth, but auth is %q", AuthPlain)
	}
	set := s.passwordKeys()
	switch len(set) {
	case 0:
		if s.TokenCommand != "" {
			break // the likely fix is auth, which the problem above names
		}
		k.add(key("password_command"), `set one of password_command (e.g. "pass show mail/rapport"), password_file, `+
			`password_credential (a systemd credential) or password; or auth = "xoauth2" with token_command`,
			"no password set")
	case 1:
	default:
		k.add(key(set[1]), "keep exactly one", "%s are set; only one may be", strings.Join(set, " and "))
	}
	if s.PasswordCredential != "" {
		if p := credentialNameProblem(s.PasswordCredential); p != "" {
			k.add(key("password_credential"), `write the name given in LoadCredential=NAME:/path, e.g. "mail-password"; `+
				"for a file of your own use password_file", "%s", p)
		}
	}
}

// oauthLogin checks the keys of an OAuth login: token_command and no
// password.
func (k *collector) oauthLogin(name string, s Server) {
	key := func(leaf string) string { return name + "." + leaf }
	if s.TokenCommand == "" {
		k.add(key("token_command"), `set a command that prints a fresh access token, e.g. "oama access alex@gmail.com"`,
			"not set, but auth = %q logs in with an OAuth access token", s.Auth)
	}
	for _, p := range s.passwordKeys() {
		k.add(key(p), fmt.Sprintf(`remove it: auth = %q logs in with token_command's token; or set auth = "plain"`, s.Auth),
			"is set, but OAuth uses no password")
	}
}

// hasPort reports whether host is written as "host:port".
func hasPort(host string) bool {
	_, port, err := net.SplitHostPort(host)
	return err == nil && port != ""
}

// isLoopback reports whether host is localhost or a loopback address
// (127.0.0.0/8, ::1).
func isLoopback(host string) bool {
	if ascii.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// Warnings returns things that work but deserve a fix: a password written in
// the config file, a config file or password_file that others can read, and
// a missing IMAP or SMTP host, which limits what rapport can do. It stats
// the config file and password files.
func (c *Config) Warnings() Problems {
	k := &collector{c: c}
	configChecked := false
	for _, s := range []struct {
		name string
		Server
	}{{"imap", c.IMAP.Server}, {"smtp", c.SMTP.Server}} {
		if s.Password != "" {
			k.add(s.name+".password", "prefer password_command, password_file or password_credential",
				"the password is written in the config file")
			if !configChecked && c.Path != "" {
				configChecked = true
				k.secretFile(s.name+".password", c.Path, "it holds a password")
			}
		}
		if s.PasswordFile != "" {
			k.secretFile(s.name+".password_file", s.PasswordFile, "")
		}
	}
	switch {
	case c.IMAP.Host == "":
		k.add("imap.host", "set imap.host to watch for replies and send mail",
			"not set: rapport can only be used as a command-line tracker")
	case c.SMTP.Host == "":
		k.add("smtp.host", "set smtp.host to send mail",
			"not set: rapport can track replies but cannot send mail or the daily digest")
	}
	switch {
	case !c.Commands.RequireAuth:
		k.add("commands.require_auth", "turn it on, with commands.authserv_ids, unless this is a test setup",
			"off: anyone who writes your address in From can command rapport")
	case len(c.Commands.AuthServIDs) == 0:
		k.add("commands.authserv_ids", `name your provider's server as it appears in Authentication-Results, e.g. ["mx.google.com"]`,
			"not set: rapport cannot tell your mail from a forgery, so it ignores commands and approvals sent by mail")
	}
	return k.ps
}

// secretFile warns when the file at path, which holds a secret, cannot be
// read or is accessible to group or others; why, when set, says why the
// file matters (for a file that is not only a password).
func (k *collector) secretFile(key, path, why string) {
	fi, err := os.Stat(path)
	if why != "" {
		why = " and " + why
	}
	switch {
	case err != nil:
		k.add(key, "rapport will fail to log in unless the file exists when it runs", "%v", err)
	case fi.Mode().Perm()&0o077 != 0:
		k.add(key, fmt.Sprintf("run: chmod 600 %s", shellquote.Word(path)),
			"%s is accessible to group or others (mode %04o)%s", path, fi.Mode().Perm(), why)
	}
}
