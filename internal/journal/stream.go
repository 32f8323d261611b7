package journal

import (
	"strconv"
	"strings"
)

// parseStream reads JOURNAL_STREAM's "DEVICE:INODE", two decimal numbers
// (systemd.exec(5)).
func parseStream(env string) (dev, ino uint64, ok bool) {
	d, i, found := strings.Cut(env, ":")
	if !found {
		return 0, 0, false
	}
	dev, err := strconv.ParseUint(d, 10, 64)
	if err != nil {
		return 0, 0, false
	}
	ino, err = strconv.ParseUint(i, 10, 64)
	if err != nil {
		return 0, 0, false
	}
	return dev, ino, true
}
