//go:build !crashtest

package main

import (
	"context"
	"time"
)

// clockNow is the clock every command reads: the wall clock. Builds with
// the crashtest tag, for the daemon package's crash-anywhere test only,
// replace it with a fast clock (clock_crashtest.go); rapport as built and
// shipped has no way to run on another clock.
var clockNow = time.Now

// kickOften wakes the daemon's sleepers often while a fast clock runs; on
// the wall clock it does nothing.
func kickOften(context.Context, func()) {}
