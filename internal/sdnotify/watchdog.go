package sdnotify

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// WatchdogInterval returns the watchdog timeout systemd set for this
// process (WatchdogSec=, as $WATCHDOG_USEC): send [Watchdog] at least
// that often, systemd's advice being every half of it. It returns 0 when
// there is no watchdog: $WATCHDOG_USEC unset, or $WATCHDOG_PID set to
// another process's id (the variables were inherited from a parent). An
// unreadable value is an error. It reads the environment only.
func WatchdogInterval() (time.Duration, error) {
	s := os.Getenv("WATCHDOG_USEC")
	if s == "" {
		return 0, nil
	}
	usec, err := strconv.ParseInt(s, 10, 64)
	if err != nil || usec <= 0 {
		return 0, fmt.Errorf("sdnotify: WATCHDOG_USEC=%q is not a positive number of microseconds", s)
	}
	if p := os.Getenv("WATCHDOG_PID"); p != "" {
		pid, err := strconv.Atoi(p)
		if err != nil {
			return 0, fmt.Errorf("sdnotify: WATCHDOG_PID=%q is not a process id", p)
		}
		if pid != os.Getpid() {
			return 0, nil
		}
	}
	return time.Duration(usec) * time.Microsecond, nil
}
