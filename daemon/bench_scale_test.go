package daemon

// The benchmarks of rapport at scale and at rest, on the real Dovecot and
// the real binary, like those of bench_test.go: BenchmarkScale (peak RSS
// with 100,000 contacts and 1,000,000 recorded messages, and the size of
// that database) and BenchmarkIdle (CPU time and wake-ups with nothing
// arriving). Their database is written once per test binary (about a
// minute) and copied for each run.

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/internal/rig/benchdata"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The size of the database of BenchmarkScale and BenchmarkIdle.
const (
	scaleContacts = 100_000
	scaleMessages = 1_000_000
	// scaleConversation is how many of the messages belong to a contact's
	// conversation (four per contact: request, reply, thank-you, reply),
	// each with its text kept; the others are mail from strangers and
	// lists, recorded without text.
	scaleConversation = 4 * scaleContacts
	// scaleNew is the mail that arrives while BenchmarkScale's daemon is
	// down, of which scaleReplies are replies from contacts it waits on.
	scaleNew     = 1_000
	scaleReplies = 200
)

// scaleDB is the filled database, written once per test binary and
// removed by removeScaleDB.
var scaleDB struct {
	once    sync.Once
	dir     string
	path    string
	replies []scaleContact // contacts waiting for an answer, to reply as
	err     error
}

type scaleContact struct {
	id          int64
	name, email string
}

// scaleTemplate returns the path of the filled database (closed, its WAL
// checkpointed into it) and contacts in status requested.
func scaleTemplate(tb testing.TB) (string, []scaleContact) {
	scaleDB.once.Do(func() {
		if scaleDB.dir, scaleDB.err = os.MkdirTemp("", "rapport-scale-bench-"); scaleDB.err != nil {
			return
		}
		scaleDB.path = filepath.Join(scaleDB.dir, "rapport.db")
		start := time.Now()
		scaleDB.replies, scaleDB.err = fillScale(scaleDB.path, time.Now())
		if fi, err := os.Stat(scaleDB.path); err == nil {
			tb.Logf("scale database: %d contacts, %d messages, %.0f MiB, written in %s",
				scaleContacts, scaleMessages, float64(fi.Size())/(1<<20), time.Since(start).Round(time.Second))
		}
	})
	if scaleDB.err != nil {
		tb.Fatalf("fill the scale database: %v", scaleDB.err)
	}
	return scaleDB.path, scaleDB.replies
}

// removeScaleDB removes the filled database, if one was written; TestMain
// calls it.
func removeScaleDB() {
	if scaleDB.dir != "" {
		os.RemoveAll(scaleDB.dir)
	}
}

// fillScale writes the pipeline through the store (contacts in every
// status with their history, timers, meetings and drafts, as
// digest.BenchmarkBuild does), then the recorded messages with direct
// inserts in the real schema, which the store would take ten times as
// long to write one by one. Nothing in it is due within a day of now. It
// returns up to scaleReplies contacts in status requested.
func fillScale(path string, now time.Time) ([]scaleContact, error) {
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	// Contact i (from 0) has ID i+1 and the address c{i}@firm{i%997}.example.
	err = benchdata.Contacts(ctx, st, benchdata.Options{Contacts: scaleContacts, Now: now, Lead: 24 * time.Hour,
		Role: "Product designer", Subject: "A short conversation about your work", Body: scaleText})
	if err != nil {
		st.Close()
		return nil, err
	}
	if err := st.Close(); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=cache_size(-262144)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := fillMessages(ctx, db, now); err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT id, name, email FROM contacts WHERE status = 'requested' ORDER BY id LIMIT ?`, scaleReplies)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []scaleContact
	for rows.Next() {
		var c scaleContact
		if err := rows.Scan(&c.id, &c.name, &c.email); err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(list) < scaleReplies {
		return nil, fmt.Errorf("only %d contacts in status requested, want %d", len(list), scaleReplies)
	}
	_, err = db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return list, err
}

// scaleText is the kept text of a message of a conversation, a little
// over 400 bytes: a short personal mail.
const scaleText = "Hello, thank you for getting back to me. I am moving from civil engineering into product " +
	"design and would value twenty minutes of your time to hear how you found your way into the field, " +
	"what a week of your work looks like, and what you wish you had known when you started. Any day next " +
	"week suits me; I can call at a time that fits yours, or meet for coffee near your office. Thanks again, Alex"

// fillMessages records scaleMessages messages over the last year in one
// statement: first the conversations (message r of contact c is the
// request for r = 0, their reply for odd r, the owner's next mail for even
// r), with their text, then mail from strangers and lists, without.
func fillMessages(ctx context.Context, db *sql.DB, now time.Time) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	start := now.AddDate(-1, 0, 0).Unix()
	_, err = tx.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :total - 1),
		m AS (SELECT i, CASE WHEN i < :conv THEN i % :contacts + 1 END AS c, i / :contacts AS r,
			strftime('%Y-%m-%dT%H:%M:%fZ', :start + i * :step, 'unixepoch') AS at FROM n),
		k AS (SELECT i, c, r, at, CASE
			WHEN c IS NULL THEN printf('%08x.%d@list%d.example', (i * 2654435761) % 4294967296, i, i % 500)
			WHEN r = 0 THEN printf('req-%d@owner.example', c)
			WHEN r % 2 = 1 THEN printf('r%d-%d@firm%d.example', r, c, (c - 1) % 997)
			ELSE printf('f%d-%d@owner.example', r, c) END AS key FROM m)
		INSERT INTO messages (key, message_id, direction, contact_id, kind, sender, subject, date, in_reply_to, folder, uid, recorded_at)
		SELECT key, key,
			CASE WHEN c IS NOT NULL AND r % 2 = 0 THEN 'out' ELSE 'in' END,
			c,
			CASE WHEN c IS NULL THEN (CASE i % 4 WHEN 0 THEN 'personal' WHEN 3 THEN 'auto_reply' ELSE 'bulk' END)
				WHEN r = 0 THEN 'request' WHEN r % 2 = 1 THEN 'reply' ELSE 'thank_you' END,
			CASE WHEN c IS NULL THEN printf('news%d@list%d.example', i % 50, i % 500)
				WHEN r % 2 = 1 THEN printf('c%d@firm%d.example', c - 1, (c - 1) % 997) ELSE '' END,
			CASE WHEN c IS NULL THEN printf('Issue %d of the weekly letter', i)
				WHEN r = 0 THEN 'A short conversation about your work' ELSE 'Re: A short conversation about your work' END,
			at,
			CASE WHEN r = 1 THEN printf('req-%d@owner.example', c)
				WHEN r = 2 THEN printf('r1-%d@firm%d.example', c, (c - 1) % 997)
				WHEN r = 3 THEN printf('f2-%d@owner.example', c) ELSE '' END,
			CASE WHEN c IS NOT NULL AND r % 2 = 0 THEN 'Sent' ELSE 'INBOX' END,
			i + 1, at
		FROM k`,
		sql.Named("total", scaleMessages), sql.Named("conv", scaleConversation), sql.Named("contacts", scaleContacts),
		sql.Named("start", start), sql.Named("step", float64(365*24*3600)/scaleMessages))
	if err != nil {
		return fmt.Errorf("insert messages: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO message_texts (message_id, text)
		SELECT id, printf('%s (%d)', :text, id) FROM messages WHERE contact_id IS NOT NULL`, sql.Named("text", scaleText))
	if err != nil {
		return fmt.Errorf("insert message texts: %w", err)
	}
	return tx.Commit()
}

// scaleMail is the mail that arrives while the daemon is down: a reply
// from each contact, among ten messages from strangers each.
func scaleMail(contacts []scaleContact, owner string) []string {
	now := time.Now()
	var raws []string
	for i := range scaleNew {
		var raw string
		if i%(scaleNew/scaleReplies) == 0 {
			c := contacts[i/(scaleNew/scaleReplies)]
			raw = mail(fmt.Sprintf("%s <%s>", c.name, c.email), "Re: A short conversation about your work",
				fmt.Sprintf("reply-%d@%s", c.id, strings.SplitN(c.email, "@", 2)[1]), fmt.Sprintf("req-%d@owner.example", c.id), now)
		} else {
			raw = mail(fmt.Sprintf("Sender %d <s%d@example.org>", i, i), fmt.Sprintf("Message %d", i), fmt.Sprintf("m%d@example.org", i), "", now)
		}
		raws = append(raws, strings.ReplaceAll(raw, "alex@owner.example", owner))
	}
	return raws
}

// copyFile copies the file at from to to.
func copyFile(tb testing.TB, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

// scaleMailbox copies the filled database to a new directory and makes a
// new mailbox user; it returns the directory, the database and the owner.
func scaleMailbox(tb testing.TB, stack *mailstack.Stack, prefix string) (dir, db, owner string) {
	tmpl, _ := scaleTemplate(tb)
	owner, err := stack.AddUser(fmt.Sprintf("%s%d", prefix, userSeq.Add(1)), "owner-secret")
	if err != nil {
		tb.Fatal(err)
	}
	dir = tb.TempDir()
	db = filepath.Join(dir, "rapport.db")
	copyFile(tb, tmpl, db)
	return dir, db, owner
}

// BenchmarkScale runs the real binary on a database of 100,000 contacts
// and 1,000,000 recorded messages: it works through 1,000 messages that
// arrived while it was down (200 of them replies from contacts it waits
// on) and writes the day's digest, all in one run, of which the peak RSS
// is reported; then "rapport digest --preview" builds the digest again
// in a process of its own. Reported: both peak RSS figures, the preview's
// wall time, the catch-up rate, and the database's size on disk (main
// file and WAL) in all and per recorded message.
func BenchmarkScale(b *testing.B) {
	_, replies := scaleTemplate(b)
	for b.Loop() {
		stack := mailstack.Shared(b)
		bin := buildBinary(b)
		dir, db, owner := scaleMailbox(b, stack, "scale")
		// First start, on the empty mailbox: sets the checkpoint. The
		// digest waits for the measured run.
		cfgPath := writeBenchConfig(b, dir, stack, owner, "\n[digest]\nenabled = false\n")
		runUntilCaughtUp(b, bin, cfgPath, stack, 0)

		putMaildir(b, stack, owner, scaleMail(replies, owner))
		cfgPath = writeBenchConfig(b, dir, stack, owner, "\n[digest]\ntime = \"00:00\"\n") // due at once
		d := startBenchDaemon(b, bin, cfgPath, stack)
		var selected, caught, digested time.Time
		d.waitFor("it caught up and wrote the digest", func(l benchLine) bool {
			switch {
			case l.Msg == "folder selected":
				selected = l.Time
			case l.Msg == "caught up" && l.LastUID >= scaleNew:
				caught = l.Time
			case l.Msg == "digest written":
				digested = l.Time
			}
			return !caught.IsZero() && !digested.IsZero()
		})
		rss := d.stop()
		if n := countReplied(b, db, replies); n != scaleReplies {
			b.Fatalf("%d of the %d contacts who replied are replied, want all", n, scaleReplies)
		}

		took, previewRSS := runPreview(b, bin, cfgPath, stack)
		size := fileSize(db) + fileSize(db+"-wal")
		b.ReportMetric(float64(rss)/1024, "peak-rss-MiB")
		b.ReportMetric(float64(previewRSS)/1024, "digest-peak-rss-MiB")
		b.ReportMetric(ms(took), "digest-ms")
		b.ReportMetric(float64(scaleNew)/caught.Sub(selected).Seconds(), "msgs/s")
		b.ReportMetric(float64(size)/(1<<20), "db-MiB")
		b.ReportMetric(float64(size)/float64(scaleMessages+scaleNew), "db-bytes/msg")
	}
}

// runPreview runs "rapport digest --preview" and returns its wall time
// and peak RSS in KiB. Go starts a child with vfork, so a child's Maxrss
// counts the peak RSS of the process that started it, here the benchmark
// with its large database fill: the preview is started by a copy of the
// test binary, fresh and small, which reports the preview's Maxrss (see
// init).
func runPreview(tb testing.TB, bin, cfgPath string, stack *mailstack.Stack) (time.Duration, int64) {
	self, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	report := filepath.Join(tb.TempDir(), "rusage")
	cmd := exec.Command(self, bin, "digest", "--preview", "--config", cfgPath)
	cmd.Env = append(os.Environ(), "SSL_CERT_FILE="+stack.CACertFile, rusageEnv+"="+report)
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		tb.Fatalf("rapport digest --preview: %v\n%s", err, stderr.String())
	}
	took := time.Since(start)
	raw, err := os.ReadFile(report)
	if err != nil {
		tb.Fatal(err)
	}
	kib, err := strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64)
	if err != nil {
		tb.Fatalf("peak RSS of the preview: %q: %v", raw, err)
	}
	return took, kib
}

// rusageEnv, set to a file's path, makes the test binary run its
// arguments as a command instead of the tests, and write the command's
// peak RSS in KiB to that file; it exits with the command's status.
const rusageEnv = "RAPPORT_BENCH_RUSAGE"

func init() {
	report := os.Getenv(rusageEnv)
	if report == "" {
		return
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	if err := os.WriteFile(report, []byte(strconv.FormatInt(rss, 10)), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(cmd.ProcessState.ExitCode())
}

// countReplied returns how many of the contacts are now in status replied.
func countReplied(tb testing.TB, path string, contacts []scaleContact) int {
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	n := 0
	for _, c := range contacts {
		got, err := st.Read().Contact(ctx, c.id)
		if err != nil {
			tb.Fatal(err)
		}
		if got.State.Status == workflow.StatusReplied {
			n++
		}
	}
	return n
}

// fileSize returns the size of the file at path, 0 when there is none.
func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// BenchmarkIdle runs the real binary, with SMTP and the digest configured,
// on the database of BenchmarkScale, with nothing arriving, for BENCH_IDLE
// (a Go duration; default 10m). From the moment it says it is ready
// (INBOX caught up) to the end of that window it counts the CPU time the
// process used (user and system) and its wake-ups: the voluntary and
// involuntary context switches of all its threads. Reported: both over
// the window and scaled to rates, and the log lines it wrote meanwhile.
func BenchmarkIdle(b *testing.B) {
	window := 10 * time.Minute
	if s := os.Getenv("BENCH_IDLE"); s != "" {
		var err error
		if window, err = time.ParseDuration(s); err != nil || window <= 0 {
			b.Fatalf("BENCH_IDLE=%q: want a duration such as 10m", s)
		}
	}
	scaleTemplate(b)
	for b.Loop() {
		stack := mailstack.Shared(b)
		bin := buildBinary(b)
		dir, db, owner := scaleMailbox(b, stack, "idle")
		// Today's digest is written and the next one is twelve hours
		// away, so nothing falls due in the window.
		now := time.Now().UTC()
		st, err := store.Open(context.Background(), db)
		if err != nil {
			b.Fatal(err)
		}
		err = st.WithTx(context.Background(), func(tx *store.Tx) error {
			return tx.AddDigest(context.Background(), &store.Digest{Day: now.Format("2006-01-02"), At: now})
		})
		st.Close()
		if err != nil {
			b.Fatal(err)
		}
		host, port, _ := strings.Cut(stack.SubmissionAddr, ":")
		cfgPath := writeBenchConfig(b, dir, stack, owner, fmt.Sprintf(`
[smtp]
host = %q
port = %s
tls = "starttls"
username = %q
password_file = %q

[digest]
time = %q
`, host, port, owner, filepath.Join(dir, "password"), now.Add(12*time.Hour).Format("15:04")))

		d := startBenchDaemon(b, bin, cfgPath, stack)
		d.waitFor("it was ready", func(l benchLine) bool { return l.Msg == "ready: INBOX is caught up" })
		pid := d.cmd.Process.Pid
		before := sampleProc(b, pid)
		<-time.After(window) // the measurement: the daemon is left alone
		after := sampleProc(b, pid)
		lines := d.buffered()
		d.stop()

		cpu := after.cpu - before.cpu
		wakeups := after.switches - before.switches
		secs := window.Seconds()
		b.ReportMetric(secs, "window-s")
		b.ReportMetric(ms(cpu), "cpu-ms")
		b.ReportMetric(cpu.Seconds()*600/secs, "cpu-s/10min")
		b.ReportMetric(float64(wakeups), "wakeups")
		b.ReportMetric(float64(wakeups)/secs, "wakeups/s")
		b.ReportMetric(float64(after.voluntary-before.voluntary)/secs, "voluntary/s")
		b.ReportMetric(float64(after.threads), "threads")
		b.ReportMetric(float64(len(lines)), "log-lines")
		for _, l := range lines {
			b.Logf("logged while idle: %s", l.raw)
		}
	}
}

// procSample is what the kernel says about a process at one moment.
type procSample struct {
	cpu       time.Duration // user + system time of all its threads, live and gone (10 ms steps)
	switches  int64         // voluntary + involuntary context switches of its live threads
	voluntary int64         // the voluntary ones: the thread slept and was woken
	threads   int
}

// userHZ is the unit of the times in /proc/PID/stat (USER_HZ, 100 on
// every Linux port Go supports).
const userHZ = 100

// sampleProc reads /proc/PID/stat and each /proc/PID/task/TID/status.
func sampleProc(tb testing.TB, pid int) procSample {
	tb.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		tb.Fatal(err)
	}
	// Fields after the command name in parentheses, from field 3 (state):
	// utime and stime are fields 14 and 15.
	fields := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+1:]))
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		tb.Fatalf("/proc/%d/stat: cannot read utime and stime: %s", pid, raw)
	}
	s := procSample{cpu: time.Duration(utime+stime) * time.Second / userHZ}
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		tb.Fatal(err)
	}
	for _, t := range tasks {
		status, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/status", pid, t.Name()))
		if err != nil {
			continue // the thread just exited
		}
		s.threads++
		for _, line := range strings.Split(string(status), "\n") {
			key, value, _ := strings.Cut(line, ":")
			n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			switch {
			case err != nil:
			case key == "voluntary_ctxt_switches":
				s.switches += n
				s.voluntary += n
			case key == "nonvoluntary_ctxt_switches":
				s.switches += n
			}
		}
	}
	return s
}
