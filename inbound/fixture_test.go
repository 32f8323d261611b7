package inbound

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rapport/classify"
	"rapport/store"
	"rapport/tracker"
	"rapport/workflow"
)

// fixture is a Handler on a real database, with no server: what a message
// means is decided and committed here, as the daemon commits it with its
// checkpoint.
type fixture struct {
	t     testing.TB
	store *store.Store
	track *tracker.Tracker
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
	track := tracker.New(workflow.DefaultPolicy(time.UTC), nil)
	return &fixture{t: t, store: st, track: track, h: &Handler{Track: track, Owner: OwnerSet([]string{"alex@owner.example"}),
		Log: slog.New(slog.DiscardHandler), Now: time.Now, Kick: func() {}}}
}

// contact adds a contact, new or requested; a request's Message-ID is
// recorded as sent to them, so that answers thread to it.
func (f *fixture) contact(name, email string, status workflow.Status, requestID string) *store.Contact {
	f.t.Helper()
	ctx := context.Background()
	c := &store.Contact{Name: name, Email: email}
	err := f.store.WithTx(ctx, func(tx *store.Tx) error {
		if err := f.track.Add(ctx, tx, c, time.Now(), store.SourceCLI, "test"); err != nil {
			return err
		}
		if status == workflow.StatusRequested {
			if _, err := f.track.Apply(ctx, tx, c, workflow.Event{Kind: workflow.EventRequestSent, MessageID: requestID}, time.Now(), store.SourceCLI); err != nil {
				return err
			}
		}
		if requestID == "" {
			return nil
		}
		_, err := tx.RecordMessage(ctx, &store.Message{Key: requestID, MessageID: requestID, Direction: store.DirectionOut, ContactID: c.ID})
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return c
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

// mail writes a plain-text message; extra header fields go before the
// MIME fields.
func mail(from, subject, id, inReplyTo string, date time.Time, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: Alex Example <alex@owner.example>\r\nSubject: %s\r\n", from, subject)
	fmt.Fprintf(&b, "Date: %s\r\nMessage-ID: <%s>\r\n", date.Format(time.RFC1123Z), id)
	if inReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: <%s>\r\nReferences: <%s>\r\n", inReplyTo, inReplyTo)
	}
	for _, h := range extra {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString("Happy to talk! How about Thursday?\r\n")
	return b.String()
}
