//go:build !linux

package sdnotify

import "errors"

// monotonicUsec is for Linux only, where systemd runs.
func monotonicUsec() (int64, error) {
	return 0, errors.New("sdnotify: CLOCK_MONOTONIC is read on Linux only")
}
