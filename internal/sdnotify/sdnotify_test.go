package sdnotify

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// listen opens a unixgram socket as systemd would and points
// $NOTIFY_SOCKET at it. The directory is short: socket paths are limited
// to about 100 bytes, and t.TempDir's can be longer.
func listen(t *testing.T) *net.UnixConn {
	t.Helper()
	dir, err := os.MkdirTemp("", "sdnotify")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "notify")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	t.Setenv("NOTIFY_SOCKET", path)
	return conn
}

// receive returns the next datagram, whole.
func receive(t *testing.T, conn *net.UnixConn) string {
	t.Helper()
	buf := make([]byte, 4096)
	if err := conn.SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	n, err := conn.Read(buf)
	if err != nil {
		t.Fatalf("no notification arrived: %v", err)
	}
	return string(buf[:n])
}

func TestMessagesArriveAsSent(t *testing.T) {
	conn := listen(t)
	tests := []struct {
		name string
		send func() error
		want string
	}{
		{"Notify", func() error { return Notify("FDSTORE=1\nFDNAME=x") }, "FDSTORE=1\nFDNAME=x"},
		{"Ready", func() error { return Ready("") }, "READY=1"},
		{"Ready with status", func() error { return Ready("watching INBOX") }, "READY=1\nSTATUS=watching INBOX"},
		{"Status", func() error { return Status("watching INBOX; 14 active contacts") }, "STATUS=watching INBOX; 14 active contacts"},
		{"Status on two lines", func() error { return Status("one\ntwo") }, "STATUS=one two"},
		{"Watchdog", Watchdog, "WATCHDOG=1"},
		{"Stopping", Stopping, "STOPPING=1"},
		{"ExtendTimeout", func() error { return ExtendTimeout(90 * time.Second) }, "EXTEND_TIMEOUT_USEC=90000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.send(); err != nil {
				t.Fatalf("%s() error = %v", tt.name, err)
			}
			if got := receive(t, conn); got != tt.want {
				t.Fatalf("%s() sent %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestReloadingCarriesTheMonotonicClock(t *testing.T) {
	conn := listen(t)
	before, err := monotonicUsec()
	if err != nil {
		t.Skipf("no monotonic clock here: %v", err)
	}
	if err := Reloading(); err != nil {
		t.Fatalf("Reloading() error = %v", err)
	}
	after, _ := monotonicUsec()
	got := receive(t, conn)
	first, second, ok := strings.Cut(got, "\n")
	if !ok || first != "RELOADING=1" || !strings.HasPrefix(second, "MONOTONIC_USEC=") {
		t.Fatalf("Reloading() sent %q, want RELOADING=1 and MONOTONIC_USEC=…", got)
	}
	usec, err := strconv.ParseInt(strings.TrimPrefix(second, "MONOTONIC_USEC="), 10, 64)
	if err != nil || usec < before || usec > after {
		t.Fatalf("Reloading() sent MONOTONIC_USEC=%d (%v), want between %d and %d", usec, err, before, after)
	}
}

func TestAbstractSocket(t *testing.T) {
	name := "@rapport-sdnotify-test-" + strconv.Itoa(os.Getpid())
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: name, Net: "unixgram"})
	if err != nil {
		t.Skipf("no abstract sockets here: %v", err)
	}
	defer conn.Close()
	t.Setenv("NOTIFY_SOCKET", name)
	if err := Ready("up"); err != nil {
		t.Fatalf("Ready() error = %v", err)
	}
	if got := receive(t, conn); got != "READY=1\nSTATUS=up" {
		t.Fatalf("Ready() sent %q to %s, want %q", got, name, "READY=1\nSTATUS=up")
	}
}

func TestWithoutNotifySocketNothingHappens(t *testing.T) {
	t.Setenv("NOTIFY_SOCKET", "")
	for name, f := range map[string]func() error{"Ready": func() error { return Ready("x") }, "Watchdog": Watchdog,
		"Reloading": Reloading, "Stopping": Stopping, "Status": func() error { return Status("x") }} {
		if err := f(); err != nil {
			t.Errorf("%s() without NOTIFY_SOCKET = %v, want nil", name, err)
		}
	}
}

func TestNotifyErrors(t *testing.T) {
	tests := []struct{ name, socket string }{
		{"missing socket", filepath.Join(t.TempDir(), "gone")},
		{"relative path", "notify.sock"},
		{"vsock", "vsock:2:1234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NOTIFY_SOCKET", tt.socket)
			if err := Ready(""); err == nil {
				t.Fatalf("Ready() with NOTIFY_SOCKET=%q = nil, want an error", tt.socket)
			}
		})
	}
}

func TestWatchdogInterval(t *testing.T) {
	me := strconv.Itoa(os.Getpid())
	tests := []struct {
		name, usec, pid string
		want            time.Duration
		wantErr         bool
	}{
		{name: "unset"},
		{name: "set", usec: "30000000", want: 30 * time.Second},
		{name: "for this process", usec: "1000000", pid: me, want: time.Second},
		{name: "for another process", usec: "1000000", pid: "1"},
		{name: "not a number", usec: "30s", wantErr: true},
		{name: "zero", usec: "0", wantErr: true},
		{name: "bad pid", usec: "1000000", pid: "me", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("WATCHDOG_USEC", tt.usec)
			t.Setenv("WATCHDOG_PID", tt.pid)
			got, err := WatchdogInterval()
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("WatchdogInterval() = %v, %v; want %v, error %t", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// A datagram is never split nor merged: a burst arrives one message at a
// time, in order, and a reader that keeps up loses none.
func TestBurstArrivesMessageByMessage(t *testing.T) {
	conn := listen(t)
	const n = 200 // far more than the kernel queues (net.unix.max_dgram_qlen, 10 by default)
	got := make(chan string, n)
	go func() {
		buf := make([]byte, 4096)
		for range n {
			k, err := conn.Read(buf)
			if err != nil {
				close(got)
				return
			}
			got <- string(buf[:k])
		}
	}()
	for i := range n {
		if err := Status("step " + strconv.Itoa(i)); err != nil {
			t.Fatalf("Status() error = %v", err)
		}
	}
	for i := range n {
		if m, want := <-got, "STATUS=step "+strconv.Itoa(i); m != want {
			t.Fatalf("message %d = %q, want %q", i, m, want)
		}
	}
}

// A service manager that stops reading costs a caller SendTimeout, not a
// hang.
func TestFullQueueTimesOut(t *testing.T) {
	listen(t) // never read
	start := time.Now()
	var err error
	for range 100 {
		if err = Watchdog(); err != nil {
			break
		}
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("Watchdog() on a full queue = %v, want a timeout", err)
	}
	if took := time.Since(start); took > SendTimeout+2*time.Second {
		t.Fatalf("Watchdog() on a full queue took %v, want about %v", took, SendTimeout)
	}
}
