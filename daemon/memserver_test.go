package daemon

import (
	"context"
	"crypto/tls"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/internal/rig/memimap"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// memIMAP is go-imap's in-process server on loopback, for fast tests
// (see internal/rig/memimap), with the names the daemon's tests use.
type memIMAP struct {
	*memimap.Server
	addr string
	user *imapmemserver.User
}

func startMemIMAP(t testing.TB, caps imap.CapSet) *memIMAP {
	t.Helper()
	s := memimap.Start(t, caps)
	return &memIMAP{Server: s, addr: s.Addr, user: s.User}
}

// deliver appends a message to a folder, as a delivery would.
func (m *memIMAP) deliver(folder, raw string, at time.Time) { m.Deliver(folder, []byte(raw), at) }

// harness runs the daemon against an IMAP server and a real database.
type harness struct {
	t       testing.TB
	tls     *tls.Config
	cfg     *config.Config
	store   *store.Store
	track   *contacts.Tracker
	handled chan handledMsg
	healthy chan string
	// For the sender: mailer (nil sends nothing unless smtp.host is set),
	// the clock (nil for time.Now) and what it did, in sent.
	mailer  Mailer
	smtpTLS *tls.Config
	drafter *outbox.Drafter
	now     func() time.Time
	sent    chan store.Outgoing
	fired   chan firedTimer
	// digested reports each day's digest, as the daemon commits it.
	digested chan digested
	// submitted counts the messages a test sent to the owner's inbox
	// itself, so that it knows how many the inbox must hold.
	submitted int
	// timeout is the daemon's CommandTimeout (0 for 10 s); log, when set,
	// receives the daemon's log instead of the test's log alone.
	timeout time.Duration
	log     *slog.Logger
	daemon  *Daemon
	cancel  context.CancelFunc
	done    chan struct{}
}

// digested is a day's digest, as the daemon committed it.
type digested struct {
	day string
	o   *store.Outgoing
}

// firedTimer is a timer whose outcome the daemon committed.
type firedTimer struct {
	contact int64
	timer   workflow.TimerKind
	event   string
}

type handledMsg struct {
	uid     uint32
	contact int64
	event   string
}

func newHarness(t testing.TB, addr string) *harness {
	t.Helper()
	host, port, _ := net.SplitHostPort(addr)
	cfg := config.Default()
	cfg.Owner.Name = "Alex Example"
	cfg.Owner.Addresses = []string{"alex@owner.example"}
	cfg.IMAP.Host = host
	cfg.IMAP.Port, _ = strconv.Atoi(port)
	cfg.IMAP.TLS = config.TLSNone
	cfg.IMAP.Username, cfg.IMAP.Password = "alex", "secret"
	// go-imap's memory server drops some IDLE notifications (an append just
	// as IDLE starts is never announced): a short poll interval lets the
	// daemon's safety net catch those quickly. Real IDLE is proven on Dovecot.
	cfg.IMAP.PollInterval = config.Duration{Duration: 200 * time.Millisecond}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &harness{t: t, cfg: cfg, store: st, track: contacts.New(workflow.DefaultPolicy(time.UTC), nil)}
}

// start runs the daemon until the test ends or stop is called, and waits
// until it has caught up with the mailbox.
func (h *harness) start() {
	h.t.Helper()
	h.launch()
	h.waitHealthy()
}

// launch runs the daemon until the test ends or stop is called, without
// waiting for anything.
func (h *harness) launch() {
	h.t.Helper()
	h.handled = make(chan handledMsg, 16384)
	h.sent = make(chan store.Outgoing, 4096)
	h.fired = make(chan firedTimer, 1024)
	h.digested = make(chan digested, 64)
	h.healthy = make(chan string, 64)
	ctx, cancel := context.WithCancel(context.Background())
	timeout, log := h.timeout, h.log
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	if log == nil {
		log = testSlog(h.t)
	}
	d, err := New(Options{
		Config: h.cfg, Store: h.store, Tracker: h.track, Log: log, CommandTimeout: timeout, TLS: h.tls,
		Handled: func(folder string, uid uint32, contact int64, event string) {
			select { // a test that stopped reading must not block the daemon's shutdown
			case h.handled <- handledMsg{uid, contact, event}:
			case <-ctx.Done():
			}
		},
		Healthy: func(folder string) {
			select {
			case h.healthy <- folder:
			case <-ctx.Done():
			}
		},
		Mailer: h.mailer, Now: h.now, SMTPTLS: h.smtpTLS, Drafter: h.drafter,
		Digested: func(day string, o *store.Outgoing) {
			select {
			case h.digested <- digested{day, o}:
			case <-ctx.Done():
			}
		},
		Fired: func(contact int64, timer workflow.TimerKind, event string) {
			select {
			case h.fired <- firedTimer{contact, timer, event}:
			case <-ctx.Done():
			}
		},
		Sent: func(o store.Outgoing) {
			select {
			case h.sent <- o:
			case <-ctx.Done():
			}
		},
	})
	if err != nil {
		cancel()
		h.t.Fatalf("New() error = %v", err)
	}
	h.daemon = d
	h.cancel, h.done = cancel, make(chan struct{})
	go func() { d.Run(ctx); close(h.done) }()
	h.t.Cleanup(h.stop)
}

func (h *harness) stop() {
	if h.cancel != nil {
		h.cancel()
		<-h.done
		h.cancel = nil
	}
}

func (h *harness) waitHealthy() {
	h.t.Helper()
	select {
	case <-h.healthy:
	case <-time.After(30 * time.Second):
		h.t.Fatalf("the daemon never caught up with the mailbox")
	}
}

// waitOnlyHandled waits for the next handled message, which must be
// UID uid, and checks that no other is waiting behind it: nothing
// handled twice, nothing skipped.
func (h *harness) waitOnlyHandled(uid uint32) {
	h.t.Helper()
	if m := h.waitHandled(); m.uid != uid {
		h.t.Fatalf("then handled UID %d, want %d: nothing twice, nothing skipped", m.uid, uid)
	}
	select {
	case m := <-h.handled:
		h.t.Fatalf("a message was handled twice: %+v", m)
	default:
	}
}

// waitHandled waits for the next handled message.
func (h *harness) waitHandled() handledMsg {
	h.t.Helper()
	select {
	case m := <-h.handled:
		return m
	case <-time.After(30 * time.Second):
		h.t.Fatalf("no message was handled")
		return handledMsg{}
	}
}

// contact adds a contact, new or requested, with the request rapport sent
// them recorded so that replies thread to it (see fixture.Contact).
func (h *harness) contact(name, email string, status workflow.Status, requestID string) *store.Contact {
	h.t.Helper()
	return fixture.Contact(h.t, h.store, h.track, name, email, status, requestID)
}

func (h *harness) status(id int64) workflow.State {
	h.t.Helper()
	c, err := h.store.Read().Contact(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return c.State
}
