package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// PasswordCommandTimeout bounds how long Secret waits for password_command
// or token_command.
const PasswordCommandTimeout = 10 * time.Second

// Secret returns what to log in with.
//
// With Auth "plain" (or "") that is the password: Password; or the
// contents of PasswordFile, or of the systemd credential
// PasswordCredential, without its trailing newline; or the first line
// that PasswordCommand, run with `sh -c`, prints on stdout (the convention
// of `pass`, mbsync's PassCmd and msmtp's passwordeval). Exactly one of the
// four must be set.
//
// With an OAuth Auth ("xoauth2", "oauthbearer") it is an access token: the
// first line TokenCommand prints, like aerc's and goimapnotify's token
// commands. The command runs at every call, so that each login gets a
// fresh token: call Secret once per connection and keep nothing.
//
// It does I/O: it reads the file, or runs the command and blocks until it
// exits, ctx ends or PasswordCommandTimeout passes, whichever is first. Its
// errors carry the command's stderr but never the secret.
func (s Server) Secret(ctx context.Context) (string, error) {
	if s.OAuth() {
		if set := s.passwordKeys(); len(set) > 0 {
			return "", fmt.Errorf("%s is set, but auth = %q logs in with token_command's token (remove %s)",
				strings.Join(set, " and "), s.Auth, set[0])
		}
		if s.TokenCommand == "" {
			return "", fmt.Errorf("no token_command set (auth = %q needs a command that prints an OAuth access token)", s.Auth)
		}
		return runSecretCommand(ctx, "token_command", "token", s.TokenCommand)
	}
	if s.TokenCommand != "" {
		return "", errors.New(`token_command is set but auth is "plain" (set auth = "xoauth2" or "oauthbearer", or remove token_command)`)
	}
	set := s.passwordKeys()
	switch {
	case len(set) == 0:
		return "", errors.New("no password set (set password_command, password_file, password_credential or password)")
	case len(set) > 1:
		return "", fmt.Errorf("more than one password is set: %s (keep one)", strings.Join(set, " and "))
	case s.Password != "":
		return s.Password, nil
	case s.PasswordFile != "":
		return readSecretFile("password_file", s.PasswordFile)
	case s.PasswordCredential != "":
		return readCredential(s.PasswordCredential)
	default:
		return runSecretCommand(ctx, "password_command", "password", s.PasswordCommand)
	}
}

// passwordKeys returns the keys of the password sources that are set.
func (s Server) passwordKeys() []string {
	var set []string
	for _, f := range []struct{ key, value string }{
		{"password", s.Password}, {"password_command", s.PasswordCommand},
		{"password_file", s.PasswordFile}, {"password_credential", s.PasswordCredential},
	} {
		if f.value != "" {
			set = append(set, f.key)
		}
	}
	return set
}

// readSecretFile reads the password in the file at path, which key names.
func readSecretFile(key, path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", key, err)
	}
	pw := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	if pw == "" {
		return "", fmt.Errorf("%s %s is empty (write the password in it)", key, path)
	}
	return pw, nil
}

// runSecretCommand runs command, the value of key, and returns the first
// line it prints, which is a what ("password", "token").
func runSecretCommand(ctx context.Context, key, what, command string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, PasswordCommandTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	killGroupOnCancel(cmd)
	// A process that escaped the group but holds stdout open (a daemon
	// started by the command, say) must not keep Wait blocked.
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			// Report why it was stopped rather than "signal: killed".
			err = ctx.Err()
		}
		return "", fmt.Errorf("%s %q: %w%s", key, command, err, stderrNote(stderr.Bytes()))
	}
	first, _, _ := strings.Cut(stdout.String(), "\n")
	secret := strings.TrimSuffix(first, "\r")
	if what == "token" {
		// A token is never meant to hold spaces; a stray one would break
		// the SASL message.
		secret = strings.TrimSpace(secret)
	}
	if secret == "" {
		return "", fmt.Errorf("%s %q printed no %s on its first line%s", key, command, what, stderrNote(stderr.Bytes()))
	}
	return secret, nil
}

// stderrNote formats a command's stderr for an error message, shortened.
func stderrNote(b []byte) string {
	s := strings.TrimSpace(string(b))
	if s == "" {
		return ""
	}
	const limit = 500
	if len(s) > limit {
		s = s[:limit] + "…"
	}
	return ": " + strings.ReplaceAll(s, "\n", "; ")
}
