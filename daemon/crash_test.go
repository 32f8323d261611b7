package daemon

// Crash anywhere: the real binary (built with the crashtest tag for its
// fast clock, see cmd/rapport/clock_crashtest.go) runs weeks of outreach
// on the real Dovecot + Postfix while the test kills it with SIGKILL at
// random moments, a hundred times and more, restarting it each time.
// Afterwards nothing may be lost or done twice.
//
// Rerun with its counts printed:
//
//	go test -run TestCrashAnywhere -v ./daemon/
//
// CRASH_SEED=N replays the kill timings of a run.

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	netmail "net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// crashClock is the binary's clock: start plus speed times the wall time
// since epoch, the same in every process that reads RAPPORT_TEST_CLOCK.
type crashClock struct {
	start, epoch time.Time
	speed        float64
}

func (c crashClock) now() time.Time {
	return c.start.Add(time.Duration(float64(time.Since(c.epoch)) * c.speed))
}

func (c crashClock) env() string {
	return fmt.Sprintf("RAPPORT_TEST_CLOCK=%s %d %g", c.start.Format(time.RFC3339), c.epoch.UnixNano(), c.speed)
}

// day is one day of the fast clock.
const day = 24 * time.Hour

// crashKind is what a contact of the scenario does.
type crashKind string

const (
	kindReply   crashKind = "reply"   // answers the request
	kindLate    crashKind = "late"    // answers the first nudge
	kindAway    crashKind = "away"    // out of office, then answers
	kindSilent  crashKind = "silent"  // never answers: nudged twice, then no response
	kindBounce  crashKind = "bounce"  // the address fails
	kindMeet    crashKind = "meet"    // answers and invites: the meeting happens
	kindMoved   crashKind = "moved"   // invites, then moves the meeting
	kindCancels crashKind = "cancels" // invites, then cancels
)

// crashContact is one contact of the scenario and what the test saw and
// did for them.
type crashContact struct {
	name, addr string
	kind       crashKind
	batch      int  // 0: imported before the start; 1: imported while running
	noted      bool // the owner adds a note by mail

	request   string    // the request's Message-ID, once it arrived
	requestAt time.Time // on the fast clock, when the test saw it
	nudges    []string  // nudges as they arrived
	nudgeAt   time.Time // the first nudge's arrival, on the fast clock
	step      int       // how far the contact's script has gone
	repliedAt time.Time // wall time Postfix accepted their (first) real reply
}

// sentIn is one message the test handed to Postfix for the owner, and
// the history event it must produce exactly once.
type sentIn struct {
	id, contact string
	event       workflow.EventKind // "" for a command
}

func TestCrashAnywhere(t *testing.T) {
	stack := mailstack.Shared(t)
	owner, err := stack.AddUser(fmt.Sprintf("crashowner%d", userSeq.Add(1)), "owner-secret")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, subPort, _ := strings.Cut(stack.SubmissionAddr, ":")
	cfgPath := writeBenchConfig(t, dir, stack, owner, fmt.Sprintf(`
[smtp]
host = "127.0.0.1"
port = %s
tls = "starttls"
username = %q
password_file = %q

[workflow]
send_mode = "direct"
max_nudges = 2
daily_cap = 1000
min_gap = "1s"

[workflow.send_window]
days = "Mon-Sun"
hours = "00:00-24:00"

[digest]
enabled = true
time = "07:30"

[commands]
require_auth = true
authserv_ids = [%q]
`, subPort, owner, filepath.Join(dir, "password"), mailstack.AuthServID))

	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("kill timings from CRASH_SEED=%d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))

	// Four weeks in about two minutes: an hour of the fast clock is 0.2 s.
	clock := crashClock{start: time.Date(2026, 11, 2, 6, 0, 0, 0, time.UTC), epoch: time.Now(), speed: 18000}
	bin := buildBinary(t, "crashtest")
	env := append(os.Environ(), clock.env(), "SSL_CERT_FILE="+stack.CACertFile)
	try := func(args ...string) (string, error) {
		cmd := exec.Command(bin, append(args, "--config", cfgPath)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	cli := func(args ...string) {
		t.Helper()
		if out, err := try(args...); err != nil {
			t.Fatalf("rapport %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}

	kinds := []crashKind{kindReply, kindReply, kindReply, kindReply, kindReply, kindReply, kindLate, kindLate, kindLate, kindLate,
		kindAway, kindAway, kindAway, kindSilent, kindSilent, kindSilent, kindSilent, kindSilent, kindBounce, kindBounce,
		kindMeet, kindMeet, kindMoved, kindCancels}
	var people []*crashContact
	for i, k := range kinds {
		name := fmt.Sprintf("crash%s%d", k, userSeq.Add(1))
		addr, err := stack.AddUser(name, "contact-secret")
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, &crashContact{name: fmt.Sprintf("Person %02d %s", i, strings.ToUpper(string(k[:1]))+string(k[1:])),
			addr: addr, kind: k, batch: i % 3 / 2, noted: i%5 == 0})
	}
	importBatch := func(batch int) {
		var csv strings.Builder
		csv.WriteString("name,email,company\n")
		var emails []string
		for _, p := range people {
			if p.batch == batch {
				fmt.Fprintf(&csv, "%s,%s,Firm %d\n", p.name, p.addr, len(emails))
				emails = append(emails, p.addr)
			}
		}
		file := filepath.Join(dir, fmt.Sprintf("batch%d.csv", batch))
		if err := os.WriteFile(file, []byte(csv.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		cli("import", file)
		cli(append([]string{"draft"}, emails...)...)
	}
	importBatch(0)

	// The daemon, killed at random moments and restarted, until the
	// scenario is over and at least minKills kills happened.
	const minKills = 100
	logPath := filepath.Join(dir, "daemon.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	start := func(life int) *exec.Cmd {
		fmt.Fprintf(logFile, "=== life %d\n", life)
		cmd := exec.Command(bin, "run", "--config", cfgPath)
		cmd.Env, cmd.Stderr, cmd.Stdout = env, logFile, logFile
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	var (
		stopKilling atomic.Bool // the scenario is over: stop after minKills
		mu          sync.Mutex
		running     *exec.Cmd // the life the killer runs now
	)
	killed := make(chan int, 1)
	failed := make(chan string, 1)
	t.Cleanup(func() {
		stopKilling.Store(true)
		mu.Lock()
		if running != nil {
			running.Process.Kill()
		}
		mu.Unlock()
	})
	go func() {
		kills := 0
		defer func() { killed <- kills }()
		for life := 1; !stopKilling.Load() || kills < minKills; life++ {
			mu.Lock()
			cmd := start(life)
			running = cmd
			mu.Unlock()
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			// Half the kills come early (start-up, catching up), the rest
			// anywhere in a second and a half.
			wait := time.Duration(rng.Int64N(int64(1500 * time.Millisecond)))
			if rng.IntN(2) == 0 {
				wait /= 5
			}
			timer := time.NewTimer(wait)
			select {
			case err := <-exited:
				timer.Stop()
				failed <- fmt.Sprintf("life %d ended on its own: %v", life, err)
				return
			case <-timer.C:
			}
			cmd.Process.Signal(syscall.SIGKILL)
			err := <-exited
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				failed <- fmt.Sprintf("life %d ended with %v, not by SIGKILL", life, err)
				return
			}
			kills++
		}
	}()

	st, err := store.Open(context.Background(), filepath.Join(dir, "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d := &crashDriver{t: t, stack: stack, owner: owner, clock: clock, people: people, uncertain: map[int64]time.Time{},
		files: map[string]maildirMsg{}}
	lastLook := time.Now()
	end := clock.start.Add(27 * day)
	imported := false
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	kills := -1
	for kills < 0 {
		select {
		case msg := <-failed:
			t.Fatalf("%s\n%s", msg, tail(logPath, 40))
		case <-tick.C:
		}
		now := clock.now()
		if !imported && now.After(clock.start.Add(3*day)) {
			importBatch(1) // while the daemon runs (or restarts)
			imported = true
		}
		d.step(now)
		if time.Since(lastLook) > 250*time.Millisecond {
			d.settleUncertain(st, try)
			lastLook = time.Now()
		}
		if now.After(end) && d.scriptsDone() {
			stopKilling.Store(true)
		}
		select {
		case kills = <-killed:
		default:
		}
	}
	select {
	case msg := <-failed:
		t.Fatalf("%s\n%s", msg, tail(logPath, 40))
	default:
	}
	if kills < minKills {
		t.Fatalf("only %d kills before the scenario ended, want at least %d", kills, minKills)
	}

	// A last run, not killed, settles what is due and is stopped once the
	// store says every contact is where the scenario leads.
	final := start(-1)
	finalDone := make(chan error, 1)
	go func() { finalDone <- final.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		d.step(clock.now())
		d.settleUncertain(st, try)
		// Stopped once ready (its SIGTERM handling is in place) and done.
		if ready(logPath) && d.settled(st) {
			break
		}
		if time.Now().After(deadline) {
			final.Process.Kill()
			<-finalDone
			t.Fatalf("the scenario never settled after the kills:\n%s\n%s", d.statuses(st), tail(logPath, 60))
		}
		select {
		case err := <-finalDone:
			t.Fatalf("the last run ended on its own: %v\n%s", err, tail(logPath, 40))
		case <-tick.C:
		}
	}
	final.Process.Signal(syscall.SIGTERM)
	if err := <-finalDone; err != nil {
		t.Fatalf("the last run did not stop cleanly on SIGTERM: %v\n%s", err, tail(logPath, 40))
	}

	counts := d.verify(st, logPath)
	t.Logf("crash anywhere: %d SIGKILLs over %s of the fast clock; %s", kills, clock.now().Sub(clock.start).Round(time.Hour), counts)
}

// ready says whether the last life logged at path (the one not killed)
// said it was ready.
func ready(path string) bool {
	b, _ := os.ReadFile(path)
	_, last, ok := strings.Cut(string(b), "=== life -1\n")
	return ok && strings.Contains(last, `msg="ready: INBOX is caught up"`)
}

// tail returns the last n lines of the file at path.
func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// crashDriver plays the contacts and the owner: it watches their
// mailboxes (the Maildirs themselves) and answers as the script says.
type crashDriver struct {
	t      *testing.T
	stack  *mailstack.Stack
	owner  string
	clock  crashClock
	people []*crashContact
	in     []sentIn // what it delivered to the owner
	seq    int
	files  map[string]maildirMsg // the contacts' Maildir files read so far

	// uncertain are the messages rapport left uncertain, with when the
	// test first saw them so; the test settles them as the owner would.
	uncertain        map[int64]time.Time
	uncertainArrived int // settled with "outbox sent": they had arrived
	uncertainResent  int // settled with "outbox resend": they had not
	// uncertainAnswered were settled by rapport before the owner: a
	// contact's mail answered them.
	uncertainAnswered int
}

// maildirMsg is a message as found in a Maildir.
type maildirMsg struct {
	id, inReplyTo, from, subject, template string
	mtime                                  time.Time
}

// readMaildir returns the messages in addr's INBOX, in no order.
func readMaildir(t *testing.T, stack *mailstack.Stack, addr string) []maildirMsg {
	return readMaildirCached(t, stack, addr, nil)
}

// readMaildirCached is readMaildir reading only files not in cache, by
// mailbox and unique name, and adding them to it (nil: no cache). A file a
// reader moves from new/ to cur/ meanwhile, adding flags to its name, is
// counted once.
func readMaildirCached(t *testing.T, stack *mailstack.Stack, addr string, cache map[string]maildirMsg) []maildirMsg {
	t.Helper()
	local, _, _ := strings.Cut(addr, "@")
	seen := map[string]bool{}
	var out []maildirMsg
	for _, sub := range []string{"new", "cur"} {
		d := filepath.Join(stack.Dir, "mail", mailstack.Domain, local, "Maildir", sub)
		entries, err := os.ReadDir(d)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, e := range entries {
			unique, _, _ := strings.Cut(e.Name(), ":")
			if seen[unique] {
				continue
			}
			if m, ok := cache[local+"/"+unique]; ok {
				seen[unique] = true
				out = append(out, m)
				continue
			}
			f, err := os.Open(filepath.Join(d, e.Name()))
			if os.IsNotExist(err) {
				continue // moved from new to cur meanwhile: read there
			}
			if err != nil {
				t.Fatal(err)
			}
			info, _ := f.Stat()
			m, err := netmail.ReadMessage(f)
			f.Close()
			if err != nil {
				t.Fatalf("%s: %v", e.Name(), err)
			}
			msg := maildirMsg{id: strings.Trim(m.Header.Get("Message-Id"), "<>"),
				inReplyTo: strings.Trim(m.Header.Get("In-Reply-To"), "<>"), from: m.Header.Get("From"),
				subject: m.Header.Get("Subject"), mtime: info.ModTime()}
			seen[unique] = true
			out = append(out, msg)
			if cache != nil {
				cache[local+"/"+unique] = msg
			}
		}
	}
	return out
}

// step moves every contact's script on, as far as the clock and their
// mailbox allow.
func (d *crashDriver) step(now time.Time) {
	for _, p := range d.people {
		if p.step < 0 && !p.noted {
			continue
		}
		for _, m := range readMaildirCached(d.t, d.stack, p.addr, d.files) {
			switch {
			case m.inReplyTo == "" && p.request == "":
				p.request, p.requestAt = m.id, now
			case m.inReplyTo != "" && !slices.Contains(p.nudges, m.id):
				p.nudges = append(p.nudges, m.id)
				if len(p.nudges) == 1 {
					p.nudgeAt = now
				}
			}
		}
		if p.request == "" {
			continue
		}
		d.act(p, now)
	}
}

// act does the contact's next scripted step when its time has come.
func (d *crashDriver) act(p *crashContact, now time.Time) {
	r := p.requestAt
	due := func(at time.Time) bool { return !now.Before(at) }
	if p.noted && due(r.Add(day/2)) {
		d.command(p, fmt.Sprintf("note %s: crash note for %s", p.addr, p.name))
		p.noted = false
	}
	if p.step < 0 {
		return
	}
	switch p.kind {
	case kindReply:
		if p.step == 0 && due(r.Add(36*time.Hour)) {
			d.reply(p, p.request, "Happy to talk. Thursday?", workflow.EventReplyReceived)
			p.step = -1
		}
	case kindLate:
		if p.step == 0 && len(p.nudges) > 0 && due(p.nudgeAt.Add(day)) {
			d.reply(p, p.nudges[0], "Sorry for the delay, yes, let's talk.", workflow.EventReplyReceived)
			p.step = -1
		}
	case kindAway:
		switch {
		case p.step == 0 && due(r.Add(6*time.Hour)):
			back := r.Add(8 * day)
			d.deliver(p, "Automatic reply: A short conversation", p.request,
				"I am out of the office until "+back.Format("2 January 2006")+" with limited access to mail.\r\n",
				workflow.EventAutoReplyReceived, "Auto-Submitted: auto-replied")
			p.step = 1
		case p.step == 1 && due(r.Add(7*day+12*time.Hour)): // a day before they are back
			d.reply(p, p.request, "Back now, happy to talk.", workflow.EventReplyReceived)
			p.step = -1
		}
	case kindBounce:
		if p.step == 0 && due(r.Add(2*time.Hour)) {
			d.bounce(p)
			p.step = -1
		}
	case kindMeet, kindMoved, kindCancels:
		meeting := time.Date(r.Year(), r.Month(), r.Day(), 15, 0, 0, 0, time.UTC).Add(4 * day)
		uid := "meet-" + p.name
		switch {
		case p.step == 0 && due(r.Add(day)):
			d.reply(p, p.request, "Gladly, an invitation follows.", workflow.EventReplyReceived)
			p.step = 1
		case p.step == 1 && due(r.Add(30*time.Hour)):
			d.calendar(p, "REQUEST", uid, 0, meeting, workflow.EventMeetingScheduled)
			p.step = 2
		case p.step == 2 && due(r.Add(2*day)):
			switch p.kind {
			case kindMoved:
				d.calendar(p, "REQUEST", uid, 1, meeting.Add(day), workflow.EventMeetingMoved)
			case kindCancels:
				d.calendar(p, "CANCEL", uid, 1, meeting, workflow.EventMeetingCancelled)
			}
			p.step = -1
		}
	}
}

func (d *crashDriver) nextID(p *crashContact) string {
	d.seq++
	return fmt.Sprintf("crash-%d@%s", d.seq, strings.SplitN(p.addr, "@", 2)[1])
}

// deliver hands Postfix a message from p to the owner, as another
// provider's MTA would.
func (d *crashDriver) deliver(p *crashContact, subject, inReplyTo, body string, event workflow.EventKind, extra ...string) {
	d.t.Helper()
	id := d.nextID(p)
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s <%s>\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s>\r\n",
		p.name, p.addr, d.owner, subject, d.clock.now().Format(time.RFC1123Z), id)
	if inReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: <%s>\r\nReferences: <%s>\r\n", inReplyTo, inReplyTo)
	}
	for _, h := range extra {
		b.WriteString(h + "\r\n")
	}
	if !strings.HasPrefix(body, "Content-Type:") {
		b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	} else {
		b.WriteString("MIME-Version: 1.0\r\n")
	}
	b.WriteString(body)
	if err := d.stack.Deliver(p.addr, []string{d.owner}, []byte(b.String())); err != nil {
		d.t.Fatalf("Deliver() error = %v", err)
	}
	d.in = append(d.in, sentIn{id: id, contact: p.addr, event: event})
}

// reply delivers p's real answer; the first one's time bounds the nudges.
func (d *crashDriver) reply(p *crashContact, inReplyTo, text string, event workflow.EventKind) {
	d.deliver(p, "Re: A short conversation", inReplyTo, text+"\r\n", event)
	if p.repliedAt.IsZero() {
		p.repliedAt = time.Now()
	}
}

// bounce delivers the report of p's mail server refusing the request.
func (d *crashDriver) bounce(p *crashContact) {
	body := "Content-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n" +
		"--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\r\n" +
		"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.elsewhere.example\r\n\r\n" +
		"Final-Recipient: rfc822; " + p.addr + "\r\nAction: failed\r\nStatus: 5.1.1\r\n" +
		"Diagnostic-Code: smtp; 550 5.1.1 <" + p.addr + ">: Recipient address rejected\r\n\r\n" +
		"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: " + d.owner + "\r\nTo: " + p.addr + "\r\n" +
		"Subject: A short conversation\r\nMessage-ID: <" + p.request + ">\r\n\r\n--B--\r\n"
	id := d.nextID(p)
	raw := fmt.Sprintf("From: Mail Delivery System <MAILER-DAEMON@elsewhere.example>\r\nTo: %s\r\n"+
		"Subject: Undelivered Mail Returned to Sender\r\nDate: %s\r\nMessage-ID: <%s>\r\nAuto-Submitted: auto-replied\r\n"+
		"MIME-Version: 1.0\r\n%s", d.owner, d.clock.now().Format(time.RFC1123Z), id, body)
	if err := d.stack.Deliver("", []string{d.owner}, []byte(raw)); err != nil {
		d.t.Fatalf("Deliver() error = %v", err)
	}
	d.in = append(d.in, sentIn{id: id, contact: p.addr, event: workflow.EventBounceReceived})
}

// calendar delivers p's invitation (REQUEST) or cancellation (CANCEL).
func (d *crashDriver) calendar(p *crashContact, method, uid string, seq int, at time.Time, event workflow.EventKind) {
	const layout = "20060102T150405Z"
	cal := ics("BEGIN:VCALENDAR", "PRODID:-//Crash//EN", "VERSION:2.0", "METHOD:"+method, "BEGIN:VEVENT",
		"UID:"+uid, fmt.Sprintf("SEQUENCE:%d", seq), "DTSTAMP:"+d.clock.now().UTC().Format(layout),
		"DTSTART:"+at.UTC().Format(layout), "DTEND:"+at.Add(time.Hour).UTC().Format(layout), "SUMMARY:Coffee",
		"ORGANIZER:mailto:"+p.addr, "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:"+d.owner, "END:VEVENT", "END:VCALENDAR")
	body := "Content-Type: multipart/alternative; boundary=cal\r\n\r\n--cal\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCoffee.\r\n" +
		"--cal\r\nContent-Type: text/calendar; charset=utf-8; method=" + method + "\r\n\r\n" + cal + "--cal--\r\n"
	subject := "Invitation: Coffee"
	if method == "CANCEL" {
		subject = "Cancelled: Coffee"
	}
	d.deliver(p, subject, "", body, event)
}

// command submits the owner's command mail, with their login, to rapport.
func (d *crashDriver) command(p *crashContact, line string) {
	d.t.Helper()
	d.seq++
	id := fmt.Sprintf("crash-cmd-%d@%s", d.seq, mailstack.Domain)
	raw := ownerMail(d.owner, plusAddress(d.owner), "rapport", id, "", line+"\n")
	if err := d.stack.Submit(d.owner, "owner-secret", d.owner, []string{plusAddress(d.owner)}, raw); err != nil {
		d.t.Fatalf("Submit() error = %v", err)
	}
	d.in = append(d.in, sentIn{id: id, contact: p.addr})
}

// settleUncertain does what the owner is asked to do about an uncertain
// message: look whether it arrived (here: in the recipient's Maildir, a
// second after rapport gave up on knowing, time enough for Postfix to
// have delivered it), then run "rapport outbox sent" or "outbox resend".
// An uncertain message must have passed the end-of-data mark, and must
// not have arrived twice.
//
// rapport itself settles an uncertain message that a contact's mail
// answers (a reply, an automatic reply, a bounce): that one may be settled
// between the look and the command, which then finds it sent and says so.
func (d *crashDriver) settleUncertain(st *store.Store, try func(...string) (string, error)) {
	t := d.t
	list, err := st.Read().ListOutbox(context.Background(), store.OutboxFilter{Statuses: []string{store.OutboxUncertain}})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range list {
		first, ok := d.uncertain[o.ID]
		if !ok {
			if o.EndOfData.IsZero() {
				t.Errorf("outbox %d (%s to %s) is uncertain though it never reached the end of data", o.ID, o.Template, o.To)
			}
			d.uncertain[o.ID] = time.Now()
			continue
		}
		if time.Since(first) < time.Second {
			continue
		}
		to, err := netmail.ParseAddress(o.To)
		if err != nil {
			t.Fatalf("outbox %d: To %q: %v", o.ID, o.To, err)
		}
		n := 0
		for _, m := range readMaildir(t, d.stack, to.Address) {
			if m.id == o.MessageID {
				n++
			}
		}
		verb := map[int]string{0: "resend", 1: "sent"}[n]
		if verb == "" {
			t.Errorf("uncertain outbox %d (%s to %s) arrived %d times", o.ID, o.Template, o.To, n)
			continue
		}
		out, err := try("outbox", verb, strconv.FormatInt(o.ID, 10))
		switch now, _ := st.Read().Outgoing(context.Background(), o.ID); {
		case err == nil && n == 0:
			d.uncertainResent++
		case err == nil:
			d.uncertainArrived++
		case now != nil && now.Status == store.OutboxSent && strings.Contains(out, "only"):
			d.uncertainAnswered++
		default:
			t.Fatalf("rapport outbox %s %d: %v\n%s", verb, o.ID, err, out)
		}
	}
}

// scriptsDone says whether every contact has done all it will.
func (d *crashDriver) scriptsDone() bool {
	for _, p := range d.people {
		if p.request == "" || p.noted || (p.step >= 0 && p.kind != kindSilent) {
			return false
		}
	}
	return true
}

// want is the status the scenario leads each kind of contact to.
var crashWant = map[crashKind]workflow.Status{
	kindReply: workflow.StatusReplied, kindLate: workflow.StatusReplied, kindAway: workflow.StatusReplied,
	kindSilent: workflow.StatusNoResponse, kindBounce: workflow.StatusBounced, kindMeet: workflow.StatusMet,
	kindMoved: workflow.StatusMet, kindCancels: workflow.StatusReplied,
}

// settled says whether every contact reached its status, and nothing
// waits in the outbox.
func (d *crashDriver) settled(st *store.Store) bool {
	ctx := context.Background()
	for _, p := range d.people {
		c, err := st.Read().ContactByEmail(ctx, p.addr)
		if err != nil || c.State.Status != crashWant[p.kind] {
			return false
		}
	}
	pending, err := st.Read().ListOutbox(ctx, store.OutboxFilter{Statuses: []string{store.OutboxApproved, store.OutboxSending}})
	return err == nil && len(pending) == 0
}

// statuses lists each contact's status, for a failure message.
func (d *crashDriver) statuses(st *store.Store) string {
	var b strings.Builder
	for _, p := range d.people {
		c, err := st.Read().ContactByEmail(context.Background(), p.addr)
		if err != nil {
			fmt.Fprintf(&b, "%s: %v\n", p.name, err)
			continue
		}
		fmt.Fprintf(&b, "%s (%s): %s, want %s\n", p.name, p.kind, c.State.Status, crashWant[p.kind])
	}
	pending, _ := st.Read().ListOutbox(context.Background(), store.OutboxFilter{Statuses: []string{store.OutboxApproved, store.OutboxSending}})
	for _, o := range pending {
		fmt.Fprintf(&b, "outbox %d %s to %s: %s (%s)\n", o.ID, o.Template, o.To, o.Status, o.LastError)
	}
	return b.String()
}

// verify checks what the run left against what the test did and saw, and
// returns the counts.
func (d *crashDriver) verify(st *store.Store, logPath string) string {
	t := d.t
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+st.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}

	// Every message handed to Postfix for the owner was recorded once and
	// applied once: one history entry of its event (a command: one receipt).
	owners := readMaildir(t, d.stack, d.owner)
	receipts := map[string]int{}
	for _, m := range owners {
		receipts[m.inReplyTo]++
	}
	for _, in := range d.in {
		var n int
		db.QueryRow(`SELECT count(*) FROM messages WHERE message_id = ? AND direction = 'in'`, in.id).Scan(&n)
		if n != 1 {
			t.Errorf("incoming <%s> from %s recorded %d times, want once", in.id, in.contact, n)
		}
		if in.event == "" {
			if receipts[in.id] != 1 {
				t.Errorf("command <%s> answered by %d receipts, want one", in.id, receipts[in.id])
			}
			continue
		}
		db.QueryRow(`SELECT count(*) FROM history WHERE message_id = ? AND kind = ?`, in.id, string(in.event)).Scan(&n)
		if n != 1 {
			t.Errorf("incoming <%s> from %s: %d %s entries in the history, want 1", in.id, in.contact, n, in.event)
		}
	}

	// No mailbox received a Message-ID twice; every message rapport says
	// it sent arrived exactly once, and an uncertain one at most once.
	arrived := map[string]int{}
	boxes := append([]string{d.owner}, func() []string {
		var l []string
		for _, p := range d.people {
			l = append(l, p.addr)
		}
		return l
	}()...)
	for _, addr := range boxes {
		seen := map[string]bool{}
		for _, m := range readMaildir(t, d.stack, addr) {
			if seen[m.id] {
				t.Errorf("%s received <%s> twice", addr, m.id)
			}
			seen[m.id] = true
			arrived[m.id]++
		}
	}
	all, err := st.Read().ListOutbox(ctx, store.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byStatus := map[string]int{}
	for _, o := range all {
		byStatus[o.Status]++
		switch o.Status {
		case store.OutboxSent:
			if arrived[o.MessageID] != 1 {
				t.Errorf("outbox %d (%s to %s) is sent but arrived %d times", o.ID, o.Template, o.To, arrived[o.MessageID])
			}
		case store.OutboxUncertain:
			t.Errorf("outbox %d (%s to %s) is still uncertain", o.ID, o.Template, o.To)
		case store.OutboxFailed:
			t.Errorf("outbox %d (%s to %s) failed: %s", o.ID, o.Template, o.To, o.LastError)
		}
	}

	// Each contact: there, at its status, with its history, nudged as the
	// scenario says and never after they replied.
	for _, p := range d.people {
		c, err := st.Read().ContactByEmail(ctx, p.addr)
		if err != nil {
			t.Errorf("%s: %v", p.name, err)
			continue
		}
		if c.State.Status != crashWant[p.kind] {
			t.Errorf("%s (%s) ends %s, want %s", p.name, p.kind, c.State.Status, crashWant[p.kind])
		}
		h, err := st.Read().History(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, e := range h {
			kinds[e.Kind]++
		}
		for _, k := range []workflow.EventKind{workflow.EventAdded, workflow.EventRequestDrafted, workflow.EventRequestSent} {
			if kinds[string(k)] != 1 {
				t.Errorf("%s: %d %s in the history, want 1", p.name, kinds[string(k)], k)
			}
		}
		nudges := 0
		for _, m := range readMaildir(t, d.stack, p.addr) {
			if m.inReplyTo == "" {
				continue
			}
			nudges++
			if !p.repliedAt.IsZero() && m.mtime.After(p.repliedAt) {
				t.Errorf("%s received a nudge <%s> at %s, after their reply at %s", p.name, m.id, m.mtime.Format(time.StampMilli), p.repliedAt.Format(time.StampMilli))
			}
		}
		want := map[crashKind]int{kindSilent: 2, kindLate: 1}[p.kind]
		if nudges != want || kinds[string(workflow.EventNudgeSent)] != nudges {
			t.Errorf("%s (%s): %d nudges arrived, %d in the history; want %d", p.name, p.kind, nudges, kinds[string(workflow.EventNudgeSent)], want)
		}
		if strings.Count(c.Notes, "crash note for "+p.name) != boolInt(noteWanted(d, p)) {
			t.Errorf("%s: notes %q; want the owner's note once", p.name, c.Notes)
		}
	}

	var digests int
	db.QueryRow(`SELECT count(*) FROM outbox WHERE template = 'digest' AND status = 'sent'`).Scan(&digests)
	log, _ := os.ReadFile(logPath)
	resent := strings.Count(string(log), "never reached the server whole")
	return fmt.Sprintf("%d messages delivered to the owner, each applied once; outbox %v (%d digests); "+
		"%d sends interrupted before the end of data and sent again by rapport; %d uncertain, settled as the owner would: "+
		"%d had arrived (marked sent), %d had not (resent by the owner), %d were answered first (marked sent by rapport)",
		len(d.in), byStatus, digests, resent, len(d.uncertain), d.uncertainArrived, d.uncertainResent, d.uncertainAnswered)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// noteWanted says whether the owner sent a note about p.
func noteWanted(d *crashDriver, p *crashContact) bool {
	for _, in := range d.in {
		if in.event == "" && in.contact == p.addr {
			return true
		}
	}
	return false
}
