package config

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// Logins says, one line per configured server ("imap: …", "smtp: …"), how
// rapport logs in: where, the TLS mode, the login mechanism and where the
// password or token comes from (Server.SecretSource), never the secret
// itself. A server without a host is left out. It runs no command and
// reads no secret.
func (c *Config) Logins() []string {
	tlsModes := map[string]string{TLSImplicit: "implicit TLS", TLSStartTLS: "STARTTLS", TLSNone: "no TLS"}
	var lines []string
	for _, s := range []struct {
		name string
		Server
	}{{"imap", c.IMAP.Server}, {"smtp", c.SMTP.Server}} {
		if s.Host == "" {
			continue
		}
		addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
		if s.Username == "" {
			lines = append(lines, fmt.Sprintf("%s: connect to %s (%s) without a login", s.name, addr, tlsModes[s.TLS]))
			continue
		}
		how, what := "a password (IMAP LOGIN)", "password"
		switch {
		case s.OAuth():
			how, what = "OAuth 2.0 ("+s.SASLMechanism()+")", "access token"
		case s.name == "smtp":
			// The order transport/smtpout tries them in.
			how = "a password (AUTH PLAIN, LOGIN, SCRAM-SHA-256, SCRAM-SHA-1 or CRAM-MD5, the first the server offers)"
		}
		lines = append(lines, fmt.Sprintf("%s: log in to %s (%s) as %s with %s; %s from %s",
			s.name, addr, tlsModes[s.TLS], s.Username, how, what, s.SecretSource()))
	}
	return lines
}

// Routes says, one line each ("commands: …"), which of the owner's mail
// reaches rapport as commands: mail to commands.addresses, mail whose
// subject starts with the tag, and replies to rapport's notices, which
// always do.
func (c Commands) Routes() []string {
	var lines []string
	if len(c.Addresses) > 0 {
		lines = append(lines, fmt.Sprintf("commands: your mail to %s reaches rapport", strings.Join(c.Addresses, ", ")))
	} else {
		lines = append(lines, "commands: no address reaches rapport (commands.addresses is empty)")
	}
	if c.SubjectTag != "" {
		lines = append(lines, fmt.Sprintf("commands: your mail with a subject starting %q or %q reaches rapport", c.SubjectTag+":", "["+c.SubjectTag+"]"))
	} else {
		lines = append(lines, `commands: no subject tag reaches rapport (commands.subject_tag is "")`)
	}
	return append(lines, "commands: your replies to rapport's notices always reach it")
}
