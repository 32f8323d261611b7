package daemon

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/inbound"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

func newIngester(h *harness) *ingester {
	discard := slog.New(slog.DiscardHandler)
	return &ingester{store: h.store, log: discard, now: time.Now, handler: &inbound.Handler{Track: h.track,
		Owner: inbound.OwnerSet([]string{"alex@owner.example"}), Log: discard, Now: time.Now, Kick: func() {}}}
}

// failingEffects fails every draft, to prove a failed effect rolls back
// the message and the checkpoint together.
type failingEffects struct{}

func (failingEffects) Draft(context.Context, *store.Tx, *store.Contact, workflow.Draft) error {
	return nil
}
func (failingEffects) Notify(context.Context, *store.Tx, *store.Contact, workflow.Notify) error {
	return errors.New("disk full")
}

func TestFailedEffectRollsBackMessageAndCheckpoint(t *testing.T) {
	h := newHarness(t, "127.0.0.1:1")
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	in := newIngester(h)
	in.handler.Track = contacts.New(workflow.DefaultPolicy(time.UTC), failingEffects{})
	raw := mail("Jane Doe <jane@acme.example>", "Re: hi", "r1@acme.example", "req-1@owner.example", time.Now())
	header, _, _ := strings.Cut(raw, "\r\n\r\n")
	_, err := in.ingestBatch(context.Background(), "INBOX", &store.Mailbox{Folder: "INBOX", UIDValidity: 1, LastUID: 1},
		[]incoming{{uid: 1, header: []byte(header), raw: []byte(raw)}}, modeFollow)
	if err == nil {
		t.Fatalf("ingestBatch() with a failing effect succeeded")
	}
	ctx := context.Background()
	if _, err := h.store.Read().MessageByKey(ctx, "r1@acme.example"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the message was recorded although its effects failed (%v)", err)
	}
	if _, err := h.store.Read().Mailbox(ctx, "INBOX"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the checkpoint moved although the message's effects failed (%v)", err)
	}
	if s := h.status(jane.ID).Status; s != workflow.StatusRequested {
		t.Fatalf("Jane = %s, want requested", s)
	}
}
