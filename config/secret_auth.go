package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Mechanism returns s.Auth, AuthPlain when it is "".
func (s Server) Mechanism() string {
	if s.Auth == "" {
		return AuthPlain
	}
	return s.Auth
}

// OAuth reports whether s logs in with an OAuth 2.0 access token, from
// TokenCommand, rather than with a password.
func (s Server) OAuth() bool {
	m := s.Mechanism()
	return m == AuthXOAuth2 || m == AuthOAuthBearer
}

// SASLMechanism returns the SASL name of an OAuth Auth, "XOAUTH2" or
// "OAUTHBEARER", as servers advertise it; "" for a password login.
func (s Server) SASLMechanism() string {
	if !s.OAuth() {
		return ""
	}
	return strings.ToUpper(s.Mechanism())
}

// SecretSource says where Secret takes the secret from, for people: for
// example `password_command "pass show mail/rapport"` or `token_command
// "oama access alex@gmail.com"`. It never holds the secret, and is "" when
// no source is set. It reads $CREDENTIALS_DIRECTORY and nothing else.
func (s Server) SecretSource() string {
	switch {
	case s.OAuth() && s.TokenCommand != "":
		return fmt.Sprintf("token_command %q, run at each login", s.TokenCommand)
	case s.OAuth():
		return ""
	case s.PasswordCommand != "":
		return fmt.Sprintf("password_command %q", s.PasswordCommand)
	case s.PasswordFile != "":
		return "password_file " + s.PasswordFile
	case s.PasswordCredential != "":
		if dir := os.Getenv(credentialsDirEnv); dir != "" {
			return fmt.Sprintf("systemd credential %q (%s)", s.PasswordCredential, filepath.Join(dir, s.PasswordCredential))
		}
		return fmt.Sprintf("systemd credential %q (readable only when systemd starts rapport with LoadCredential=)", s.PasswordCredential)
	case s.Password != "":
		return "the password written in the config file"
	}
	return ""
}
