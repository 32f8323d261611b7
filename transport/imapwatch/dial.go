package imapwatch

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/oauthsasl"
)

// DialFunc opens an authenticated IMAP connection whose unilateral data
// (EXISTS while idling) goes to handler, which may be nil; the caller
// closes the client. Dialer.Dial is one.
type DialFunc func(ctx context.Context, handler *imapclient.UnilateralDataHandler) (*imapclient.Client, error)

// Dialer opens authenticated IMAP connections. Its fields are read, never
// changed: one Dialer may serve many goroutines at once.
type Dialer struct {
	// Server says where and how to log in: Host, Port, TLS (one of
	// config.TLSImplicit, config.TLSStartTLS, config.TLSNone), Username
	// and Auth (config.Server.SASLMechanism picks LOGIN or OAuth). Its
	// secrets are not read: Secret gives them.
	Server config.Server
	// TLS overrides the TLS settings (a private CA in tests); its
	// ServerName defaults to Server.Host. nil verifies the server against
	// the system's roots.
	TLS *tls.Config
	// Secret returns the password or, with OAuth, a fresh access token
	// (config.Server.Secret); Dial calls it once per connection, after the
	// server is known to offer the mechanism. It may block (a
	// password_command); its errors must not hold the secret.
	Secret func(ctx context.Context) (string, error)
	// Timeout bounds each step of opening a session: the TLS handshake,
	// the greeting and STARTTLS together, then each login command; 0
	// means one minute. Without it a connection that goes silent after
	// the TCP handshake (a path cut during an outage, a hung server) held
	// the watcher for go-imap's 30 s greeting timeout at best, and for
	// ever once the greeting had come: go-imap sets no deadline on the
	// answers to STARTTLS and LOGIN.
	Timeout time.Duration
}

// Dial connects with the configured TLS mode and logs in: with LOGIN and
// the password, or with AUTHENTICATE XOAUTH2 or OAUTHBEARER and an access
// token fetched for this connection alone. It blocks until logged in, an
// error, or ctx ends (then it returns ctx's error). The returned client
// delivers unilateral data to handler (nil for none); the caller closes
// it. Errors never hold the password or the token; a login the server
// refused is a *LoginRefusedError.
func (d *Dialer) Dial(ctx context.Context, handler *imapclient.UnilateralDataHandler) (*imapclient.Client, error) {
	addr := net.JoinHostPort(d.Server.Host, strconv.Itoa(d.Server.Port))
	tlsConfig := &tls.Config{ServerName: d.Server.Host}
	if d.TLS != nil {
		tlsConfig = d.TLS.Clone()
		if tlsConfig.ServerName == "" {
			tlsConfig.ServerName = d.Server.Host
		}
	}
	opts := &imapclient.Options{
		TLSConfig:             tlsConfig,
		UnilateralDataHandler: handler,
	}
	timeout := d.stepTimeout()
	conn, err := dialTCP(ctx, addr, timeout)
	if err != nil {
		return nil, fmt.Errorf("imap: connect to %s: %w", addr, err)
	}
	// Nothing below takes a context: closing the connection when ctx ends
	// unblocks it.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	// The client is built on our own connection rather than by
	// imapclient.Dial*, so that a server silent during the handshake is
	// cut off after timeout.
	var c *imapclient.Client
	err = within(timeout, func() { conn.Close() }, func() (err error) {
		c, err = greet(ctx, conn, d.Server.TLS, tlsConfig, opts)
		return err
	}, func() error { return errNoAnswer })
	if err != nil {
		if c != nil {
			c.Close()
		}
		conn.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("imap: connect to %s: %w", addr, err)
	}
	if err := d.login(ctx, c, addr); err != nil {
		c.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	if ctx.Err() != nil {
		c.Close()
		return nil, ctx.Err()
	}
	return c, nil
}

// greet opens an IMAP session on raw in the TLS mode: the TLS handshake
// (implicit TLS) or STARTTLS, and the server's greeting. It takes no
// timeout: the caller bounds it by closing raw. On error the caller
// closes raw.
func greet(ctx context.Context, raw net.Conn, mode string, t *tls.Config, opts *imapclient.Options) (*imapclient.Client, error) {
	var c *imapclient.Client
	switch mode {
	case config.TLSImplicit:
		tc := tls.Client(raw, withALPN(t))
		if err := tc.HandshakeContext(ctx); err != nil {
			return nil, err
		}
		c = imapclient.New(tc, opts)
	case config.TLSStartTLS:
		var err error
		if c, err = imapclient.NewStartTLS(raw, opts); err != nil {
			return nil, err
		}
	case config.TLSNone:
		c = imapclient.New(raw, opts)
	default:
		return nil, fmt.Errorf("unknown TLS mode %q", mode)
	}
	if err := c.WaitGreeting(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// withALPN returns t asking for the "imap" protocol, as imapclient.DialTLS
// does, unless t names its own.
func withALPN(t *tls.Config) *tls.Config {
	if t.NextProtos != nil {
		return t
	}
	t = t.Clone()
	t.NextProtos = []string{"imap"}
	return t
}

// stepTimeout is d.Timeout, or one minute when it is not set.
func (d *Dialer) stepTimeout() time.Duration {
	if d.Timeout > 0 {
		return d.Timeout
	}
	return time.Minute
}

// login logs c in to the server at addr as the configuration says.
func (d *Dialer) login(ctx context.Context, c *imapclient.Client, addr string) error {
	user := d.Server.Username
	mech := d.Server.SASLMechanism()
	if mech == "" {
		password, err := d.Secret(ctx)
		if err != nil {
			return fmt.Errorf("imap: password for %s: %w", user, err)
		}
		if err := waitFor(c, d.stepTimeout(), c.Login(user, password).Wait); err != nil {
			if errors.Is(err, errNoAnswer) {
				return fmt.Errorf("imap: log in to %s as %s: %w", addr, user, err)
			}
			return refused(err, fmt.Errorf("imap: log in to %s as %s: %w (check imap.username and the password)", addr, user, withoutSecrets(err, password)),
				addr, user, "", password)
		}
		return nil
	}
	// Ask before running token_command: a server without the mechanism
	// needs another imap.auth, not a token.
	var caps imap.CapSet
	if err := waitFor(c, d.stepTimeout(), func() error { caps = c.Caps(); return nil }); err != nil {
		return fmt.Errorf("imap: log in to %s as %s with %s: %w", addr, user, mech, err)
	}
	if caps != nil && !caps.Has(imap.Cap("AUTH="+mech)) {
		return fmt.Errorf("imap: %s does not offer AUTHENTICATE %s (it offers %s; check imap.auth)", addr, mech, authCaps(caps))
	}
	token, err := d.Secret(ctx)
	if err != nil {
		return fmt.Errorf("imap: access token for %s: %w", user, err)
	}
	sc := oauthsasl.New(mech, user, token)
	if err := waitFor(c, d.stepTimeout(), func() error { return c.Authenticate(sc) }); err != nil {
		detail := ""
		if sc.Failure != nil {
			detail = "; OAuth error " + redactSecrets(string(sc.Failure), token)
		}
		ir := base64.StdEncoding.EncodeToString(sc.IR)
		return refused(err, fmt.Errorf("imap: log in to %s as %s with %s: %w%s (check imap.username, and that imap.token_command prints a valid access token for mail)",
			addr, user, mech, withoutSecrets(err, token, ir), detail), addr, user, mech, token, ir)
	}
	return nil
}

// authCaps lists the AUTH= capabilities in caps, for an error message.
func authCaps(caps imap.CapSet) string {
	var list []string
	for cp := range caps {
		if strings.HasPrefix(strings.ToUpper(string(cp)), "AUTH=") {
			list = append(list, string(cp))
		}
	}
	if len(list) == 0 {
		return "no AUTH= mechanism"
	}
	slices.Sort(list)
	return strings.Join(list, " ")
}

// withoutSecrets returns err, or when its text holds one of secrets, an
// error with the text redacted (and nothing to unwrap, which would still
// hold them).
func withoutSecrets(err error, secrets ...string) error {
	msg := err.Error()
	if clean := redactSecrets(msg, secrets...); clean != msg {
		return errors.New(clean)
	}
	return err
}

// redactSecrets replaces each of secrets in s with "[redacted]".
func redactSecrets(s string, secrets ...string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}

// errNoAnswer reports a server that stopped answering: the connection is
// dead even if TCP did not say so.
var errNoAnswer = errors.New("the server did not answer in time")

// waitFor waits for an IMAP command, closing the client when it takes
// longer than timeout so that a half-open connection is noticed.
func waitFor(c *imapclient.Client, timeout time.Duration, wait func() error) error {
	done := make(chan error, 1)
	go func() { done <- wait() }()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		c.Close()
		<-done
		return errNoAnswer
	}
}

// keepAlive has the kernel probe a connection that sends nothing (a
// session in IDLE is quiet for minutes): a path cut without a word (a NAT
// that forgot it, a link down) is found within 90 s (30 s quiet, then 4
// probes 15 s apart), where the NOOP every poll_interval would take
// minutes. The probes cost rapport no wake-up.
var keepAlive = net.KeepAliveConfig{Enable: true, Idle: 30 * time.Second, Interval: 15 * time.Second, Count: 4}

// dialTCP opens the TCP connection to addr, within timeout (30 s at most).
func dialTCP(ctx context.Context, addr string, timeout time.Duration) (net.Conn, error) {
	nd := &net.Dialer{Timeout: min(timeout, 30*time.Second), KeepAliveConfig: keepAlive}
	return nd.DialContext(ctx, "tcp", addr)
}
