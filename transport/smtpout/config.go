package smtpout

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/config"
)

// Default timeouts; see Config.
const (
	DefaultTimeout     = 2 * time.Minute
	DefaultDataTimeout = 10 * time.Minute
)

// Config says how to reach and log in to the SMTP server. Build one from
// the configuration file with FromConfig, or directly in tests.
//
// Printing or logging a Config never shows Password.
type Config struct {
	// Host is the server's name or IP address, without a port.
	Host string
	// Port is required (FromConfig takes the validated config's port).
	Port int
	// TLS is config.TLSImplicit, config.TLSStartTLS (the connection must
	// be upgraded, or nothing is sent) or config.TLSNone (only to a
	// loopback host: a local proxy).
	TLS string
	// Username and Password log in with SMTP AUTH (PLAIN, LOGIN,
	// SCRAM-SHA-256, SCRAM-SHA-1 or CRAM-MD5, the first the server offers);
	// an empty Username skips AUTH.
	Username, Password string
	// Auth is config.AuthPlain (or "") for the password mechanisms above,
	// or config.AuthXOAuth2 or config.AuthOAuthBearer to log in as
	// Username with an OAuth 2.0 access token from Token instead.
	Auth string
	// Token returns a fresh access token. With an OAuth Auth, Send calls
	// it once per connection, before connecting, and keeps nothing: the
	// token is used for that connection's AUTH only. It may do I/O and
	// block (config.Server.Secret runs token_command); its errors must not
	// hold the token.
	Token func(ctx context.Context) (string, error)
	// Timeout bounds connecting (TCP, greeting, EHLO, TLS and AUTH
	// together) and then each later step: a command and its reply, or
	// writing the message. 0 means DefaultTimeout.
	Timeout time.Duration
	// DataTimeout bounds the wait for the server's reply after the whole
	// message was sent. Running out of it makes the outcome ambiguous, so
	// it is long: 0 means DefaultDataTimeout, the 10 minutes of RFC 5321
	// section 4.5.3.2.
	DataTimeout time.Duration
	// TLSConfig, when set, is used for TLS (tests use it to trust a private
	// CA); its ServerName defaults to Host. nil verifies the server against
	// the system's roots, TLS 1.2 or later.
	TLSConfig *tls.Config
	// HELO is the name given in EHLO; "" uses the machine's host name.
	HELO string
}

// FromConfig returns the Config for the [smtp] table of a validated
// configuration and the password resolved from it with Server.Secret
// (password, password_file, password_credential or password_command).
//
// With auth = "xoauth2" or "oauthbearer", password is ignored (it would
// be an access token that expires within the hour): each Send runs
// token_command anew through Server.Secret.
func FromConfig(s config.SMTP, password string) Config {
	c := Config{
		Host:     s.Host,
		Port:     s.Port,
		TLS:      s.TLS,
		Username: s.Username,
		Password: password,
	}
	if s.OAuth() {
		c.Auth, c.Password, c.Token = s.Auth, "", s.Secret
	}
	return c
}

// oauth returns the SASL name of c's OAuth mechanism, "" for a password.
func (c Config) oauth() string {
	switch c.Auth {
	case config.AuthXOAuth2:
		return "XOAUTH2"
	case config.AuthOAuthBearer:
		return "OAUTHBEARER"
	}
	return ""
}

// check returns every problem of c at once.
func (c Config) check() error {
	var errs []error
	if c.Host == "" {
		errs = append(errs, errors.New("no host set"))
	} else if strings.ContainsAny(c.Host, " \t\r\n/") || strings.Contains(c.Host, "://") {
		errs = append(errs, fmt.Errorf("%q is not a host name", c.Host))
	}
	if c.Port < 1 || c.Port > 65535 {
		errs = append(errs, fmt.Errorf("port %d is out of range (use 1 to 65535)", c.Port))
	}
	switch c.TLS {
	case config.TLSImplicit, config.TLSStartTLS:
	case config.TLSNone:
		if !isLoopback(c.Host) {
			errs = append(errs, fmt.Errorf(`tls "none" would send the password and the mail in clear text to %s `+
				`(use "implicit" or "starttls"; "none" is for a local proxy on 127.0.0.1 or ::1)`, c.Host))
		}
	default:
		errs = append(errs, fmt.Errorf(`%q is not a TLS mode (use "implicit", "starttls" or "none")`, c.TLS))
	}
	if c.Timeout < 0 || c.DataTimeout < 0 {
		errs = append(errs, errors.New("negative timeout"))
	}
	switch c.Auth {
	case "", config.AuthPlain:
	case config.AuthXOAuth2, config.AuthOAuthBearer:
		if c.Username == "" {
			errs = append(errs, fmt.Errorf("auth %q needs a username", c.Auth))
		}
		if c.Token == nil {
			errs = append(errs, fmt.Errorf("auth %q needs a Token function (token_command)", c.Auth))
		}
	default:
		errs = append(errs, fmt.Errorf(`%q is not a login mechanism (use "plain", "xoauth2" or "oauthbearer")`, c.Auth))
	}
	if strings.ContainsAny(c.Username, "\r\n") || strings.ContainsAny(c.HELO, " \t\r\n") {
		errs = append(errs, errors.New("username or HELO name contains a line break or space"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("smtp: bad configuration: %w", err)
	}
	return nil
}

// isLoopback reports whether host is localhost or a loopback address
// (127.0.0.0/8, ::1): the rule config.Validate applies to tls = "none".
func isLoopback(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// String implements fmt.Stringer without the password.
func (c Config) String() string {
	return fmt.Sprintf("{Host:%s Port:%d TLS:%s Username:%s Password:%s Auth:%s Timeout:%s DataTimeout:%s HELO:%s}",
		c.Host, c.Port, c.TLS, c.Username, redacted(c.Password), c.Auth, c.Timeout, c.DataTimeout, c.HELO)
}

// GoString implements fmt.GoStringer without the password.
func (c Config) GoString() string { return "smtpout.Config" + c.String() }

// LogValue implements slog.LogValuer without the password.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("host", c.Host), slog.Int("port", c.Port), slog.String("tls", c.TLS),
		slog.String("username", c.Username), slog.String("password", redacted(c.Password)), slog.String("auth", c.Auth))
}

func redacted(s string) string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}
