package imapwatch

import (
	"math/rand/v2"
	"time"
)

// backoff is a jittered exponential delay between reconnection attempts.
// It is not safe for concurrent use.
type backoff struct {
	min, max time.Duration
	next     time.Duration
}

func newBackoff(min, max time.Duration) *backoff {
	return &backoff{min: min, max: max, next: min}
}

// delay returns how long to wait before the next attempt, between half
// and all of the current step, and doubles the step up to max.
func (b *backoff) delay() time.Duration {
	d := b.next
	b.next = min(2*b.next, b.max)
	return d/2 + rand.N(d/2+1)
}

// reset starts again from the shortest delay, after a healthy session.
func (b *backoff) reset() { b.next = b.min }
