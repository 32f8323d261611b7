// Package offsetclock is a clock that runs with the real one, from a time
// its owner sets, and moves forward when told: the demo's story plays a
// week in seconds with it, and tests reach a nudge's day without waiting.
// Since it runs on by itself, timeouts and tickers measured in wall time
// keep working beside it.
package offsetclock

import (
	"sync"
	"time"
)

// Clock is the real time plus an offset. The zero Clock reads the real
// time. It is safe for concurrent use; pass its Now method where a
// func() time.Time is wanted.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Set makes the clock read t now, and run on from there.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = time.Until(t)
}

// Add moves the clock forward by d (back, for a negative d).
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}
