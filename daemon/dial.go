package daemon

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"

	"rapport/config"
)

// dialer opens authenticated IMAP connections.
type dialer struct {
	server config.Server
	tls    *tls.Config // nil for the system's roots
	secret func(ctx context.Context) (string, error)
}

// dial connects with the configured TLS mode and logs in. The returned
// client delivers unilateral data to handler; the caller closes it.
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
	password, err := d.secret(ctx)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("imap: password for %s: %w", d.server.Username, err)
	}
	if err := c.Login(d.server.Username, password).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("imap: log in to %s as %s: %w (check imap.username and the password)", addr, d.server.Username, err)
	}
	if ctx.Err() != nil {
		c.Close()
		return nil, ctx.Err()
	}
	return c, nil
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
