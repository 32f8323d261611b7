package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// stopLimit is what "rapport run" promises: gone within 10 s of SIGTERM.
const stopLimit = 10 * time.Second

// TestRunSpeaksSdNotify runs the daemon binary as systemd would, with
// NOTIFY_SOCKET and a one-second watchdog, against an in-process IMAP
// server: READY with a status once INBOX is caught up, watchdog pings,
// SIGHUP with a broken template and then a broken configuration (each
// kept back, said precisely in the log, READY again), SIGHUP with a good
// change (applied) and with one that cannot run (undone), and SIGTERM
// (STOPPING, exit 0 in time).
func TestRunSpeaksSdNotify(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	srv := startMemIMAP(t)
	srv.deliver(1, 3)
	dir := t.TempDir()
	cfgPath := writeRunConfig(t, dir, srv.port, "")
	sock := listenNotify(t)
	p := startDaemon(t, buildRapport(t), dir,
		[]string{"NOTIFY_SOCKET=" + sock.path, "WATCHDOG_USEC=1000000"}, "run", "--config", cfgPath)

	if m := sock.next("STATUS="); !strings.HasPrefix(m, "STATUS=starting") {
		t.Fatalf("first status = %q, want it to say rapport is starting", m)
	}
	ready := sock.next("READY=1")
	if !regexp.MustCompile(`^READY=1\nSTATUS=watching INBOX; 0 active contacts; (next digest|digest due)`).MatchString(ready) {
		t.Fatalf("READY message = %q, want READY=1 with what rapport is doing", ready)
	}
	p.waitLog(0, "ready: INBOX is caught up")
	sock.next("WATCHDOG=1")
	sock.next("WATCHDOG=1")

	// A broken template: the file watcher may notice it first, but SIGHUP
	// reports on it too, keeps the last good set and is ready again.
	if err := os.WriteFile(filepath.Join(dir, "templates", "request.txt"), []byte("Subject: {{.Contact.Name\n\nHi\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	from := p.logged()
	p.signal(syscall.SIGHUP)
	reloading := sock.next("RELOADING=1")
	if !regexp.MustCompile(`^RELOADING=1\nMONOTONIC_USEC=[1-9][0-9]*$`).MatchString(reloading) {
		t.Fatalf("reload message = %q, want RELOADING=1 and MONOTONIC_USEC", reloading)
	}
	sock.next("READY=1")
	p.waitLog(from, "template problem", "request.txt")
	p.waitLog(from, `msg="reload done"`, `config=unchanged`, `templates="broken; kept the previous ones"`)
	sock.next("WATCHDOG=1")

	// A broken configuration: each problem with its file and line.
	doc, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	broken := string(doc) + "colour = \"blue\"\n"
	line := strings.Count(broken, "\n")
	if err := os.WriteFile(cfgPath, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	from = p.logged()
	p.signal(syscall.SIGHUP)
	sock.next("RELOADING=1")
	sock.next("READY=1")
	p.waitLog(from, "config problem", fmt.Sprintf("%s:%d:", cfgPath, line), "paths.colour")
	p.waitLog(from, "the new configuration is broken; keeping the previous one", "problems=1")
	p.waitLog(from, `msg="reload done"`, `config="broken; kept the previous one"`)

	// A good change is applied: the daemon starts again with it, and the
	// watchdog keeps being fed.
	cfgPath = writeRunConfig(t, dir, srv.port, "lookback = \"7d\"\n")
	from = p.logged()
	p.signal(syscall.SIGHUP)
	sock.next("RELOADING=1")
	sock.next("READY=1")
	p.waitLog(from, `msg="reload done"`, "config=applied")
	p.waitLog(from, "folder selected", "folder=INBOX")
	sock.next("WATCHDOG=1")

	// A configuration that validates but cannot run (the SMTP password
	// command fails when the daemon starts): back to the previous one.
	writeRunConfig(t, dir, srv.port, "lookback = \"7d\"\n\n[smtp]\nhost = \"127.0.0.1\"\nport = 2525\ntls = \"none\"\n"+
		"username = \"alex\"\npassword_command = \"exit 3\"\n")
	from = p.logged()
	p.signal(syscall.SIGHUP)
	sock.next("RELOADING=1")
	sock.next("READY=1")
	p.waitLog(from, "the reloaded configuration cannot run; going back to the previous one", "smtp")
	p.waitLog(from, "folder selected", "folder=INBOX")
	sock.next("WATCHDOG=1")

	from = p.logged()
	p.signal(syscall.SIGTERM)
	start := time.Now()
	sock.next("STOPPING=1")
	if code := p.exit(stopLimit); code != 0 {
		t.Fatalf("rapport run exited with status %d after SIGTERM, want 0", code)
	}
	p.waitLog(from, "rapport stopped")
	t.Logf("stopped %v after SIGTERM", time.Since(start).Round(time.Millisecond))
}

// TestRunStopsMidBacklogAndLosesNothing stops the daemon in the middle of
// 2,000 messages that arrived while it was down: it exits in time, and
// the next start handles the rest, each message recorded exactly once.
func TestRunStopsMidBacklogAndLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	const backlog = 2000
	srv := startMemIMAP(t)
	dir := t.TempDir()
	cfgPath := writeRunConfig(t, dir, srv.port, "")
	bin := buildRapport(t)
	run := func(sock *notifySocket) *daemonProc {
		return startDaemon(t, bin, dir, []string{"NOTIFY_SOCKET=" + sock.path}, "run", "--debug", "--config", cfgPath)
	}
	stop := func(p *daemonProc, sock *notifySocket) {
		t.Helper()
		p.signal(syscall.SIGTERM)
		sock.next("STOPPING=1")
		if code := p.exit(stopLimit); code != 0 {
			t.Fatalf("rapport run exited with status %d after SIGTERM, want 0", code)
		}
	}

	// A first run sees the empty INBOX: what comes later is new mail.
	sock := listenNotify(t)
	p := run(sock)
	sock.next("READY=1")
	stop(p, sock)

	srv.deliver(1, backlog)
	sock = listenNotify(t)
	p = run(sock)
	p.waitLog(0, `msg="message handled"`)
	stop(p, sock)
	first := countMessages(t, dir)
	t.Logf("handled %d of %d messages before SIGTERM", first.rows, backlog)

	sock = listenNotify(t)
	p = run(sock)
	sock.next("READY=1") // INBOX caught up
	stop(p, sock)

	got := countMessages(t, dir)
	want := messageCount{rows: backlog, keys: backlog, uids: backlog, minUID: 1, maxUID: backlog, checkpoint: backlog}
	if got != want {
		t.Fatalf("after the restart: %+v, want %+v", got, want)
	}
}

// messageCount is what the database holds of INBOX.
type messageCount struct {
	rows, keys, uids, minUID, maxUID, checkpoint int
}

func countMessages(t *testing.T, dir string) messageCount {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "rapport.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var c messageCount
	err = db.QueryRow(`SELECT count(*), count(DISTINCT key), count(DISTINCT uid), coalesce(min(uid), 0), coalesce(max(uid), 0)
		FROM messages WHERE folder = 'INBOX' AND direction = 'in'`).Scan(&c.rows, &c.keys, &c.uids, &c.minUID, &c.maxUID)
	if err != nil {
		t.Fatal(err)
	}
	var last sql.NullInt64
	if err := db.QueryRow(`SELECT max(last_uid) FROM mailboxes WHERE folder = 'INBOX'`).Scan(&last); err != nil {
		t.Fatal(err)
	}
	c.checkpoint = int(last.Int64)
	return c
}
