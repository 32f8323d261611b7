package daemon

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/transport/smtpout"
	"github.com/rapport-mail/rapport/workflow"
)

// Network and server faults: Dovecot restarted in the middle of a FETCH,
// the path to Dovecot or Postfix cut without a FIN, and SMTP answers a
// real server gives on its own schedule (421). Storage faults are in
// faults_disk_test.go.

// tcpProxy forwards TCP connections to a server, and can cut them the way
// a network does: silently. A cut connection is neither forwarded nor
// read any more, and neither side is closed (until the test ends), so the
// endpoints only learn of it by their own timeouts.
type tcpProxy struct {
	t       testing.TB
	ln      net.Listener
	target  string
	stop    chan struct{}  // closed when the test ends: held connections close
	accepts chan proxyConn // each connection as it is accepted
	wg      sync.WaitGroup

	mu    sync.Mutex
	cut   bool // new connections are held, existing ones were cut
	conns []*proxyConn
	// rate limits server→client bytes per second; 0 for no limit.
	rate int
	// trigger, when set, cuts the next connection whose client sends it,
	// right after forwarding it; it fires once.
	trigger []byte
}

// proxyConn is one proxied connection.
type proxyConn struct {
	at     time.Time
	held   bool // accepted while the path was cut: never forwarded
	client net.Conn
	server net.Conn // nil when held
	dead   *atomic.Bool
}

func startProxy(t testing.TB, target string) *tcpProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{t: t, ln: ln, target: target, stop: make(chan struct{}), accepts: make(chan proxyConn, 256)}
	p.wg.Go(p.serve)
	t.Cleanup(func() {
		ln.Close()
		close(p.stop)
		p.mu.Lock()
		for _, c := range p.conns {
			c.client.Close()
			if c.server != nil {
				c.server.Close()
			}
		}
		p.mu.Unlock()
		p.wg.Wait()
	})
	return p
}

// hostPort returns the proxy's address, split.
func (p *tcpProxy) hostPort() (string, int) {
	host, port, _ := net.SplitHostPort(p.ln.Addr().String())
	n, _ := strconv.Atoi(port)
	return host, n
}

func (p *tcpProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		pc := &proxyConn{at: time.Now(), client: c, dead: new(atomic.Bool)}
		p.mu.Lock()
		pc.held = p.cut
		p.conns = append(p.conns, pc)
		p.mu.Unlock()
		if pc.held {
			// The path is down: the client's handshake went through (the
			// kernel accepted it) but nothing ever answers.
			pc.dead.Store(true)
			p.accepts <- *pc
			continue
		}
		s, err := net.DialTimeout("tcp", p.target, 5*time.Second)
		if err != nil {
			c.Close() // the server is down: refused, as the network would say
			continue
		}
		p.mu.Lock()
		pc.server = s
		p.mu.Unlock()
		p.accepts <- *pc
		p.wg.Go(func() { p.forward(pc, s, c, true) })
		p.wg.Go(func() { p.forward(pc, c, s, false) })
	}
}

// forward copies src to dst until either ends, or holds still once the
// connection is cut.
func (p *tcpProxy) forward(pc *proxyConn, dst, src net.Conn, up bool) {
	buf := make([]byte, 4096)
	var tail []byte // the end of what went up, to find a trigger across reads
	for {
		n, err := src.Read(buf)
		data := buf[:n]
		if pc.dead.Load() {
			<-p.stop // cut: read no more, forward nothing, close nothing
			return
		}
		if up && n > 0 {
			if end := p.match(&tail, data); end >= 0 {
				// Dead before the last bytes leave: the server's answer to
				// them must not race back through the other direction.
				pc.dead.Store(true)
				dst.Write(data[:end])
				<-p.stop
				return
			}
		}
		if !up && n > 0 {
			p.mu.Lock()
			rate := p.rate
			p.mu.Unlock()
			if rate > 0 {
				time.Sleep(time.Duration(n) * time.Second / time.Duration(rate)) // a slow link, on purpose
			}
			if pc.dead.Load() {
				<-p.stop
				return
			}
		}
		if n > 0 {
			if _, werr := dst.Write(data); werr != nil {
				err = werr
			}
		}
		if err != nil {
			if pc.dead.Load() {
				<-p.stop
				return
			}
			// An end the endpoints chose (a FIN, a reset): pass it on.
			pc.client.Close()
			pc.server.Close()
			return
		}
	}
}

// match reports where the proxy's trigger ends in data (given the tail
// of what came before), consuming the trigger; -1 when it is not there.
func (p *tcpProxy) match(tail *[]byte, data []byte) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.trigger == nil {
		return -1
	}
	joined := append(append([]byte(nil), *tail...), data...)
	i := bytes.Index(joined, p.trigger)
	if i < 0 {
		*tail = joined[max(0, len(joined)-len(p.trigger)):]
		return -1
	}
	end := i + len(p.trigger) - len(*tail)
	p.trigger = nil
	return end
}

// cutAll cuts every connection, and holds new ones, until restore.
func (p *tcpProxy) cutAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = true
	for _, c := range p.conns {
		c.dead.Store(true)
	}
}

// restore forwards new connections again; those cut stay dead, as after
// a NAT or a Wi-Fi change that lost their state.
func (p *tcpProxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = false
}

func (p *tcpProxy) setRate(bytesPerSecond int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rate = bytesPerSecond
}

// cutAfter arms the trigger: the next connection whose client sends s is
// cut right after s reaches the server.
func (p *tcpProxy) cutAfter(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.trigger = []byte(s)
}

// nextAccept waits for the next connection the proxy accepts.
func (p *tcpProxy) nextAccept(within time.Duration) proxyConn {
	p.t.Helper()
	select {
	case c := <-p.accepts:
		return c
	case <-time.After(within):
		p.t.Fatalf("no new connection reached the proxy within %s", within)
		return proxyConn{}
	}
}

// drainAccepts forgets the connections accepted so far.
func (p *tcpProxy) drainAccepts() {
	for {
		select {
		case <-p.accepts:
		default:
			return
		}
	}
}

// viaProxy makes the daemon reach its IMAP server through p.
func (h *harness) viaProxy(p *tcpProxy) {
	h.cfg.IMAP.Host, h.cfg.IMAP.Port = p.hostPort()
}

// logRecorder keeps the daemon's log lines (level, message and
// attributes, on one line) for a test to look for, and passes them on to
// the test's log.
type logRecorder struct {
	mu    sync.Mutex
	lines []string
}

func recordLog(t testing.TB) (*slog.Logger, *logRecorder) {
	rec := &logRecorder{}
	return slog.New(recHandler{next: testSlog(t).Handler(), rec: rec}), rec
}

type recHandler struct {
	next  slog.Handler
	rec   *logRecorder
	attrs string
}

func (h recHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h recHandler) Handle(ctx context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Level.String() + " " + r.Message + h.attrs)
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	})
	h.rec.mu.Lock()
	h.rec.lines = append(h.rec.lines, b.String())
	h.rec.mu.Unlock()
	return h.next.Handle(ctx, r)
}

func (h recHandler) WithAttrs(as []slog.Attr) slog.Handler {
	s := h.attrs
	for _, a := range as {
		s += fmt.Sprintf(" %s=%v", a.Key, a.Value)
	}
	return recHandler{next: h.next.WithAttrs(as), rec: h.rec, attrs: s}
}

func (h recHandler) WithGroup(name string) slog.Handler {
	return recHandler{next: h.next.WithGroup(name), rec: h.rec, attrs: h.attrs}
}

// find returns the first line holding every one of parts.
func (r *logRecorder) find(parts ...string) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
next:
	for _, l := range r.lines {
		for _, p := range parts {
			if !strings.Contains(l, p) {
				continue next
			}
		}
		return l, true
	}
	return "", false
}

// wait polls for a line holding every one of parts until within passes.
func (r *logRecorder) wait(t testing.TB, within time.Duration, parts ...string) string {
	t.Helper()
	deadline := time.Now().Add(within)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if l, ok := r.find(parts...); ok {
			return l
		}
		if time.Now().After(deadline) {
			t.Fatalf("no log line with %q within %s", parts, within)
		}
		<-tick.C
	}
}

// appendAll appends the messages to the user's INBOX over a few
// connections at once, each pipelining its APPENDs, and returns the UID
// each got (from UIDPLUS's APPENDUID), in the order of msgs.
func appendAll(t testing.TB, stack *mailstack.Stack, addr string, msgs []string) []uint32 {
	t.Helper()
	const conns = 8
	uids := make([]uint32, len(msgs))
	errs := make(chan error, conns)
	var wg sync.WaitGroup
	for k := range conns {
		c := ownerClient(t, stack, addr)
		wg.Go(func() {
			var cmds []*imapclient.AppendCommand
			var idx []int
			for i := k; i < len(msgs); i += conns {
				cmd := c.Append("INBOX", int64(len(msgs[i])), nil)
				if _, err := cmd.Write([]byte(msgs[i])); err != nil {
					errs <- fmt.Errorf("append %d: %w", i, err)
					return
				}
				if err := cmd.Close(); err != nil {
					errs <- fmt.Errorf("append %d: %w", i, err)
					return
				}
				cmds, idx = append(cmds, cmd), append(idx, i)
			}
			for j, cmd := range cmds {
				data, err := cmd.Wait()
				if err != nil || data.UID == 0 {
					errs <- fmt.Errorf("append %d: UID %d, %v", idx[j], data.UID, err)
					return
				}
				uids[idx[j]] = uint32(data.UID)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	return uids
}

// checkpoint returns the INBOX's last committed UID.
func (h *harness) checkpoint() uint32 {
	h.t.Helper()
	cp, err := h.store.Read().Mailbox(context.Background(), "INBOX")
	if err != nil {
		h.t.Fatalf("read the checkpoint: %v", err)
	}
	return cp.LastUID
}

// recordedOnce checks that each Message-ID is recorded, with its UID
// (the key is unique, so recorded means recorded once).
func (h *harness) recordedOnce(uidOf map[string]uint32) {
	h.t.Helper()
	for id, uid := range uidOf {
		m, err := h.store.Read().MessageByKey(context.Background(), id)
		if err != nil {
			h.t.Fatalf("message <%s>: %v; want it recorded", id, err)
		}
		if m.UID != uid {
			h.t.Fatalf("message <%s> recorded with UID %d, want %d", id, m.UID, uid)
		}
	}
}

// Dovecot restarted in the middle of fetching a backlog of 2,000
// messages: the session dies mid-FETCH, the daemon reconnects and
// carries on from its checkpoint. Every message is handled exactly once,
// every contact's reply is applied once, and the checkpoint reaches the
// last UID.
func TestDovecotRestartMidFetch(t *testing.T) {
	h, stack, owner := dovecotHarness(t)
	proxy := startProxy(t, stack.IMAPAddr) // only to slow the fetch down
	h.viaProxy(proxy)
	log, rec := recordLog(t)
	h.log = log
	const total, fromContacts = 2000, 40
	var ids []int64
	for i := range fromContacts {
		c := h.contact(fmt.Sprintf("Contact %d", i), fmt.Sprintf("c%d@firm%d.example", i, i), workflow.StatusRequested, fmt.Sprintf("req-%d@owner.example", i))
		ids = append(ids, c.ID)
	}
	h.start() // the first start, on the empty mailbox, sets the checkpoint
	h.stop()

	var msgs, keys []string
	uidOf := map[string]uint32{}
	for i := range total {
		id := fmt.Sprintf("other-%d@random.example", i)
		raw := mail(fmt.Sprintf("Stranger %d <s%d@random.example>", i, i), "Hello "+strconv.Itoa(i), id, "", time.Now())
		if i%(total/fromContacts) == 0 {
			n := i / (total / fromContacts)
			id = fmt.Sprintf("reply-%d@firm.example", i)
			raw = mail(fmt.Sprintf("Contact %d <c%d@firm%d.example>", n, n, n), "Re: hello", id, fmt.Sprintf("req-%d@owner.example", n), time.Now())
		}
		msgs = append(msgs, strings.ReplaceAll(raw, "alex@owner.example", owner))
		keys = append(keys, id)
	}
	for i, uid := range appendAll(t, stack, owner, msgs) {
		uidOf[keys[i]] = uid
	}

	// A slow link: the backlog takes seconds to fetch, so the restart
	// lands in the middle of it.
	proxy.setRate(400 << 10)
	h.launch()
	const first = 250 // one batch: the fetch is under way
	seen := map[uint32]int{}
	for len(seen) < first {
		seen[h.waitHandled().uid]++
	}
	if cp := h.checkpoint(); cp >= total {
		t.Fatalf("the backlog was done (checkpoint %d) before the restart; the test proves nothing", cp)
	}
	if err := stack.RestartDovecot(); err != nil {
		t.Fatalf("RestartDovecot() error = %v", err)
	}
	proxy.setRate(0)
	for len(seen) < total {
		m := h.waitHandled()
		if seen[m.uid]++; seen[m.uid] > 1 {
			t.Fatalf("UID %d handled twice", m.uid)
		}
	}
	h.waitHealthy() // the new session caught up: nothing more is coming
	select {
	case m := <-h.handled:
		t.Fatalf("a message was handled again after the backlog: %+v", m)
	default:
	}
	for uid := range uint32(total) {
		if seen[uid+1] != 1 {
			t.Fatalf("UID %d handled %d times, want once", uid+1, seen[uid+1])
		}
	}
	// The session that was cut had not caught up: the restart did hit the
	// fetch, not an idle connection.
	if _, ok := rec.find("mailbox session ended; reconnecting", "synced=false"); !ok {
		t.Fatalf("no session ended before catching up: the restart did not interrupt the fetch")
	}
	if cp := h.checkpoint(); cp != total {
		t.Fatalf("checkpoint = %d, want the last UID %d", cp, total)
	}
	h.recordedOnce(uidOf)
	for _, id := range ids {
		if n := count(h.history(id), string(workflow.EventReplyReceived)); n != 1 || h.status(id).Status != workflow.StatusReplied {
			t.Fatalf("contact #%d: %d replies applied, status %s; want one, replied", id, n, h.status(id).Status)
		}
	}
}

// The path to Dovecot cut without a FIN while the daemon idles: no packet
// says the connection is gone. The daemon notices through its own
// liveness check (IDLE is ended every poll interval and must be answered
// within the command timeout), reconnects, and a connection attempt that
// meets the same silence is given up within the command timeout too.
// Mail delivered during the cut is handled once when the path is back.
func TestIMAPPathCutSilently(t *testing.T) {
	h, stack, owner := dovecotHarness(t)
	proxy := startProxy(t, stack.IMAPAddr)
	h.viaProxy(proxy)
	poll, timeout := time.Second, 2*time.Second
	h.cfg.IMAP.PollInterval.Duration, h.timeout = poll, timeout
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	deliver := func(id, inReplyTo string) {
		t.Helper()
		raw := strings.ReplaceAll(mail("Jane Doe <jane@acme.example>", "Re: hi", id, inReplyTo, time.Now()), "alex@owner.example", owner)
		if err := stack.Deliver("jane@acme.example", []string{owner}, []byte(raw)); err != nil {
			t.Fatalf("Deliver() error = %v", err)
		}
	}
	h.start()
	deliver("a@acme.example", "req-1@owner.example")
	if m := h.waitHandled(); m.uid != 1 || m.event != string(workflow.EventReplyReceived) {
		t.Fatalf("handled %+v, want Jane's reply", m)
	}
	proxy.drainAccepts()

	cut := time.Now()
	proxy.cutAll()
	deliver("b@acme.example", "a@acme.example")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	name, _, _ := strings.Cut(owner, "@")
	if err := stack.WaitDelivered(ctx, name, 2); err != nil {
		t.Fatal(err)
	}
	// Noticed: the daemon gave up the silent connection and dials again
	// (into the same silence). Bound: the poll interval, the timeout of
	// the check, and the first backoff step (at most a second).
	again := proxy.nextAccept(30 * time.Second)
	if took, bound := again.at.Sub(cut), poll+timeout+time.Second+time.Second; !again.held || took > bound {
		t.Fatalf("the daemon dialled again %s after the cut (held %v); want within %s", took.Round(time.Millisecond), again.held, bound)
	}
	select {
	case m := <-h.handled:
		t.Fatalf("handled %+v while the path was cut", m)
	default:
	}

	// The path is back; the connection opened into the silence stays dead.
	// The daemon must give it up within the command timeout and dial anew
	// (the second backoff step is at most two seconds).
	back := time.Now()
	proxy.restore()
	select {
	case <-h.healthy:
	case <-time.After(30 * time.Second):
		t.Fatal("the daemon never caught up after the path came back")
	}
	if took, bound := time.Since(back), timeout+2*time.Second+2*time.Second; took > bound {
		t.Fatalf("caught up %s after the path came back, want within %s: a silent connection attempt held the daemon", took.Round(time.Millisecond), bound)
	}
	if m := h.waitHandled(); m.uid != 2 || m.contact != jane.ID {
		t.Fatalf("after the cut handled %+v, want UID 2 from Jane", m)
	}
	deliver("c@acme.example", "b@acme.example")
	h.waitOnlyHandled(3)
	h.recordedOnce(map[string]uint32{"a@acme.example": 1, "b@acme.example": 2, "c@acme.example": 3})
	if h.checkpoint() != 3 {
		t.Fatalf("checkpoint = %d, want 3", h.checkpoint())
	}
}

// The path to Postfix cut without a FIN in the middle of a send, twice:
// right after the end of data reached the server (whose answer never
// comes back), and right after DATA (the message never reached it whole).
// The first is ambiguous, so it is left uncertain and never sent again;
// the second was certainly not delivered, so it is retried and goes once.
// The recipient's mailbox ends with each message exactly once.
func TestSMTPPathCutSilently(t *testing.T) {
	stack := mailstack.Shared(t)
	proxy := startProxy(t, stack.SMTPAddr)
	host, port := proxy.hostPort()
	// Postfix's port for other MTAs takes mail for its users in plaintext;
	// short timeouts keep the test quick (DataTimeout is what makes the
	// first case ambiguous rather than slow).
	m, err := smtpout.New(smtpout.Config{Host: host, Port: port, TLS: config.TLSNone,
		Timeout: 2 * time.Second, DataTimeout: 2 * time.Second, HELO: "rapport.test"})
	if err != nil {
		t.Fatal(err)
	}
	h, _, _, clock := sendHarness(t, m)
	danaAddr, err := stack.AddUser(fmt.Sprintf("dana%d", userSeq.Add(1)), "dana-secret")
	if err != nil {
		t.Fatal(err)
	}
	dana := h.newContact("Dana Scully", danaAddr, workflow.StatusNew)
	h.start()

	proxy.cutAfter("\r\n.\r\n")
	ended := h.queue(dana, "keep_in_touch", "Ended before the cut")
	if o := h.waitSent(ended.ID); o.Status != store.OutboxUncertain || o.Attempts != 1 {
		t.Fatalf("cut after the end of data: %s after %d attempts (%s); want uncertain", o.Status, o.Attempts, o.LastError)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	name, _, _ := strings.Cut(danaAddr, "@")
	if err := stack.WaitDelivered(ctx, name, 1); err != nil {
		t.Fatalf("Postfix had the whole message and should deliver it: %v", err)
	}

	proxy.cutAfter("DATA\r\n")
	cutShort := h.queue(dana, "keep_in_touch", "Cut during the data")
	o := h.waitSent(cutShort.ID)
	if o.Status != store.OutboxApproved || o.Attempts != 1 || !o.NotBefore.After(clock.Now()) {
		t.Fatalf("cut after DATA: %s after %d attempts, not before %s (%s); want approved for later", o.Status, o.Attempts, o.NotBefore, o.LastError)
	}
	clock.Add(time.Hour)
	h.daemon.Kick()
	if o := h.waitSent(cutShort.ID); o.Status != store.OutboxSent || o.Attempts != 2 {
		t.Fatalf("the retry: %s after %d attempts (%s); want sent on the second", o.Status, o.Attempts, o.LastError)
	}
	if err := stack.WaitDelivered(ctx, name, 2); err != nil {
		t.Fatal(err)
	}
	got, _ := h.store.Read().Outgoing(context.Background(), ended.ID)
	if got.Status != store.OutboxUncertain || got.Attempts != 1 {
		t.Fatalf("the uncertain message is now %s after %d attempts; it must wait for the owner", got.Status, got.Attempts)
	}
	var subjects []string
	for _, msg := range readInbox(t, stack, danaAddr, "dana-secret") {
		subjects = append(subjects, msg.Subject)
	}
	if strings.Join(subjects, "|") != "Ended before the cut|Cut during the data" {
		t.Fatalf("Dana received %q; want each message once", subjects)
	}
}

// A server that answers the end of the data with 421 and closes (as one
// shutting down does): the message was not taken, so it is retried later
// and the server ends up with it exactly once.
func TestSMTP421AfterData(t *testing.T) {
	sink := startSink(t, func(n int) string { return []string{"421", "ok"}[min(n, 1)] })
	h, _, _, clock := sendHarness(t, sink.mailer(t))
	jane := h.newContact("Jane Doe", "jane@acme.example", workflow.StatusNew)
	h.start()

	later := h.queue(jane, "keep_in_touch", "News")
	o := h.waitSent(later.ID)
	if o.Status != store.OutboxApproved || !strings.Contains(o.LastError, "421") || !o.NotBefore.After(clock.Now()) || o.Attempts != 1 {
		t.Fatalf("after a 421: %s, %q, not before %s, %d attempts; want approved for later", o.Status, o.LastError, o.NotBefore, o.Attempts)
	}
	if n := len(sink.messages()); n != 0 {
		t.Fatalf("the sink accepted %d messages, want none yet", n)
	}
	clock.Add(time.Hour)
	h.daemon.Kick()
	if o := h.waitSent(later.ID); o.Status != store.OutboxSent || o.Attempts != 2 {
		t.Fatalf("the retry: %s after %d attempts (%s), want sent on the second", o.Status, o.Attempts, o.LastError)
	}
	if got := sink.messages(); len(got) != 1 || !bytes.Contains(got[0], []byte("Subject: News\r\n")) {
		t.Fatalf("the sink accepted %d messages, want the one, once", len(got))
	}
}
