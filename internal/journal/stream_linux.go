package journal

import (
	"os"

	"golang.org/x/sys/unix"
)

// devIno returns the device and inode numbers of f, as fstat(2) says
// them and systemd writes them in JOURNAL_STREAM. It goes through
// SyscallConn rather than Fd, which would put f in blocking mode.
func devIno(f *os.File) (dev, ino uint64, err error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, 0, err
	}
	var st unix.Stat_t
	var statErr error
	if err := rc.Control(func(fd uintptr) { statErr = unix.Fstat(int(fd), &st) }); err != nil {
		return 0, 0, err
	}
	if statErr != nil {
		return 0, 0, statErr
	}
	return uint64(st.Dev), uint64(st.Ino), nil
}
