//go:build !crashtest

// Package crashpoint lets tests kill the process at a named point of a
// write; see crashpoint.go, built with -tags crashtest. In a release
// build Hit does nothing.
package crashpoint

// Hit does nothing outside a crashtest build.
func Hit(point string) {}
