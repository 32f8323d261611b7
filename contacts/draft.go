package contacts

import (
	"context"
	"errors"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// ErrNoAddress refuses to draft a request to a contact without an email
// address: the Drafter would write nothing, and the contact would sit in
// drafted with no draft.
var ErrNoAddress = errors.New("no email address, so there is nowhere to send a request")

// DraftRequest writes the first mail to c, whoever asks (the command
// line's draft, a mail command's add, an introduction, a debrief): the
// request or, with intro, the answer to their introduction. It applies
// request_drafted, with why for the history, in a savepoint of tx, so
// that a refusal or a failure leaves tx and c as they were.
//
// It returns the outbox row written: a draft waiting for the owner, or
// approved in direct mode; nil when the Effects wrote none. It returns
// ErrNoAddress for a contact without an address, the workflow's refusal
// as its *workflow.TransitionError, not wrapped (its Reason says where the
// contact is), and the Effects' errors: with an outbox.Drafter, one
// matching outbox.ErrNoOwner while the configuration lacks owner.name or
// owner.addresses, which names the keys to set. Nothing is stored then.
func (t *Tracker) DraftRequest(ctx context.Context, tx *store.Tx, c *store.Contact, intro bool, why string, now time.Time, source string) (*store.Outgoing, error) {
	if c.Email == "" {
		return nil, ErrNoAddress
	}
	mine := store.OutboxFilter{ContactID: c.ID, Audience: store.AudienceContact}
	var drafted *store.Outgoing
	before := c.State.Clone()
	err := tx.Savepoint(ctx, func() error {
		rows, err := tx.ListOutbox(ctx, mine)
		if err != nil {
			return err
		}
		var last int64
		if len(rows) > 0 {
			last = rows[len(rows)-1].ID
		}
		res, err := t.Apply(ctx, tx, c, workflow.Event{Kind: workflow.EventRequestDrafted, Intro: intro, Why: why}, now, source)
		if err != nil {
			return err
		}
		template := ""
		for _, a := range res.Actions {
			if d, ok := a.(workflow.Draft); ok {
				template = d.Template
			}
		}
		if rows, err = tx.ListOutbox(ctx, mine); err != nil {
			return err
		}
		for i := range rows {
			if rows[i].ID > last && rows[i].Template == template {
				drafted = &rows[i]
			}
		}
		return nil
	})
	if err != nil {
		c.State = before
		var refused *workflow.TransitionError
		if errors.As(err, &refused) {
			return nil, refused
		}
		return nil, err
	}
	return drafted, nil
}
