//go:build !linux

package journal

import (
	"errors"
	"os"
)

// devIno is for Linux only, where the journal runs: elsewhere no file is
// the journal's stream.
func devIno(*os.File) (dev, ino uint64, err error) {
	return 0, 0, errors.New("journal: the journal's stream exists on Linux only")
}
