// Package layers holds the test that keeps ARCHITECTURE.md's table of
// layers true: every package of rapport imports only packages of its own
// layer or of a layer below it, and the transport knows nothing of
// contacts. It has no code; its test reads the import graph with go list.
package layers
