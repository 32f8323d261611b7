package inbound

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/contacts"
	rig "github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// fixture is a Handler on a real database, with no server: what a message
// means is decided and committed here, as the daemon commits it with its
// checkpoint.
type fixture struct {
	t     testing.TB
	store *store.Store
	track *contacts.Tracker
	h     *Handler
	uid   uint32
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	track := contacts.New(workflow.DefaultPolicy(time.UTC), nil)
	return &fixture{t: t, store: st, track: track, h: &Handler{Track: track, Owner: OwnerSet([]string{"alex@owner.example"}),
		Log: slog.New(slog.DiscardHandler), Now: time.Now, Kick: func() {}}}
}

// contact adds a contact, new or requested (see rig.Contact).
func (f *fixture) contact(name, email string, status workflow.Status, requestID string) *store.Contact {
	f.t.Helper()
	return rig.Contact(f.t, f.store, f.track, name, email, status, requestID)
}

// handle parses raws and handles them as one batch of INBOX, committed.
func (f *fixture) handle(raws ...string) []Outcome {
	f.t.Helper()
	var batch []Message
	for _, raw := range raws {
		f.uid++
		header, _, _ := strings.Cut(raw, "\r\n\r\n")
		batch = append(batch, Message{UID: f.uid, Header: []byte(header + "\r\n\r\n"), Parsed: classify.Parse([]byte(raw))})
	}
	var out []Outcome
	err := f.store.WithTx(context.Background(), func(tx *store.Tx) (err error) {
		out, err = f.h.Handle(context.Background(), tx, "INBOX", batch, false)
		return err
	})
	if err != nil {
		f.t.Fatalf("Handle() error = %v", err)
	}
	return out
}

func (f *fixture) status(id int64) workflow.State {
	f.t.Helper()
	c, err := f.store.Read().Contact(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return c.State
}

// mail writes a plain-text answer to the owner (see rig.Mail).
var mail = rig.Mail
