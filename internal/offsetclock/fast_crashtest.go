//go:build crashtest

package offsetclock

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// FromEnv returns the clock of a process that the crash-anywhere test
// (daemon/crash_test.go) starts, from RAPPORT_TEST_CLOCK: "START EPOCH
// SPEED" means the time is START (RFC 3339) plus SPEED times the wall
// time since EPOCH (Unix nanoseconds), so that every process the test
// starts and kills reads one clock, which runs on across restarts and
// downtime as a real one does. Without the variable now is time.Now.
//
// wake, while the fast clock runs, calls kick every 20 ms of wall time
// until ctx ends: the daemon's sleepers measure their naps in wall time,
// in which a timer due in a day of the fast clock is only moments away.
// Without the variable it does nothing.
//
// FromEnv panics on a malformed value: only a test sets it, and it must
// not go on with a clock it did not mean. It exists only in builds with
// -tags crashtest.
func FromEnv() (now func() time.Time, wake func(ctx context.Context, kick func())) {
	spec := os.Getenv("RAPPORT_TEST_CLOCK")
	if spec == "" {
		return time.Now, func(context.Context, func()) {}
	}
	now, err := parseFast(spec)
	if err != nil {
		panic(err)
	}
	return now, kickOften
}

// parseFast reads a RAPPORT_TEST_CLOCK value.
func parseFast(spec string) (func() time.Time, error) {
	f := strings.Fields(spec)
	bad := fmt.Errorf("RAPPORT_TEST_CLOCK=%q: want START EPOCH SPEED", spec)
	if len(f) != 3 {
		return nil, bad
	}
	start, err1 := time.Parse(time.RFC3339, f[0])
	epoch, err2 := strconv.ParseInt(f[1], 10, 64)
	speed, err3 := strconv.ParseFloat(f[2], 64)
	if err1 != nil || err2 != nil || err3 != nil || !(speed > 0) {
		return nil, bad
	}
	return func() time.Time {
		return start.Add(time.Duration(float64(time.Since(time.Unix(0, epoch))) * speed))
	}, nil
}

func kickOften(ctx context.Context, kick func()) {
	go func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				kick()
			}
		}
	}()
}
