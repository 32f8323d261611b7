package daemon

// Benchmarks on the real Dovecot + Postfix. Run them with
//   go test -run '^$' -bench . -benchtime 1x ./daemon/
// (scripts/bench.sh does, and writes BENCHMARKS.md).

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/workflow"
)

// BenchmarkReplyLatency measures, over 50 replies sent through Postfix, the
// time from Postfix accepting a reply to the contact's new status being
// committed, beside the time a bare go-imap client idling on the same
// mailbox is told about it (Dovecot's own IDLE delay is the floor).
func BenchmarkReplyLatency(b *testing.B) {
	const trials = 50
	for b.Loop() {
		h, stack, owner := dovecotHarness(b)
		var contacts []int64
		for i := range trials {
			c := h.contact(fmt.Sprintf("Contact %d", i), fmt.Sprintf("c%d@firm.example", i), workflow.StatusRequested, fmt.Sprintf("req-%d@owner.example", i))
			contacts = append(contacts, c.ID)
		}
		h.start()
		bare := newBareIdler(b, stack, owner)
		var raw, ours []time.Duration
		for i := range trials {
			msg := strings.ReplaceAll(mail(fmt.Sprintf("Contact %d <c%d@firm.example>", i, i), "Re: hello",
				fmt.Sprintf("r%d@firm.example", i), fmt.Sprintf("req-%d@owner.example", i), time.Now()), "alex@owner.example", owner)
			if err := stack.Deliver(fmt.Sprintf("c%d@firm.example", i), []string{owner}, []byte(msg)); err != nil {
				b.Fatal(err)
			}
			accepted := time.Now()
			m := h.waitHandled()
			committed := time.Now()
			if m.contact != contacts[i] || m.event != string(workflow.EventReplyReceived) {
				b.Fatalf("trial %d handled %+v", i, m)
			}
			told := bare.waitExists(uint32(i + 1))
			ours = append(ours, committed.Sub(accepted))
			raw = append(raw, told.Sub(accepted))
		}
		h.stop()
		report(b, "rapport", ours)
		report(b, "bare-idle", raw)
		b.ReportMetric(ms(percentile(ours, 50)-percentile(raw, 50)), "overhead-p50-ms")
	}
}

// bareIdler is a plain go-imap client idling on a mailbox, noting when
// each EXISTS arrives.
type bareIdler struct {
	mu     sync.Mutex
	exists map[uint32]time.Time
	cond   *sync.Cond
}

func newBareIdler(tb testing.TB, stack *mailstack.Stack, owner string) *bareIdler {
	bi := &bareIdler{exists: map[uint32]time.Time{}}
	bi.cond = sync.NewCond(&bi.mu)
	c, err := imapclient.DialStartTLS(stack.IMAPAddr, &imapclient.Options{
		TLSConfig: stack.TLSConfig(),
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				bi.mu.Lock()
				if _, ok := bi.exists[*d.NumMessages]; !ok {
					bi.exists[*d.NumMessages] = time.Now()
				}
				bi.cond.Broadcast()
				bi.mu.Unlock()
			}
		}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	if err := c.Login(owner, "owner-secret").Wait(); err != nil {
		tb.Fatal(err)
	}
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		tb.Fatal(err)
	}
	idle, err := c.Idle()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idle.Close(); c.Close() })
	return bi
}

// waitExists returns when the client learnt that the mailbox holds n
// messages.
func (bi *bareIdler) waitExists(n uint32) time.Time {
	bi.mu.Lock()
	defer bi.mu.Unlock()
	for {
		if at, ok := bi.exists[n]; ok {
			return at
		}
		bi.cond.Wait()
	}
}

// BenchmarkBacklog measures how fast the real rapport binary works through
// 10,000 messages that arrived while it was down (from SELECT to the
// checkpoint past the last one), beside a bare go-imap client fetching the
// same headers and structures, and rapport's peak RSS. Both are timed
// three times, interleaved (a bare pass, then rapport from the same saved
// database), and the best of each is compared: a shared machine's bursts
// of other load then weigh on both alike.
func BenchmarkBacklog(b *testing.B) {
	const total = 10000
	for b.Loop() {
		stack := mailstack.Shared(b)
		owner, err := stack.AddUser(fmt.Sprintf("backlog%d", userSeq.Add(1)), "owner-secret")
		if err != nil {
			b.Fatal(err)
		}
		bin := buildBinary(b)
		dir := b.TempDir()
		cfgPath := writeBenchConfig(b, dir, stack, owner)
		runUntilCaughtUp(b, bin, cfgPath, stack, 0) // first start: empty mailbox, checkpoint set
		db := filepath.Join(dir, "rapport.db")
		saved := filepath.Join(b.TempDir(), "rapport.db")
		copyDatabase(b, db, saved)

		appendBacklog(b, stack, owner, total)
		// The first fetch makes Dovecot index the new mail and cache the
		// header fields; time the bare client and rapport both after it.
		bareFetchRate(b, stack, owner, total)
		bareRate, rate, rss := 0.0, 0.0, int64(0)
		for range 3 {
			bareRate = max(bareRate, bareFetchRate(b, stack, owner, total))
			copyDatabase(b, saved, db) // rapport has not seen the backlog yet
			elapsed, peak := runUntilCaughtUp(b, bin, cfgPath, stack, total)
			rate, rss = max(rate, float64(total)/elapsed.Seconds()), max(rss, peak)
		}
		b.ReportMetric(rate, "rapport-msgs/s")
		b.ReportMetric(bareRate, "bare-fetch-msgs/s")
		b.ReportMetric(rate/bareRate, "ratio")
		b.ReportMetric(float64(rss)/1024, "peak-rss-MiB")
	}
}

// copyDatabase replaces the SQLite database at to (and its write-ahead
// log) with the one at from, which no process has open.
func copyDatabase(tb testing.TB, from, to string) {
	tb.Helper()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(to + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			tb.Fatal(err)
		}
	}
	for _, suffix := range []string{"", "-wal"} {
		if _, err := os.Stat(from + suffix); suffix != "" && errors.Is(err, fs.ErrNotExist) {
			continue
		}
		copyFile(tb, from+suffix, to+suffix)
	}
}

// buildBinary compiles rapport as released, or with the build tags given
// (crashtest, for a binary whose crash points and clock tests drive).
func buildBinary(tb testing.TB, tags ...string) string {
	bin := filepath.Join(tb.TempDir(), "rapport")
	args := []string{"build", "-o", bin}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	out, err := exec.Command("go", append(args, "../cmd/rapport")...).CombinedOutput()
	if err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeBenchConfig writes dir/config.toml for owner's mailbox on stack,
// with its database at dir/rapport.db, followed by extra (more TOML
// tables), and returns its path.
func writeBenchConfig(tb testing.TB, dir string, stack *mailstack.Stack, owner string, extra ...string) string {
	host, port, _ := strings.Cut(stack.IMAPAddr, ":")
	pw := filepath.Join(dir, "password")
	os.WriteFile(pw, []byte("owner-secret\n"), 0o600)
	cfg := fmt.Sprintf(`[owner]
name = "Bench Owner"
addresses = [%q]
time_zone = "UTC"

[imap]
host = %q
port = %s
tls = "starttls"
username = %q
password_file = %q

[paths]
database = %q
`, owner, host, port, owner, pw, filepath.Join(dir, "rapport.db")) + strings.Join(extra, "")
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// runUntilCaughtUp runs "rapport run" until its log says it caught up with
// want messages (or, for want 0, until its first session is up), stops it
// with SIGTERM, and returns how long the catching up took by the log's own
// clock and the process's peak RSS in KiB (see benchDaemon.stop).
func runUntilCaughtUp(tb testing.TB, bin, cfgPath string, stack *mailstack.Stack, want int) (time.Duration, int64) {
	d := startBenchDaemon(tb, bin, cfgPath, stack)
	// Timed like the bare fetch, from SELECT on.
	start := d.waitFor("its folder selected", func(l benchLine) bool { return l.Msg == "folder selected" }).Time
	end := d.waitFor("it caught up", func(l benchLine) bool {
		return want == 0 && l.Msg == "lookback window read" || want > 0 && l.Msg == "caught up" && l.LastUID >= want
	}).Time
	return end.Sub(start), d.stop()
}

// benchLine is one line of the JSON log of "rapport run --json-logs".
type benchLine struct {
	Time    time.Time `json:"time"`
	Msg     string    `json:"msg"`
	LastUID int       `json:"last_uid"`
	raw     string
}

// benchDaemon is a running "rapport run" whose log a benchmark follows.
type benchDaemon struct {
	tb    testing.TB
	cmd   *exec.Cmd
	lines chan benchLine // every JSON log line, in order; closed when the log ends
}

// startBenchDaemon starts "rapport run" with cfgPath. Its log is read
// into a buffer as it comes, so that the daemon never blocks on it while
// the benchmark is not reading. The process is killed at cleanup if the
// benchmark did not stop it.
func startBenchDaemon(tb testing.TB, bin, cfgPath string, stack *mailstack.Stack) *benchDaemon {
	cmd := exec.Command(bin, "run", "--config", cfgPath, "--json-logs")
	cmd.Env = append(os.Environ(), "SSL_CERT_FILE="+stack.CACertFile)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	d := &benchDaemon{tb: tb, cmd: cmd, lines: make(chan benchLine, 1<<16)}
	tb.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	go func() {
		defer close(d.lines)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var l benchLine
			if json.Unmarshal(sc.Bytes(), &l) != nil {
				continue
			}
			l.raw = sc.Text()
			d.lines <- l
		}
	}()
	return d
}

// waitFor reads the log until a line satisfies match and returns it. It
// fails the benchmark when a mailbox session ends (rapport would
// reconnect, and the figures would not be of a healthy run) or when the
// log ends first; what says what was awaited.
func (d *benchDaemon) waitFor(what string, match func(benchLine) bool) benchLine {
	d.tb.Helper()
	for l := range d.lines {
		if strings.Contains(l.Msg, "session ended") {
			d.tb.Fatalf("rapport's session failed: %s", l.raw)
		}
		if match(l) {
			return l
		}
	}
	d.tb.Fatalf("rapport run exited before %s", what)
	return benchLine{}
}

// buffered returns the log lines written since the last waitFor and not
// read yet, failing the benchmark if a mailbox session ended among them.
func (d *benchDaemon) buffered() []benchLine {
	d.tb.Helper()
	var list []benchLine
	for {
		select {
		case l, ok := <-d.lines:
			if !ok {
				return list
			}
			if strings.Contains(l.Msg, "session ended") {
				d.tb.Fatalf("rapport's session failed: %s", l.raw)
			}
			list = append(list, l)
		default:
			return list
		}
	}
}

// stop sends SIGTERM, waits for the process to exit cleanly and returns
// its peak RSS in KiB until then: VmHWM, read just before the signal. Not
// the Maxrss of wait4's rusage: Go starts a child with vfork, so the
// child's Maxrss counts the RSS the benchmark process had at that moment.
func (d *benchDaemon) stop() int64 {
	d.tb.Helper()
	hwm := peakRSS(d.tb, d.cmd.Process.Pid)
	d.cmd.Process.Signal(syscall.SIGTERM)
	go func() {
		for range d.lines {
		}
	}()
	if err := d.cmd.Wait(); err != nil {
		d.tb.Fatalf("rapport run exited with %v", err)
	}
	return hwm
}

// peakRSS returns VmHWM of /proc/PID/status, in KiB.
func peakRSS(tb testing.TB, pid int) int64 {
	tb.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kib, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				tb.Fatalf("/proc/%d/status: %q: %v", pid, line, err)
			}
			return kib
		}
	}
	tb.Fatalf("/proc/%d/status has no VmHWM", pid)
	return 0
}

// appendBacklog puts n messages, each a short personal mail from a
// different stranger, straight into the owner's Maildir (see putMaildir).
func appendBacklog(tb testing.TB, stack *mailstack.Stack, owner string, n int) {
	now := time.Now()
	raws := make([]string, n)
	for i := range raws {
		raws[i] = mail(fmt.Sprintf("Sender %d <s%d@example.org>", i, i), fmt.Sprintf("Message %d", i), fmt.Sprintf("m%d@example.org", i), "", now)
	}
	putMaildir(tb, stack, owner, raws)
}

// putMaildir puts the messages straight into the owner's Maildir as the
// delivery agent would (APPEND one by one would take minutes), owned by
// the mail user. Dovecot indexes them as new mail, in order, at the next
// SELECT.
func putMaildir(tb testing.TB, stack *mailstack.Stack, owner string, raws []string) {
	c := ownerClientTB(tb, stack, owner) // the first login creates the Maildir
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		tb.Fatal(err)
	}
	name, _, _ := strings.Cut(owner, "@")
	maildir := filepath.Join(stack.Dir, "mail", stack.Domain, name, "Maildir")
	fi, err := os.Stat(maildir)
	if err != nil {
		tb.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	now := time.Now()
	for i, raw := range raws {
		file := filepath.Join(maildir, "new", fmt.Sprintf("%d.M%dP%d.bench", now.Unix(), i, os.Getpid()))
		if err := os.WriteFile(file, []byte(raw), 0o600); err != nil {
			tb.Fatal(err)
		}
		if err := os.Chown(file, int(st.Uid), int(st.Gid)); err != nil {
			tb.Fatal(err)
		}
	}
}

// bareFetchRate fetches what rapport fetches first for every message (UID,
// size, structure, the deciding header fields), in rapport's batch size,
// one FETCH after the other as a plain client would, and returns messages
// per second.
func bareFetchRate(tb testing.TB, stack *mailstack.Stack, owner string, n int) float64 {
	c := ownerClientTB(tb, stack, owner)
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		tb.Fatal(err)
	}
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: headerFields, Peek: true}
	start := time.Now()
	got := 0
	for first := 1; first <= n; first += batchSize {
		set := imap.UIDSet{imap.UIDRange{Start: imap.UID(first), Stop: imap.UID(min(first+batchSize-1, n))}}
		msgs, err := c.Fetch(set, &imap.FetchOptions{UID: true, RFC822Size: true,
			BodyStructure: &imap.FetchItemBodyStructure{Extended: true}, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
		if err != nil {
			tb.Fatal(err)
		}
		got += len(msgs)
	}
	if got != n {
		tb.Fatalf("bare fetch got %d messages, want %d", got, n)
	}
	return float64(n) / time.Since(start).Seconds()
}

func ownerClientTB(tb testing.TB, stack *mailstack.Stack, owner string) *imapclient.Client {
	c, err := imapclient.DialStartTLS(stack.IMAPAddr, &imapclient.Options{TLSConfig: stack.TLSConfig()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	if err := c.Login(owner, "owner-secret").Wait(); err != nil {
		tb.Fatal(err)
	}
	return c
}

func percentile(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, (len(s)*p+99)/100-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func report(b *testing.B, who string, d []time.Duration) {
	b.ReportMetric(ms(percentile(d, 50)), who+"-p50-ms")
	b.ReportMetric(ms(percentile(d, 95)), who+"-p95-ms")
}
