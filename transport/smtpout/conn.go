package smtpout

import (
	"context"
	"net"
	"sync"
	"time"
)

// past is a deadline that has passed: setting it makes every pending and
// later read or write on a connection fail at once.
var past = time.Unix(1, 0)

// ctxConn is a net.Conn that stops working when ctx is done, whatever
// deadline go-mail sets on it afterwards, so that cancelling Send's context
// interrupts a command waiting for its reply.
type ctxConn struct {
	net.Conn
	stop func() bool // unregisters the context watch

	mu   sync.Mutex
	done bool // ctx is done: every deadline is past
}

// watch wraps c so that it fails once ctx is done. The caller must Close it.
func watch(ctx context.Context, c net.Conn) *ctxConn {
	cc := &ctxConn{Conn: c}
	cc.stop = context.AfterFunc(ctx, func() {
		cc.mu.Lock()
		defer cc.mu.Unlock()
		cc.done = true
		_ = cc.Conn.SetDeadline(past)
	})
	return cc
}

func (c *ctxConn) deadline(t time.Time) time.Time {
	if c.done {
		return past
	}
	return t
}

// SetDeadline implements net.Conn, keeping a past deadline once ctx is done.
func (c *ctxConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Conn.SetDeadline(c.deadline(t))
}

// SetReadDeadline implements net.Conn, keeping a past deadline once ctx is
// done.
func (c *ctxConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Conn.SetReadDeadline(c.deadline(t))
}

// SetWriteDeadline implements net.Conn, keeping a past deadline once ctx is
// done.
func (c *ctxConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Conn.SetWriteDeadline(c.deadline(t))
}

// Close stops watching the context and closes the connection. It may be
// called more than once.
func (c *ctxConn) Close() error {
	c.stop()
	return c.Conn.Close()
}
