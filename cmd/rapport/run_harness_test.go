package main

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/internal/rig/memimap"

	"github.com/emersion/go-imap/v2"
)

// waitLimit bounds every wait of these tests: a failure, not a pace.
const waitLimit = 60 * time.Second

// memIMAP is go-imap's in-process server on loopback (see
// internal/rig/memimap), which the daemon binary logs in to as
// alex/secret.
type memIMAP struct {
	*memimap.Server
	port int
}

func startMemIMAP(t *testing.T) *memIMAP {
	t.Helper()
	s := memimap.Start(t, imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIdle: {}})
	return &memIMAP{Server: s, port: s.Port}
}

// deliver appends n messages from strangers to INBOX, numbered from first.
func (m *memIMAP) deliver(first, n int) {
	for i := first; i < first+n; i++ {
		raw := fmt.Sprintf("From: Sender %d <sender%d@example.net>\r\nTo: alex@owner.example\r\nSubject: backlog %d\r\n"+
			"Date: %s\r\nMessage-ID: <backlog-%d@example.net>\r\n\r\nMessage %d.\r\n",
			i, i, i, time.Now().Format(time.RFC1123Z), i, i)
		m.Deliver("INBOX", []byte(raw), time.Time{})
	}
}

// notifySocket is systemd's side of sd_notify: a unixgram socket whose
// datagrams arrive on msgs, one each, as sent.
type notifySocket struct {
	t    *testing.T
	path string
	msgs chan string
}

func listenNotify(t *testing.T) *notifySocket {
	t.Helper()
	// Socket paths are limited to about 100 bytes; t.TempDir's can be longer.
	dir, err := os.MkdirTemp("", "rapport-notify")
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
	s := &notifySocket{t: t, path: path, msgs: make(chan string, 4096)}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				close(s.msgs)
				return
			}
			s.msgs <- string(buf[:n])
		}
	}()
	return s
}

// next returns the next message that starts with prefix, skipping others
// (logged), and fails the test if none comes in time.
func (s *notifySocket) next(prefix string) string {
	s.t.Helper()
	timeout := time.NewTimer(waitLimit)
	defer timeout.Stop()
	for {
		select {
		case m, ok := <-s.msgs:
			if !ok {
				s.t.Fatalf("the notify socket closed while waiting for %q", prefix)
			}
			if strings.HasPrefix(m, prefix) {
				return m
			}
			s.t.Logf("sd_notify (skipped): %q", m)
		case <-timeout.C:
			s.t.Fatalf("no %q on the notify socket within %s", prefix, waitLimit)
		}
	}
}

// daemonProc is "rapport run" as a child process, its standard error
// collected line by line.
type daemonProc struct {
	t    *testing.T
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited; err set
	err  error

	mu      sync.Mutex
	lines   []string
	changed chan struct{} // capacity 1: a line arrived, or the output ended
	eof     bool
}

// startDaemon starts bin with args in an isolated environment plus env.
func startDaemon(t *testing.T, bin, home string, env []string, args ...string) *daemonProc {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"), "CONFIGURATION_DIRECTORY=", "STATE_DIRECTORY=",
		"NOTIFY_SOCKET=", "WATCHDOG_USEC=", "WATCHDOG_PID=", "JOURNAL_STREAM=")
	cmd.Env = append(cmd.Env, env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &daemonProc{t: t, cmd: cmd, done: make(chan struct{}), changed: make(chan struct{}, 1)}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			p.mu.Lock()
			p.lines = append(p.lines, sc.Text())
			p.mu.Unlock()
			p.poke()
		}
		p.mu.Lock()
		p.eof = true
		p.mu.Unlock()
		p.poke()
		p.err = cmd.Wait() // after the pipe is drained, as exec requires
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			p.mu.Lock()
			t.Logf("rapport run's log:\n%s", strings.Join(p.lines, "\n"))
			p.mu.Unlock()
		}
	})
	return p
}

func (p *daemonProc) poke() {
	select {
	case p.changed <- struct{}{}:
	default:
	}
}

// waitLog waits for a log line holding every one of parts, from line
// from on, and returns its index.
func (p *daemonProc) waitLog(from int, parts ...string) int {
	p.t.Helper()
	timeout := time.NewTimer(waitLimit)
	defer timeout.Stop()
	for {
		p.mu.Lock()
		for i := from; i < len(p.lines); i++ {
			if containsAll(p.lines[i], parts) {
				p.mu.Unlock()
				return i
			}
		}
		from = len(p.lines)
		eof := p.eof
		p.mu.Unlock()
		if eof {
			p.t.Fatalf("rapport run ended without logging %q", parts)
		}
		select {
		case <-p.changed:
		case <-timeout.C:
			p.t.Fatalf("rapport run did not log %q within %s", parts, waitLimit)
		}
	}
}

// logged returns the number of lines logged so far.
func (p *daemonProc) logged() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.lines)
}

func containsAll(s string, parts []string) bool {
	for _, part := range parts {
		if !strings.Contains(s, part) {
			return false
		}
	}
	return true
}

// signal sends sig to the process.
func (p *daemonProc) signal(sig os.Signal) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatalf("signal %v: %v", sig, err)
	}
}

// exit waits at most limit for the process to end and returns its exit
// status.
func (p *daemonProc) exit(limit time.Duration) int {
	p.t.Helper()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-p.done:
	case <-t.C:
		p.t.Fatalf("rapport run still running %s after being told to stop", limit)
	}
	var exit *exec.ExitError
	switch {
	case p.err == nil:
		return 0
	case errors.As(p.err, &exit) && exit.Exited():
		return exit.ExitCode()
	default:
		p.t.Fatalf("rapport run ended with %v", p.err)
		return -1
	}
}

// writeRunConfig writes a configuration for the daemon against the
// server on port, with the database and the templates under dir, and
// returns its path.
func writeRunConfig(t *testing.T, dir string, port int, extra string) string {
	t.Helper()
	path := filepath.Join(dir, "config.toml")
	doc := fmt.Sprintf(`[owner]
name = "Alex Example"
addresses = ["alex@owner.example"]
time_zone = "UTC"

[imap]
host = "127.0.0.1"
port = %d
tls = "none"
username = "alex"
password = "secret"
poll_interval = "10s"
%s
[paths]
database = %q
templates = %q
`, port, extra, filepath.Join(dir, "rapport.db"), filepath.Join(dir, "templates"))
	if err := os.MkdirAll(filepath.Join(dir, "templates"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
