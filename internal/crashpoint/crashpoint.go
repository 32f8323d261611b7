//go:build crashtest

// Package crashpoint lets tests kill the process at a named point of a
// write, to prove that a crash there loses nothing and half-applies
// nothing.
//
// It works only in a binary built with -tags crashtest, as the crash
// tests build rapport; in a release build Hit does nothing (off.go), so
// no environment variable can make rapport kill itself. In a crashtest
// build it is driven by the RAPPORT_CRASHPOINT environment variable,
// "NAME" or "NAME:N" (the N-th time the point is reached), and does
// nothing when the variable is unset.
package crashpoint

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
)

var (
	name  string
	after int64
	hits  atomic.Int64
)

func init() {
	spec := os.Getenv("RAPPORT_CRASHPOINT")
	if spec == "" {
		return
	}
	n, count, ok := strings.Cut(spec, ":")
	name, after = n, 1
	if ok {
		if v, err := strconv.ParseInt(count, 10, 64); err == nil && v > 0 {
			after = v
		}
	}
}

// Hit marks that the process reached point. When RAPPORT_CRASHPOINT names
// it and this is the chosen hit, Hit says so on stderr and kills the
// process with SIGKILL: no deferred function, no rollback, no flush runs.
func Hit(point string) {
	if name == "" || point != name || hits.Add(1) != after {
		return
	}
	fmt.Fprintf(os.Stderr, "crashpoint %s reached (hit %d): killing the process\n", point, after)
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {} // SIGKILL is delivered asynchronously; never go on
}
