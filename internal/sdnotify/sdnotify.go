// Package sdnotify speaks systemd's notification protocol (sd_notify(3)):
// it tells the service manager that the service is ready, reloading or
// stopping, what it is doing, and that it is still alive.
//
// Each function sends one datagram to the socket named by $NOTIFY_SOCKET
// and does nothing when that variable is unset, so a program can call them
// unconditionally: outside systemd (a terminal, a test) they are no-ops.
// The protocol is a few newline-separated VARIABLE=value lines in a single
// unixgram datagram; see
// https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html.
package sdnotify

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// SendTimeout bounds each send: how long Notify waits while the service
// manager's queue is full.
const SendTimeout = time.Second

// Notify sends state, one or more newline-separated VARIABLE=value
// assignments, to the socket named by $NOTIFY_SOCKET: a file system path,
// or an abstract socket written "@name". It returns nil without doing
// anything when $NOTIFY_SOCKET is unset or empty. It does I/O, and waits
// at most [SendTimeout] for room in the socket's queue.
func Notify(state string) error {
	addr := os.Getenv("NOTIFY_SOCKET")
	if addr == "" {
		return nil
	}
	if !strings.HasPrefix(addr, "/") && !strings.HasPrefix(addr, "@") {
		// systemd also knows "vsock:CID:PORT", for virtual machines: not
		// something rapport runs under.
		return fmt.Errorf("sdnotify: NOTIFY_SOCKET=%q: want an absolute path or an @abstract name", addr)
	}
	// Go maps a leading "@" to the NUL byte of Linux's abstract namespace.
	conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: addr, Net: "unixgram"})
	if err != nil {
		return fmt.Errorf("sdnotify: %w", err)
	}
	defer conn.Close()
	// A service manager that stops reading (hung, or a test that went
	// away) must not hang the caller: a full queue blocks the write.
	if err := conn.SetWriteDeadline(time.Now().Add(SendTimeout)); err != nil {
		return fmt.Errorf("sdnotify: %w", err)
	}
	if _, err := conn.Write([]byte(state)); err != nil {
		return fmt.Errorf("sdnotify: send to %s: %w", addr, err)
	}
	return nil
}

// Ready says that start-up (or a reload) is complete: READY=1, with
// STATUS=status when status is not empty.
func Ready(status string) error {
	if status == "" {
		return Notify("READY=1")
	}
	return Notify("READY=1\nSTATUS=" + oneLine(status))
}

// Status sets the one-line text "systemctl status" shows for the service.
func Status(s string) error { return Notify("STATUS=" + oneLine(s)) }

// Watchdog tells the service manager that the service is alive. Send it
// more often than [WatchdogInterval]; only when the service really works.
func Watchdog() error { return Notify("WATCHDOG=1") }

// Stopping says that the service is shutting down.
func Stopping() error { return Notify("STOPPING=1") }

// Reloading says that the service is reloading its configuration; send
// [Ready] when done. It carries MONOTONIC_USEC, the CLOCK_MONOTONIC time in
// microseconds, which Type=notify-reload services must send (systemd 253
// and later use it to tell this reload from an earlier one).
func Reloading() error {
	usec, err := monotonicUsec()
	if err != nil {
		// Without the clock the service manager still learns of the reload.
		return Notify("RELOADING=1")
	}
	return Notify("RELOADING=1\nMONOTONIC_USEC=" + strconv.FormatInt(usec, 10))
}

// ExtendTimeout asks for d more before the current start-up, runtime or
// stop timeout fires: a long start that is making progress sends it again
// and again. It never shortens the configured timeout.
func ExtendTimeout(d time.Duration) error {
	return Notify("EXTEND_TIMEOUT_USEC=" + strconv.FormatInt(d.Microseconds(), 10))
}

// oneLine keeps a value on its line: a newline would start another
// assignment.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}
