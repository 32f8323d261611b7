//go:build crashtest

package main

import "github.com/rapport-mail/rapport/internal/offsetclock"

// The crash-anywhere test (daemon/crash_test.go) builds rapport with
// -tags crashtest and kills it a hundred times while weeks go by: every
// process reads one fast clock from RAPPORT_TEST_CLOCK, and its sleepers
// are woken often (offsetclock.FromEnv).
var clockNow, kickOften = offsetclock.FromEnv()
