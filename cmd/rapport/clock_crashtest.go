//go:build crashtest

package main

// The crash-anywhere test (daemon/crash_test.go) builds rapport with
// -tags crashtest and kills it a hundred times while weeks go by. Every
// process it starts reads one clock from RAPPORT_TEST_CLOCK, "START EPOCH
// SPEED": the time is START (RFC 3339) plus SPEED times the wall time
// since EPOCH (Unix nanoseconds), so that it runs on across restarts and
// downtime as a real one does.

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

var clockNow = testClock()

func testClock() func() time.Time {
	spec := os.Getenv("RAPPORT_TEST_CLOCK")
	if spec == "" {
		return time.Now
	}
	f := strings.Fields(spec)
	if len(f) != 3 {
		panic(fmt.Sprintf("RAPPORT_TEST_CLOCK=%q: want START EPOCH SPEED", spec))
	}
	start, err1 := time.Parse(time.RFC3339, f[0])
	epoch, err2 := strconv.ParseInt(f[1], 10, 64)
	speed, err3 := strconv.ParseFloat(f[2], 64)
	if err1 != nil || err2 != nil || err3 != nil || speed <= 0 {
		panic(fmt.Sprintf("RAPPORT_TEST_CLOCK=%q: want START EPOCH SPEED", spec))
	}
	return func() time.Time {
		return start.Add(time.Duration(float64(time.Since(time.Unix(0, epoch))) * speed))
	}
}

// kickOften wakes the daemon every 20 ms of wall time while the fast
// clock runs: its sleepers measure their naps in wall time, in which a
// timer due in a day of the fast clock is only moments away.
func kickOften(ctx context.Context, kick func()) {
	if os.Getenv("RAPPORT_TEST_CLOCK") == "" {
		return
	}
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
