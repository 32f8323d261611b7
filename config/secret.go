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

// PasswordCommandTimeout bounds how long Secret waits for password_command.
const PasswordCommandTimeout = 10 * time.Second

// Secret returns the password to log in with: Password; or the contents of
// PasswordFile without its trailing newline; or the first line that
// PasswordCommand, run with `sh -c`, prints on stdout (the convention of
// `pass`, mbsync's PassCmd and msmtp's passwordeval). Exactly one of the
// three must be set.
//
// It does I/O: it reads the file, or runs the command and blocks until it
// exits, ctx ends or PasswordCommandTimeout passes, whichever is first. Its
// errors carry the command's stderr but never the secret.
func (s Server) Secret(ctx context.Context) (string, error) {
	n := 0
	for _, v := range []string{s.Password, s.PasswordFile, s.PasswordCommand} {
		if v != "" {
			n++
		}
	}
	switch {
	case n == 0:
		return "", errors.New("no password set (set password_command, password_file or password)")
	case n > 1:
		return "", errors.New("more than one of password, password_command and password_file set (keep one)")
	case s.Password != "":
		return s.Password, nil
	case s.PasswordFile != "":
		return readPasswordFile(s.PasswordFile)
	default:
		return runPasswordCommand(ctx, s.PasswordCommand)
	}
}

func readPasswordFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read password_file: %w", err)
	}
	pw := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	if pw == "" {
		return "", fmt.Errorf("password_file %s is empty (write the password in it)", path)
	}
	return pw, nil
}

func runPasswordCommand(ctx context.Context, command string) (string, error) {
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
		return "", fmt.Errorf("password_command %q: %w%s", command, err, stderrNote(stderr.Bytes()))
	}
	first, _, _ := strings.Cut(stdout.String(), "\n")
	pw := strings.TrimSuffix(first, "\r")
	if pw == "" {
		return "", fmt.Errorf("password_command %q printed no password on its first line%s", command, stderrNote(stderr.Bytes()))
	}
	return pw, nil
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
