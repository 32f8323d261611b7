package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/rapport-mail/rapport/internal/crashpoint"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/transport/imapwatch"
)

// The drafts send mode (config.SendDrafts): the sender files such drafts
// in the owner's Drafts folder instead of sending them, withdraws its own
// untouched copies once the workflow cancelled them, and gives up on the
// ones the owner deleted. The owner's sent copy, read in the Sent folder,
// settles the row (inbound.Handler.HandleSent); pacing and the send window
// are for what rapport sends, so filing a draft waits for neither.

// draftGoneGrace is how long a filed draft may be missing from the Drafts
// folder, with no sent copy seen, before it counts as skipped. A mail
// program that sends a draft deletes it at once but may file the sent copy
// later (or, as Gmail does, the provider files it), and one that saves an
// edit replaces the message; two days leave room for both, and for an
// owner whose program was offline over a weekend day.
const draftGoneGrace = 48 * time.Hour

// draftLookEvery is how often the filed drafts are looked at in the
// folder: each look is a session per draft.
const draftLookEvery = 10 * time.Minute

// draftKey is what recognises o's draft in the Drafts folder: the
// outbox.DraftField holding its Message-ID.
func draftKey(o *store.Outgoing) imapwatch.DraftKey {
	return imapwatch.DraftKey{Name: outbox.DraftField, Value: o.MessageID, MessageID: o.MessageID}
}

// drafts does the Drafts folder's work: files what is to file, withdraws
// what is obsolete, and, every draftLookEvery, looks at what is filed.
func (s *sender) drafts(ctx context.Context) error {
	if s.box == nil {
		return nil
	}
	read := s.store.Read()
	todo, err := read.MailboxDrafts(ctx, store.DraftToAppend)
	if err != nil {
		return err
	}
	for _, d := range todo {
		if d.Status != store.OutboxDraft {
			continue // withdrawn below
		}
		if err := s.fileDraft(ctx, &d.Outgoing); err != nil {
			return err
		}
	}
	if err := s.withdrawDrafts(ctx); err != nil {
		return err
	}
	if now := s.now(); now.Before(s.draftsLooked.Add(draftLookEvery)) {
		return nil
	}
	if err := s.lookAtDrafts(ctx); err != nil {
		return err
	}
	s.draftsLooked = s.now()
	return nil
}

// fileDraft appends o to the Drafts folder, or finds it there (a crash
// came between an earlier APPEND and its record), and records its UID.
func (s *sender) fileDraft(ctx context.Context, o *store.Outgoing) error {
	log := s.log.With("outbox", o.ID, "template", o.Template, "contact", o.ContactID)
	date := s.now()
	data, _, err := s.build(o, date)
	if err != nil {
		return s.draftTrouble(ctx, o, "cannot write the draft: "+err.Error(), log)
	}
	data = outbox.MarkDraft(data, o.MessageID)
	f, found, err := s.box.FileDraft(ctx, data, draftKey(o), date)
	if err != nil {
		return s.draftTrouble(ctx, o, "cannot put it in your Drafts folder: "+err.Error(), log)
	}
	crashpoint.Hit("draft-after-append")
	err = s.store.WithTx(ctx, func(tx *store.Tx) error {
		return tx.DraftFiled(ctx, o.ID, f.Folder, f.UIDValidity, f.UID, f.Size, s.now())
	})
	if err != nil && !errors.Is(err, store.ErrOutboxChanged) {
		return err
	}
	log.Info("draft put in the Drafts folder", "folder", f.Folder, "uid", f.UID, "found_from_before", found)
	s.done(o.ID)
	return nil
}

// draftTrouble notes why o could not be filed (rapport outbox shows it)
// and tries again at the next pass: the folder may be missing or the
// server away, and the draft is not lost.
func (s *sender) draftTrouble(ctx context.Context, o *store.Outgoing, why string, log *slog.Logger) error {
	log.Warn("the draft is not in the Drafts folder yet", "error", why)
	return s.store.WithTx(ctx, func(tx *store.Tx) error {
		err := tx.MoveOutgoing(ctx, o.ID, []string{store.OutboxDraft}, store.OutboxChange{To: store.OutboxDraft, LastError: why}, s.now())
		if errors.Is(err, store.ErrOutboxChanged) {
			return nil
		}
		return err
	})
}

// withdrawDrafts deletes the copies of drafts that are no longer wanted
// (the workflow cancelled them, the owner skipped them, or rapport sent
// them after all), each only while it is rapport's untouched copy: a
// draft the owner edited is theirs, and stays.
func (s *sender) withdrawDrafts(ctx context.Context) error {
	list, err := s.store.Read().DraftsToWithdraw(ctx)
	if err != nil {
		return err
	}
	for _, d := range list {
		outcome := store.DraftWithdrawn
		if d.State == store.DraftFiled {
			f := imapwatch.FiledDraft{Folder: d.Folder, UIDValidity: d.UIDValidity, UID: d.UID, Size: d.Size}
			deleted, present, err := s.box.WithdrawDraft(ctx, f, draftKey(&d.Outgoing))
			if err != nil {
				return fmt.Errorf("withdraw the draft of outgoing message %d: %w", d.ID, err)
			}
			switch {
			case !present:
				outcome = store.DraftDeleted
			case !deleted:
				outcome = store.DraftLeft
			}
		}
		err := s.store.WithTx(ctx, func(tx *store.Tx) error { return tx.DraftDoneWith(ctx, d.ID, outcome, s.now()) })
		if err != nil && !errors.Is(err, store.ErrOutboxChanged) {
			return err
		}
		s.log.Info("obsolete draft in the Drafts folder", "outbox", d.ID, "status", d.Status, "outcome", outcome)
		s.done(d.ID)
	}
	return nil
}

// lookAtDrafts finds the filed drafts the owner deleted without sending:
// missing for draftGoneGrace, such a draft counts as skipped. One found
// again (the owner's program saved an edit as a new message carrying the
// field) is followed to its new UID.
func (s *sender) lookAtDrafts(ctx context.Context) error {
	list, err := s.store.Read().MailboxDrafts(ctx, store.DraftFiled)
	if err != nil {
		return err
	}
	for _, d := range list {
		if d.Status != store.OutboxDraft {
			continue
		}
		f := imapwatch.FiledDraft{Folder: d.Folder, UIDValidity: d.UIDValidity, UID: d.UID, Size: d.Size}
		now := s.now()
		at, present, err := s.box.FindDraft(ctx, f, draftKey(&d.Outgoing))
		if err != nil {
			return fmt.Errorf("look for the draft of outgoing message %d: %w", d.ID, err)
		}
		err = s.store.WithTx(ctx, func(tx *store.Tx) error {
			switch draftFate(d.MissingSince, present, now) {
			case draftThere:
				if present && (at.UID != d.UID || at.UIDValidity != d.UIDValidity) {
					return tx.DraftMoved(ctx, d.ID, at.UIDValidity, at.UID, now)
				}
				if d.MissingSince.IsZero() {
					return nil
				}
				return tx.DraftMissing(ctx, d.ID, time.Time{}, now)
			case draftNewlyMissing:
				return tx.DraftMissing(ctx, d.ID, now, now)
			case draftWaitGrace:
				return nil
			}
			if err := tx.MoveOutgoing(ctx, d.ID, []string{store.OutboxDraft}, store.OutboxChange{To: store.OutboxSkipped,
				LastError: draftDeletedWhy}, now); err != nil {
				return err
			}
			return tx.DraftDoneWith(ctx, d.ID, store.DraftDeleted, now)
		})
		if errors.Is(err, store.ErrOutboxChanged) {
			continue // settled meanwhile: the sent copy came in
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// draftDeletedWhy is the last error of a draft the owner deleted, which
// rapport outbox and the digest show.
const draftDeletedWhy = "you deleted it from your Drafts folder without sending it"

// What lookAtDrafts does with a filed draft.
const (
	draftThere        = iota // in the folder: nothing, or clear its missing mark
	draftNewlyMissing        // first found gone: note since when
	draftWaitGrace           // gone for less than draftGoneGrace: its sent copy may yet come
	draftSkipped             // gone for draftGoneGrace with no sent copy: the owner skipped it
)

// draftFate decides what a look at a filed draft means, from when it was
// first found missing (zero: it was not) and whether it is there now.
func draftFate(missingSince time.Time, present bool, now time.Time) int {
	switch {
	case present:
		return draftThere
	case missingSince.IsZero():
		return draftNewlyMissing
	case now.Sub(missingSince) < draftGoneGrace:
		return draftWaitGrace
	}
	return draftSkipped
}
