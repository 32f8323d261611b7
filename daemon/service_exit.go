package daemon

import (
	"errors"

	"github.com/rapport-mail/rapport/transport/imapwatch"
)

// Exit statuses of "rapport run" for the failures that starting rapport
// again cannot cure, so that systemd does not (the units list them in
// RestartPreventExitStatus=). They are sysexits(3)'s, whose names
// systemctl shows ("status=77/NOPERM"). Any other failure exits 1 and is
// restarted.
const (
	// ExitLoginRefused is a mail server refusing rapport's login: the
	// mailbox (see imapwatch.LoginRefusedError) or the SMTP server (535).
	// Retrying gets the account locked; the owner fixes the password.
	ExitLoginRefused = 77 // EX_NOPERM
	// ExitConfig is a configuration that cannot run: it does not load or
	// validate at start, its templates are broken, the daemon refuses it,
	// or a reload failed and the previous one could not be put back.
	ExitConfig = 78 // EX_CONFIG
)

// ExitStatus returns the exit status that err, from Serve or from what
// "rapport run" does before it, calls for: 0 for nil, ExitLoginRefused
// for a *LoginRefusedError, ExitConfig for a *ConfigError, and 1 for
// anything else.
func ExitStatus(err error) int {
	var refused *LoginRefusedError
	var config *ConfigError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &refused):
		return ExitLoginRefused
	case errors.As(err, &config):
		return ExitConfig
	}
	return 1
}

// ConfigError is Serve's error when the configuration cannot run (see
// ExitConfig). The command line wraps its own failures to load the
// configuration in it too.
type ConfigError struct{ Err error }

// Error returns Err's text.
func (e *ConfigError) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e *ConfigError) Unwrap() error { return e.Err }

// LoginRefusedError is Serve's (and Daemon.Run's) error when a mail
// server refused rapport's login and rapport stopped rather than try the
// same password again (see ExitLoginRefused): the mailbox at start or
// twice in a row later (imapwatch.Watcher.Run), or the SMTP server twice
// in a row. Err is the *imapwatch.LoginRefusedError or the
// *smtpout.Error; neither holds a secret.
type LoginRefusedError struct {
	// SMTP is set for the SMTP server's refusal, unset for the mailbox's.
	SMTP bool
	Err  error
}

// Error says which server refused the login, its answer, and what to do.
func (e *LoginRefusedError) Error() string {
	if e.SMTP {
		return "stopped: the SMTP server refused rapport's login twice in a row (fix smtp.username or the password, then start rapport again): " + e.Err.Error()
	}
	return "stopped: the mailbox refused rapport's login (fix imap.username or the password, then start rapport again): " + e.Err.Error()
}

// Unwrap returns Err.
func (e *LoginRefusedError) Unwrap() error { return e.Err }

// mailboxRefusal returns the mailbox's refusal in err, or nil.
func mailboxRefusal(err error) *imapwatch.LoginRefusedError {
	var lr *imapwatch.LoginRefusedError
	if errors.As(err, &lr) {
		return lr
	}
	return nil
}
