package config

import (
	"fmt"
	"net"
	"os"
	"strings"
)

// server checks the server in table name ("imap" or "smtp"). A server
// without a host is disabled and not checked; see Warnings. An SMTP relay
// on loopback without TLS may take mail without a login: then username
// and every password key are left out.
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
		k.add(key("tls"), `use "implicit" or "starttls"; "none" is for a local proxy on 127.0.0.1 or ::1`,
			`"none" would send the password in clear text to %s`, s.Host)
	}
	if name == "smtp" && s.TLS == TLSNone && isLoopback(s.Host) && s.Username == "" &&
		s.Password == "" && s.PasswordCommand == "" && s.PasswordFile == "" {
		return // a relay on this machine that takes mail without a login
	}
	if s.Username == "" {
		k.add(key("username"), "the login name, often the email address", "not set")
	}
	var set []string
	for _, f := range []struct{ key, value string }{
		{"password", s.Password}, {"password_command", s.PasswordCommand}, {"password_file", s.PasswordFile},
	} {
		if f.value != "" {
			set = append(set, f.key)
		}
	}
	switch len(set) {
	case 0:
		k.add(key("password_command"), `set one of password_command (e.g. "pass show mail/rapport"), password_file or password`,
			"no password set")
	case 1:
	default:
		k.add(key(set[1]), "keep exactly one", "%s are set; only one may be", strings.Join(set, " and "))
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
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// Warnings returns things that work but deserve a fix: a password written in
// the config file, a password_file others can read, and a missing IMAP or
// SMTP host, which limits what rapport can do. It stats password files.
func (c *Config) Warnings() Problems {
	k := &collector{c: c}
	for _, s := range []struct {
		name string
		Server
	}{{"imap", c.IMAP.Server}, {"smtp", c.SMTP.Server}} {
		if s.Password != "" {
			k.add(s.name+".password", "prefer password_command or password_file",
				"the password is written in the config file")
		}
		if s.PasswordFile != "" {
			k.passwordFile(s.name+".password_file", s.PasswordFile)
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

// passwordFile warns when the file at path cannot be read or is readable by
// group or others.
func (k *collector) passwordFile(key, path string) {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		k.add(key, "rapport will fail to log in unless the file exists when it runs", "%v", err)
	case fi.Mode().Perm()&0o077 != 0:
		k.add(key, fmt.Sprintf("run: chmod 600 %s", path),
			"%s is accessible to group or others (mode %04o)", path, fi.Mode().Perm())
	}
}
