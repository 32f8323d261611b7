package daemon

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

func serviceStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestServiceNextDigest(t *testing.T) {
	ctx := context.Background()
	st := serviceStore(t)
	err := st.WithTx(ctx, func(tx *store.Tx) error {
		return tx.AddDigest(ctx, &store.Digest{Day: "2026-03-10", At: time.Date(2026, 3, 10, 7, 30, 0, 0, time.UTC)})
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := func(edit func(c *config.Config)) *config.Config {
		c := config.Default()
		c.Owner.Addresses = []string{"alex@owner.example"}
		c.Owner.TimeZone = "Europe/Berlin"
		if edit != nil {
			edit(c)
		}
		return c
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cfg  *config.Config
		now  time.Time
		want string
	}{
		{"before the hour", cfg(nil), time.Date(2026, 3, 10, 6, 0, 0, 0, berlin), "next digest 07:30"},
		{"in the owner's zone", cfg(nil), time.Date(2026, 3, 10, 5, 0, 0, 0, time.UTC), "next digest 07:30"},
		{"written today", cfg(nil), time.Date(2026, 3, 10, 9, 0, 0, 0, berlin), "next digest tomorrow 07:30"},
		{"due, not written", cfg(nil), time.Date(2026, 3, 11, 9, 0, 0, 0, berlin), "digest due now"},
		{"disabled", cfg(func(c *config.Config) { c.Digest.Enabled = false }), time.Date(2026, 3, 10, 6, 0, 0, 0, berlin), ""},
		{"no recipient", cfg(func(c *config.Config) { c.Owner.Addresses = nil }), time.Date(2026, 3, 10, 6, 0, 0, 0, berlin), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextDigest(ctx, st.Read(), tt.cfg, tt.now); got != tt.want {
				t.Fatalf("nextDigest(%v) = %q, want %q", tt.now, got, tt.want)
			}
		})
	}
}

func TestServiceStatusLine(t *testing.T) {
	ctx := context.Background()
	st := serviceStore(t)
	track := contacts.New(workflow.DefaultPolicy(time.UTC), nil)
	now := time.Date(2026, 3, 10, 6, 0, 0, 0, time.UTC)
	err := st.WithTx(ctx, func(tx *store.Tx) error {
		for _, c := range []*store.Contact{{Name: "Ann One", Email: "ann@example.com"}, {Name: "Bo Two", Email: "bo@example.com"},
			{Name: "Cy Three", Email: "cy@example.com"}} {
			if err := track.Add(ctx, tx, c, now, store.SourceCLI, "test"); err != nil {
				return err
			}
		}
		c, err := tx.ContactByEmail(ctx, "cy@example.com")
		if err != nil {
			return err
		}
		_, err = track.Apply(ctx, tx, c, workflow.Event{Kind: workflow.EventDropped}, now, store.SourceCLI)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Owner.Addresses = []string{"alex@owner.example"}
	cfg.Owner.TimeZone = "UTC"
	cfg.IMAP.Folders = []string{"Networking"}
	sv := newService(ServiceOptions{Store: st, Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }})
	want := "watching INBOX, Networking; 2 active contacts; next digest 07:30"
	if got := sv.statusLine(ctx, cfg); got != want {
		t.Fatalf("statusLine() = %q, want %q", got, want)
	}
}

func TestReloadSameConfig(t *testing.T) {
	a, b := config.Default(), config.Default()
	if !sameConfig(a, b) {
		t.Fatalf("sameConfig(Default, Default) = false, want true")
	}
	b.IMAP.Folders = []string{"Networking"}
	if sameConfig(a, b) {
		t.Fatalf("sameConfig() with another imap.folders = true, want false")
	}
	b = config.Default()
	b.SMTP.Password = "changed"
	if sameConfig(a, b) {
		t.Fatalf("sameConfig() with another smtp.password = true, want false")
	}
}

// A daemon that does not return when told to stop costs the grace
// period, not a hang.
func TestGenerationStopIsBounded(t *testing.T) {
	g := &generation{cancel: func() {}, done: make(chan struct{})}
	start := time.Now()
	if err := g.stop(50 * time.Millisecond); !errors.Is(err, errStopTimeout) {
		t.Fatalf("stop() of a daemon that never returns = %v, want errStopTimeout", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("stop() took %v, want about the grace period", took)
	}
	g = &generation{cancel: func() {}, done: make(chan struct{})}
	close(g.done)
	if err := g.stop(time.Minute); err != nil {
		t.Fatalf("stop() of a daemon that returned = %v, want nil", err)
	}
}

// Serve refuses to start rather than run half-configured: without what it
// needs, or with a broken template, which would otherwise fail at the
// first send. It says which, and how to find out more.
func TestServiceRefusesToStart(t *testing.T) {
	st := serviceStore(t)
	log := slog.New(slog.DiscardHandler)
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "request.txt"), []byte("Subject: {{.Contact.Name\n\nHi\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	withTemplates := func(dir string) *config.Config {
		c := config.Default()
		c.Paths.Templates = dir
		return c
	}
	tests := []struct {
		name   string
		opts   ServiceOptions
		want   []string
		status int // ExitStatus: ExitConfig for what the owner must fix
	}{
		{"no configuration", ServiceOptions{Store: st, Log: log}, []string{"needs a Config"}, 1},
		{"no store", ServiceOptions{Config: config.Default(), Log: log}, []string{"needs a Config, a Store"}, 1},
		{"no log", ServiceOptions{Config: config.Default(), Store: st}, []string{"and a Log"}, 1},
		{"broken template", ServiceOptions{Config: withTemplates(broken), Store: st, Log: log},
			[]string{"request.txt", "run rapport templates check"}, ExitConfig},
		{"no mailbox", ServiceOptions{Config: config.Default(), Store: st, Log: log}, []string{"no imap.host configured"}, ExitConfig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Serve(context.Background(), tt.opts)
			if err == nil {
				t.Fatalf("Serve() = nil, want an error saying %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Fatalf("Serve() = %q, want it to say %q", err, w)
				}
			}
			if got := ExitStatus(err); got != tt.status {
				t.Fatalf("ExitStatus(%q) = %d, want %d", err, got, tt.status)
			}
		})
	}
}
