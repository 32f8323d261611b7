package imapwatch

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/tlsfail"
)

// ProbeStep is a step of ProbeIMAP, in order.
type ProbeStep string

const (
	StepConnect  ProbeStep = "connect"  // TCP and the server's greeting
	StepTLS      ProbeStep = "tls"      // the TLS handshake and certificate (implicit or STARTTLS)
	StepPassword ProbeStep = "password" // getting the password or OAuth token: config.Server.Secret
	StepLogin    ProbeStep = "login"    // logging in as the daemon does
	StepList     ProbeStep = "list"     // LIST of the folders
)

// ProbeError is the error ProbeIMAP returns: the step that failed and why.
type ProbeError struct {
	Step ProbeStep
	// Err says what failed, on what, and why.
	Err error
	// Reason is the cause alone, for a message that gives its own context:
	// the server's reply ("NO [AUTHENTICATIONFAILED] Authentication
	// failed."), or the network, TLS or password error.
	Reason string
}

// Error returns the underlying error's text.
func (e *ProbeError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *ProbeError) Unwrap() error { return e.Err }

// Folder is one folder as LIST returned it.
type Folder struct {
	Name string
	// SpecialUse is the folder's RFC 6154 attribute ("\Sent", "\Drafts",
	// "\Junk", "\Trash", "\Archive", "\All", "\Flagged"), "" for none.
	SpecialUse string
	// Selectable is false for a folder that only holds other folders
	// (\Noselect, \NonExistent): it cannot be watched or filed into.
	Selectable bool
}

// IMAPProbe is what ProbeIMAP found, as far as it got.
type IMAPProbe struct {
	// Addr is the server's "host:port".
	Addr string
	// Connected: TCP, TLS as configured and the greeting succeeded.
	Connected bool
	// LoggedIn: the server accepted the username and password.
	LoggedIn bool
	// IDLE and SpecialUse report the server's capabilities after login.
	IDLE, SpecialUse bool
	// Folders are every folder LIST returned, in its order.
	Folders []Folder
	// Sent is the folder the daemon files sent mail in and looks in for an
	// interrupted send: imap.sent_folder when set (whether or not it
	// exists: see Folder), else the folder the server marks \Sent, else
	// one with a usual name. SentErr says why there is none.
	Sent    string
	SentErr error
}

// Folder returns the folder of that name as LIST returned it (INBOX in
// any case), and whether there is one.
func (p *IMAPProbe) Folder(name string) (Folder, bool) {
	i := slices.IndexFunc(p.Folders, func(f Folder) bool {
		return f.Name == name || isInbox(f.Name) && isInbox(name)
	})
	if i < 0 {
		return Folder{}, false
	}
	return p.Folders[i], true
}

// ProbeIMAP checks the IMAP account as the daemon will use it, without
// changing anything. It connects with cfg's TLS mode and hangs up; then it
// logs in as the daemon does, on a new connection, with the secret that
// cfg.Secret gives (running password_command if that is how it is set),
// reads the capabilities, lists the folders, finds the Sent folder as the
// daemon does and logs out. tlsConfig overrides the TLS settings (a
// private CA in tests); nil verifies the server against the system's
// roots, which SSL_CERT_FILE and SSL_CERT_DIR can replace.
//
// It blocks until done or ctx ends. Connecting and each command may take up
// to timeout (0 means 15 seconds); logging in, which includes getting the
// secret, up to timeout plus config.PasswordCommandTimeout. It always
// returns the probe, filled in as far as it got, and on failure a
// *ProbeError naming the step. Its errors never hold the secret.
func ProbeIMAP(ctx context.Context, cfg config.IMAP, tlsConfig *tls.Config, timeout time.Duration) (*IMAPProbe, error) {
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	p := &IMAPProbe{Addr: addr}
	if err := probeConnect(ctx, cfg.Server, tlsConfig, timeout); err != nil {
		return p, err
	}
	p.Connected = true

	// The watchers' own Dialer, so that the login is theirs; the
	// secret function tells a missing secret from a refused one.
	var (
		secret    string
		secretErr error
		asked     bool
	)
	dl := &Dialer{Server: cfg.Server, TLS: tlsConfig, Secret: func(ctx context.Context) (string, error) {
		asked = true
		secret, secretErr = cfg.Secret(ctx)
		return secret, secretErr
	}}
	loginCtx, cancel := context.WithTimeout(ctx, timeout+config.PasswordCommandTimeout)
	defer cancel()
	c, err := dl.Dial(loginCtx, nil)
	if err != nil {
		// Before the secret is asked for, the dialer connects (and, with
		// OAuth, checks the server offers the mechanism).
		step := StepLogin
		switch {
		case secretErr != nil:
			step = StepPassword
		case !asked && tlsfail.Is(err):
			step = StepTLS
		case !asked && isConnError(err):
			step = StepConnect
		}
		if loginCtx.Err() != nil && ctx.Err() == nil && step == StepLogin {
			err = fmt.Errorf("imap: log in to %s as %s: %w", addr, cfg.Username, errNoAnswer)
		}
		return p, &ProbeError{Step: step, Err: scrubSecret(err, secret), Reason: scrubSecret(reason(err), secret).Error()}
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	p.LoggedIn = true
	fail := func(what string, err error) (*IMAPProbe, error) {
		return p, &ProbeError{Step: StepList, Err: scrubSecret(fmt.Errorf("imap: %s: %w", what, err), secret),
			Reason: scrubSecret(reason(err), secret).Error()}
	}

	var caps imap.CapSet
	if err := waitFor(c, timeout, func() error { caps = c.Caps(); return nil }); err != nil {
		return fail("capabilities", err)
	}
	p.IDLE, p.SpecialUse = caps.Has(imap.CapIdle), caps.Has(imap.CapSpecialUse)
	var list []*imap.ListData
	err = waitFor(c, timeout, func() (err error) {
		list, err = c.List("", "*", &imap.ListOptions{ReturnSpecialUse: p.SpecialUse}).Collect()
		return err
	})
	if err != nil {
		return fail("list folders", err)
	}
	for _, l := range list {
		f := Folder{Name: l.Mailbox, Selectable: true}
		for _, a := range l.Attrs {
			switch a {
			case imap.MailboxAttrNoSelect, imap.MailboxAttrNonExistent:
				f.Selectable = false
			case imap.MailboxAttrAll, imap.MailboxAttrArchive, imap.MailboxAttrDrafts, imap.MailboxAttrFlagged,
				imap.MailboxAttrJunk, imap.MailboxAttrSent, imap.MailboxAttrTrash:
				if f.SpecialUse == "" {
					f.SpecialUse = string(a)
				}
			}
		}
		p.Folders = append(p.Folders, f)
	}
	box := &Mailbox{Timeout: timeout, Sent: cfg.SentFolder}
	p.Sent, p.SentErr = box.sentFolder(c)
	_ = waitFor(c, timeout, func() error { return c.Logout().Wait() })
	return p, nil
}

// probeConnect connects to the server with its TLS mode, waits for the
// greeting and hangs up, all within timeout. It returns nil or a
// *ProbeError at StepConnect or StepTLS.
func probeConnect(ctx context.Context, s config.Server, tlsConfig *tls.Config, timeout time.Duration) error {
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	fail := func(err error) error {
		step := StepConnect
		if tlsfail.Is(err) {
			step = StepTLS
		}
		return &ProbeError{Step: step, Err: fmt.Errorf("imap: connect to %s: %w", addr, err), Reason: err.Error()}
	}
	t := &tls.Config{ServerName: s.Host}
	if tlsConfig != nil {
		t = tlsConfig.Clone()
		if t.ServerName == "" {
			t.ServerName = s.Host
		}
	}
	dialCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	raw, err := d.DialContext(dialCtx, "tcp", addr)
	if err != nil {
		return fail(withCause(dialCtx, err))
	}
	defer raw.Close()
	// Closing the connection unblocks whatever waits on it.
	stop := context.AfterFunc(ctx, func() { raw.Close() })
	defer stop()
	return within(timeout, func() { raw.Close() }, func() error {
		c, err := greet(dialCtx, raw, s.TLS, t, &imapclient.Options{TLSConfig: t})
		if err != nil {
			return fail(err)
		}
		defer c.Close()
		_ = c.Logout().Wait()
		return nil
	}, func() error { return fail(errNoAnswer) })
}

// reason returns the cause of err, as the dialer wraps it ("imap: log in
// to …: %w (hint)"), without the "imap: " prefix.
func reason(err error) error {
	if lr, ok := err.(*LoginRefusedError); ok {
		err = lr.err
	}
	if inner := errors.Unwrap(err); inner != nil {
		err = inner
	}
	if msg := err.Error(); strings.HasPrefix(msg, "imap: ") {
		return errors.New(strings.TrimPrefix(msg, "imap: "))
	}
	return err
}

// isConnError reports a failure of the connection itself: refused, reset,
// closed or timed out.
func isConnError(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) || errors.Is(err, errNoAnswer)
}

// scrubSecret returns err with every occurrence of secret in its text
// replaced, in case a server quotes what it was sent (and then nothing to
// unwrap, as the wrapped errors would still hold it); err itself when its
// text holds no secret.
func scrubSecret(err error, secret string) error {
	if err == nil || secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), secret, "[redacted]"))
}

// within runs fn; when it takes longer than timeout, it calls abort,
// which must make fn return, and returns late() instead of fn's error.
func within(timeout time.Duration, abort func(), fn func() error, late func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		abort()
		<-done
		return late()
	}
}

// withCause returns ctx's cause when ctx ended, err otherwise: a dial
// cancelled by its deadline says "i/o timeout" on some systems.
func withCause(ctx context.Context, err error) error {
	if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		return fmt.Errorf("%w: %w", context.Cause(ctx), err)
	}
	return err
}

// isInbox reports whether name is INBOX, which IMAP names in any case.
func isInbox(name string) bool { return strings.EqualFold(name, "INBOX") }
