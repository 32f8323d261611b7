package outbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
)

// PlaceholderError refuses a draft that still holds placeholders the owner
// must replace, such as [what I learned].
type PlaceholderError struct {
	ID           int64
	Placeholders []string
}

func (e *PlaceholderError) Error() string {
	return fmt.Sprintf("draft %d still holds %s: replace %s before sending (rapport outbox edit %d)",
		e.ID, strings.Join(e.Placeholders, ", "), map[bool]string{true: "it", false: "them"}[len(e.Placeholders) == 1], e.ID)
}

// Approve lets the draft id go out, with body and subject replaced when
// not nil (the owner's edit). It refuses a draft that still holds a
// placeholder, returning a *PlaceholderError (the edit is kept), and a
// message that is not a draft, returning a *StatusError (which wraps
// store.ErrOutboxChanged).
func Approve(ctx context.Context, tx *store.Tx, id int64, subject, body *string, now time.Time) (*store.Outgoing, error) {
	o, err := Check(ctx, tx, id, ChangeApprove)
	if err != nil {
		return nil, err
	}
	if subject != nil {
		o.Subject = *subject
	}
	if body != nil {
		o.Body = *body
	}
	change := store.OutboxChange{To: store.OutboxApproved, Subject: subject, Body: body}
	ph := templates.Placeholders(o.Body)
	if len(ph) > 0 {
		if body == nil && subject == nil {
			return nil, &PlaceholderError{ID: id, Placeholders: ph}
		}
		change.To = store.OutboxDraft // keep the edit, so the owner does not lose it
	}
	if err := tx.MoveOutgoing(ctx, id, changes[ChangeApprove].from, change, now); err != nil {
		return nil, err
	}
	if len(ph) > 0 {
		return nil, &PlaceholderError{ID: id, Placeholders: ph}
	}
	o.Status = store.OutboxApproved
	return o, nil
}

// ErrInDraftsFolder is Edit's answer for a draft that rapport filed in
// the owner's Drafts folder.
var ErrInDraftsFolder = errors.New("this draft is in your Drafts folder: edit it there, in your mail program, and send it from there; rapport records the text you send")

// Edit replaces the subject and/or body of a message not yet sending
// (draft or approved), leaving its status as it is; an approved message
// whose new body holds a placeholder goes back to draft. It refuses
// another status with a *StatusError, and a draft of the drafts send mode
// that is in the owner's Drafts folder with ErrInDraftsFolder: the copy
// there is the one that will be sent, so it is edited there.
func Edit(ctx context.Context, tx *store.Tx, id int64, subject, body *string, now time.Time) (*store.Outgoing, error) {
	o, err := Check(ctx, tx, id, ChangeEdit)
	if err != nil {
		return nil, err
	}
	switch md, err := tx.MailboxDraftOf(ctx, id); {
	case err == nil && md.State != store.DraftDone:
		return nil, fmt.Errorf("outbox %d: %w", id, ErrInDraftsFolder)
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	to := o.Status
	if body != nil && len(templates.Placeholders(*body)) > 0 {
		to = store.OutboxDraft
	}
	if err := tx.MoveOutgoing(ctx, id, changes[ChangeEdit].from, store.OutboxChange{To: to, Subject: subject, Body: body}, now); err != nil {
		return nil, err
	}
	return tx.Outgoing(ctx, id)
}

// Skip withdraws a message the owner does not want sent (a draft, or an
// approved message not yet sending). It refuses another status with a
// *StatusError.
func Skip(ctx context.Context, tx *store.Tx, id int64, now time.Time) error {
	return move(ctx, tx, id, ChangeSkip, store.OutboxChange{To: store.OutboxSkipped}, now)
}

// Resend approves again a message that failed or whose delivery is
// uncertain, on the owner's word that it did not arrive. It refuses
// another status with a *StatusError.
func Resend(ctx context.Context, tx *store.Tx, id int64, now time.Time) error {
	return move(ctx, tx, id, ChangeResend, store.OutboxChange{To: store.OutboxApproved, LastError: "resent by the owner"}, now)
}

// move checks change on message id and moves it as c says.
func move(ctx context.Context, tx *store.Tx, id int64, change string, c store.OutboxChange, now time.Time) error {
	if _, err := Check(ctx, tx, id, change); err != nil {
		return err
	}
	return tx.MoveOutgoing(ctx, id, changes[change].from, c, now)
}
