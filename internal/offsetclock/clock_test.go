package offsetclock

import (
	"testing"
	"time"
)

// The clock reads what it was set to, runs on with real time, and moves
// when told.
func TestClock(t *testing.T) {
	var c Clock
	if d := time.Since(c.Now()); d < -time.Second || d > time.Second {
		t.Fatalf("a zero Clock is %s off the real time", d)
	}
	monday := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	c.Set(monday)
	if got := c.Now(); got.Before(monday) || got.After(monday.Add(time.Second)) {
		t.Fatalf("Now() after Set(%s) = %s", monday, got)
	}
	c.Add(36 * time.Hour)
	if got := c.Now(); got.Before(monday.Add(36*time.Hour)) || got.After(monday.Add(36*time.Hour+time.Second)) {
		t.Fatalf("Now() after Add(36h) = %s, want a day and a half later", got)
	}
}
