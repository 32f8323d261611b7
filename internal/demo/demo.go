// Package demo plays rapport's main job on an embedded default, with no
// mail account: the real daemon (package daemon, the same code as
// "rapport run") watches an in-process IMAP server and sends through an
// in-process SMTP server on loopback, with a throwaway database, the
// default templates and a clock that runs fast. A story plays the owner
// and their contacts, and the narration says what rapport did at each
// step. Every message that crossed the wire is saved as an .eml file.
package demo

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/daemon"
	"github.com/rapport-mail/rapport/internal/offsetclock"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
)

// Options say where the demo writes.
type Options struct {
	Out io.Writer // the narration
	// Dir is where the database and the .eml files go; "" for a new
	// temporary directory. Directories the demo creates are 0700 and its
	// files 0600: the messages carry names and addresses.
	Dir string
	// Keep leaves the database for "rapport list --db" to explore; without
	// it the database is removed at the end (the messages stay).
	Keep bool
	// Log, when set, receives the daemon's own log.
	Log *slog.Logger
}

// Result is what the demo leaves behind.
type Result struct {
	Dir      string   // where everything is
	Database string   // "" when it was removed
	Messages []string // the .eml files, in the order they crossed the wire
}

// owner is the demo's owner and their mailbox.
const (
	ownerName    = "Alex Example"
	ownerAddress = "alex@example.com"
	rapportAddr  = "alex+rapport@example.com"
	password     = "demo"
)

// Run plays the story. It returns an error when a step did not happen as
// the story expects within a bounded wait: the demo is also a test.
func Run(ctx context.Context, opts Options) (*Result, error) {
	dir := opts.Dir
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "rapport-demo-"); err != nil {
			return nil, err
		}
	}
	mailDir := filepath.Join(dir, "messages")
	if err := os.MkdirAll(mailDir, 0o700); err != nil {
		return nil, err
	}
	zone, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return nil, fmt.Errorf("demo: the time zone database is missing: %w", err)
	}
	// The narration is written from the story and from the mail servers'
	// goroutines.
	s := &story{out: &lockedWriter{w: opts.Out}, zone: zone, clock: &offsetclock.Clock{}}
	s.clock.Set(time.Date(2026, 3, 2, 6, 0, 0, 0, zone)) // a Monday
	box, err := startMailbox(ownerAddress, password, mailDir)
	if err != nil {
		return nil, err
	}
	defer box.close()
	s.box = box
	box.said = s.said

	dbPath := filepath.Join(dir, "rapport.db")
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		return nil, err
	}
	s.store = st
	cfg := s.config(box)
	set, err := templates.Load("")
	if err != nil {
		st.Close()
		return nil, err
	}
	var d *daemon.Daemon
	drafter := &outbox.Drafter{Config: cfg, Now: s.clock.Now,
		Templates: func() (*templates.Set, error) { return set, nil }, Kick: func() { d.Kick() }}
	s.track = contacts.New(cfg.Policy(), drafter)
	s.ev = newEvents()
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	d, err = daemon.New(daemon.Options{
		Config: cfg, Store: st, Tracker: s.track, Drafter: drafter, Log: log, Now: s.clock.Now,
		CommandTimeout: 10 * time.Second,
		Handled:        s.ev.onHandled, Sent: s.ev.onSent, Fired: s.ev.onFired, Healthy: s.ev.onHealthy,
	})
	if err != nil {
		st.Close()
		return nil, err
	}
	s.daemon = d
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { d.Run(runCtx) })
	fmt.Fprintf(s.out, "rapport demo: the real daemon, an in-process mailbox (IMAP %s, SMTP %s:%d) and a clock that runs fast.\n",
		box.imapAddr, box.smtpHost, box.smtpPort)
	fmt.Fprintf(s.out, "Commands by mail are accepted without the provider's authentication here: a loopback demo has none.\n")
	storyErr := s.play(ctx)
	stop()
	wg.Wait()
	st.Close()
	res := &Result{Dir: dir, Messages: box.savedFiles()}
	if storyErr != nil {
		return res, storyErr
	}
	fmt.Fprintf(s.out, "\n%d messages crossed the wire; each is saved in %s\n", len(res.Messages), mailDir)
	if opts.Keep {
		res.Database = dbPath
		fmt.Fprintf(s.out, "The demo database is kept. Explore it with:\n   rapport list --db %s\n   rapport show tomas --db %s\n", dbPath, dbPath)
	} else {
		for _, f := range []string{dbPath, dbPath + "-wal", dbPath + "-shm"} {
			if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
				return res, err
			}
		}
		fmt.Fprintf(s.out, "The demo database was removed (run with --keep to explore it).\n")
	}
	return res, nil
}

// config is the owner's configuration, pointed at the in-process servers.
func (s *story) config(box *mailbox) *config.Config {
	cfg := config.Default()
	cfg.Owner.Name, cfg.Owner.Addresses, cfg.Owner.TimeZone = ownerName, []string{ownerAddress}, "Europe/Berlin"
	cfg.Owner.Background = "I am moving from civil engineering into product design and would value your view of the field."
	cfg.Owner.Signature = "Alex Example"
	cfg.IMAP.Host, cfg.IMAP.TLS = "127.0.0.1", config.TLSNone
	fmt.Sscan(box.imapAddr[len("127.0.0.1:"):], &cfg.IMAP.Port)
	cfg.IMAP.Username, cfg.IMAP.Password = ownerAddress, password
	// The memory server may miss an IDLE notification; polling catches it.
	cfg.IMAP.PollInterval = config.Duration{Duration: 200 * time.Millisecond}
	cfg.SMTP.Host, cfg.SMTP.Port, cfg.SMTP.TLS = box.smtpHost, box.smtpPort, config.TLSNone
	cfg.Workflow.SendMode = config.SendApprove
	cfg.Workflow.SendWindow = config.SendWindow{Days: "Mon-Sun", Hours: "00:00-24:00"}
	cfg.Workflow.MinGap = config.Duration{Duration: time.Millisecond}
	cfg.Workflow.DailyCap = 1000
	cfg.Commands.RequireAuth = false
	cfg.Commands.Addresses = []string{rapportAddr}
	cfg.Digest.Enabled, cfg.Digest.Time = true, "07:30"
	return cfg
}

func (m *mailbox) savedFiles() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.files...)
}

//go:embed Connections.csv
var connections string

// lockedWriter writes to w one call at a time.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
