package daemon

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
	"github.com/emersion/go-sasl"

	"rapport/config"
)

// dialer opens authenticated IMAP connections.
type dialer struct {
	server config.Server
	tls    *tls.Config // nil for the system's roots
	// secret returns the password or, with OAuth, a fresh access token
	// (config.Server.Secret); dial calls it once per connection.
	secret func(ctx context.Context) (string, error)
}

// dial connects with the configured TLS mode and logs in: with LOGIN and
// the password, or with AUTHENTICATE XOAUTH2 or OAUTHBEARER and an access
// token fetched for this connection alone. The returned client delivers
// unilateral data to handler; the caller closes it. Errors never hold the
// password or the token.
func (d *dialer) dial(ctx context.Context, handler *imapclient.UnilateralDataHandler) (*imapclient.Client, error) {
	addr := net.JoinHostPort(d.server.Host, strconv.Itoa(d.server.Port))
	tlsConfig := &tls.Config{ServerName: d.server.Host}
	if d.tls != nil {
		tlsConfig = d.tls.Clone()
		if tlsConfig.ServerName == "" {
			tlsConfig.ServerName = d.server.Host
		}
	}
	opts := &imapclient.Options{
		TLSConfig:             tlsConfig,
		UnilateralDataHandler: handler,
		Dialer:                &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second},
	}
	var (
		c   *imapclient.Client
		err error
	)
	switch d.server.TLS {
	case config.TLSImplicit:
		c, err = imapclient.DialTLS(addr, opts)
	case config.TLSStartTLS:
		c, err = imapclient.DialStartTLS(addr, opts)
	case config.TLSNone:
		c, err = imapclient.DialInsecure(addr, opts)
	default:
		return nil, fmt.Errorf("imap: unknown TLS mode %q", d.server.TLS)
	}
	if err != nil {
		return nil, fmt.Errorf("imap: connect to %s: %w", addr, err)
	}
	// Commands below block without a context: closing the client when ctx
	// ends unblocks them.
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := d.login(ctx, c, addr); err != nil {
		c.Close()
		return nil, err
	}
	if ctx.Err() != nil {
		c.Close()
		return nil, ctx.Err()
	}
	return c, nil
}

// login logs c in to the server at addr as the configuration says.
func (d *dialer) login(ctx context.Context, c *imapclient.Client, addr string) error {
	user := d.server.Username
	mech := d.server.SASLMechanism()
	if mech == "" {
		password, err := d.secret(ctx)
		if err != nil {
			return fmt.Errorf("imap: password for %s: %w", user, err)
		}
		if err := c.Login(user, password).Wait(); err != nil {
			return fmt.Errorf("imap: log in to %s as %s: %w (check imap.username and the password)", addr, user, withoutSecrets(err, password))
		}
		return nil
	}
	// Ask before running token_command: a server without the mechanism
	// needs another imap.auth, not a token.
	if caps := c.Caps(); caps != nil && !caps.Has(imap.Cap("AUTH="+mech)) {
		return fmt.Errorf("imap: %s does not offer AUTHENTICATE %s (it offers %s; check imap.auth)", addr, mech, authCaps(caps))
	}
	token, err := d.secret(ctx)
	if err != nil {
		return fmt.Errorf("imap: access token for %s: %w", user, err)
	}
	sc := newOAuthClient(mech, user, token)
	if err := c.Authenticate(sc); err != nil {
		detail := ""
		if sc.failure != nil {
			detail = "; OAuth error " + redactSecrets(string(sc.failure), token)
		}
		return fmt.Errorf("imap: log in to %s as %s with %s: %w%s (check imap.username, and that imap.token_command prints a valid access token for mail)",
			addr, user, mech, withoutSecrets(err, token, base64.StdEncoding.EncodeToString(sc.ir)), detail)
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

// oauthClient is the client side of SASL XOAUTH2 or OAUTHBEARER with one
// access token. go-sasl has no XOAUTH2, and its OAUTHBEARER client ends
// the exchange on the server's error without the response the mechanism
// requires, which leaves the command hanging; this one answers the error
// challenge (XOAUTH2: an empty response; OAUTHBEARER: 0x01, RFC 7628
// section 3.2.3), so that the server refuses with its own words, and keeps
// the error for the message.
type oauthClient struct {
	mech    string // "XOAUTH2" or "OAUTHBEARER"
	ir      []byte // initial response; it holds the token
	failure []byte // the server's error challenge (JSON), once received
}

var _ sasl.Client = (*oauthClient)(nil)

// newOAuthClient returns the client logging in as user with token by mech,
// "XOAUTH2" or "OAUTHBEARER". The initial responses are those of Google's
// and Microsoft's XOAUTH2 documents and of RFC 7628 section 3.1 (the user
// as authorization identity, as aerc sends it; no host or port).
func newOAuthClient(mech, user, token string) *oauthClient {
	ir := "user=" + user + "\x01auth=Bearer " + token + "\x01\x01"
	if mech == "OAUTHBEARER" {
		// RFC 5801 section 4: "," and "=" in the authzid are escaped.
		authzid := strings.NewReplacer("=", "=3D", ",", "=2C").Replace(user)
		ir = "n,a=" + authzid + ",\x01auth=Bearer " + token + "\x01\x01"
	}
	return &oauthClient{mech: mech, ir: []byte(ir)}
}

// Start implements sasl.Client.
func (o *oauthClient) Start() (string, []byte, error) { return o.mech, o.ir, nil }

// Next implements sasl.Client: the only challenge is the server's error.
func (o *oauthClient) Next(challenge []byte) ([]byte, error) {
	if o.failure != nil {
		return nil, fmt.Errorf("%s: unexpected second challenge from the server", o.mech)
	}
	o.failure = append([]byte{}, challenge...)
	if o.mech == "OAUTHBEARER" {
		return []byte{0x01}, nil
	}
	return []byte{}, nil
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
