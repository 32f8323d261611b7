package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A draft filed in the Drafts folder goes append → filed → done once; it is
// obsolete (to withdraw) once its outbox row is no longer a draft; and the
// owner's own sending of it is not counted by pacing.
func TestMailboxDraftLifecycle(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	jane := &Contact{Name: "Jane", Email: "jane@acme.example"}
	insert(t, st, jane)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	req := &Outgoing{ContactID: jane.ID, Template: "request", Status: OutboxDraft, MessageID: "r1@owner.example",
		To: "Jane <jane@acme.example>", Subject: "Hello", Body: "Hi Jane"}
	nudge := &Outgoing{ContactID: jane.ID, Template: "nudge", Status: OutboxDraft, MessageID: "n1@owner.example"}
	tx := func(fn func(tx *Tx) error) error { return st.WithTx(ctx, fn) }
	if err := tx(func(tx *Tx) error {
		for _, o := range []*Outgoing{req, nudge} {
			if err := tx.InsertOutgoing(ctx, o, now); err != nil {
				return err
			}
			if err := tx.InsertMailboxDraft(ctx, o.ID, now); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	list, err := st.Read().MailboxDrafts(ctx, DraftToAppend)
	if err != nil || len(list) != 2 || list[0].Subject != "Hello" {
		t.Fatalf("MailboxDrafts(append) = %+v, %v; want both, with their rows", list, err)
	}
	if err := tx(func(tx *Tx) error { return tx.DraftFiled(ctx, req.ID, "Drafts", 7, 42, 900, now) }); err != nil {
		t.Fatal(err)
	}
	err = tx(func(tx *Tx) error { return tx.DraftFiled(ctx, req.ID, "Drafts", 7, 43, 900, now) })
	if !errors.Is(err, ErrOutboxChanged) {
		t.Fatalf("filing twice = %v, want ErrOutboxChanged", err)
	}
	d, err := st.Read().MailboxDraftOf(ctx, req.ID)
	if err != nil || d.State != DraftFiled || d.UID != 42 || d.UIDValidity != 7 || d.Size != 900 || d.Folder != "Drafts" {
		t.Fatalf("MailboxDraftOf() = %+v, %v; want filed at UID 42", d, err)
	}
	if of, err := st.Read().MailboxDraftsOf(ctx, jane.ID); err != nil || len(of) != 2 {
		t.Fatalf("MailboxDraftsOf() = %d, %v; want 2", len(of), err)
	}

	// The workflow cancels the nudge: its copy is to withdraw.
	if err := tx(func(tx *Tx) error {
		_, err := tx.CancelDrafts(ctx, jane.ID, []string{"nudge"}, now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	w, err := st.Read().DraftsToWithdraw(ctx)
	if err != nil || len(w) != 1 || w[0].ID != nudge.ID {
		t.Fatalf("DraftsToWithdraw() = %+v, %v; want the cancelled nudge", w, err)
	}

	// The owner sends the request: rewritten as sent, moved, settled once.
	if err := tx(func(tx *Tx) error {
		if err := tx.SetSentAs(ctx, req.ID, "their-id@mail.example", "Hello again", "Hi Jane, edited", now); err != nil {
			return err
		}
		if err := tx.MoveOutgoing(ctx, req.ID, []string{OutboxDraft}, OutboxChange{To: OutboxSent}, now); err != nil {
			return err
		}
		return tx.DraftDoneWith(ctx, req.ID, DraftSentByOwner, now)
	}); err != nil {
		t.Fatal(err)
	}
	if err := tx(func(tx *Tx) error { return tx.DraftDoneWith(ctx, req.ID, DraftDeleted, now) }); !errors.Is(err, ErrOutboxChanged) {
		t.Errorf("settling twice = %v, want ErrOutboxChanged", err)
	}
	o, err := st.Read().OutgoingByMessageID(ctx, "their-id@mail.example")
	if err != nil || o.ID != req.ID || o.Body != "Hi Jane, edited" || o.Subject != "Hello again" {
		t.Errorf("sent row = %+v, %v; want the text as sent under its new Message-ID", o, err)
	}
	if n, last, err := st.Read().SentSince(ctx, now.Add(-time.Hour)); err != nil || n != 0 || !last.IsZero() {
		t.Errorf("SentSince() = %d, %v, %v; want the owner's own send not paced", n, last, err)
	}
}
