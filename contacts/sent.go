package contacts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// MarkSent records that o, an outbox row, left: its status moves from one of from to sent,
// the message is recorded in the contact's thread (so that answers to it
// are recognised), and the contact's workflow moves on (request sent,
// nudge sent…). A transition the workflow refuses (the contact moved on
// meanwhile) is reported in the returned note and is not an error: the
// mail did leave. source says who confirms it: store.SourceMail for the
// sender, store.SourceCLI for the owner.
func (t *Tracker) MarkSent(ctx context.Context, tx *store.Tx, o *store.Outgoing, from []string, now time.Time, source string) (note string, err error) {
	if err := tx.MoveOutgoing(ctx, o.ID, from, store.OutboxChange{To: store.OutboxSent}, now); err != nil {
		return "", err
	}
	o.Status, o.Sent = store.OutboxSent, now
	rec := &store.Message{Key: ascii.Lower(o.MessageID), MessageID: o.MessageID, Direction: store.DirectionOut,
		ContactID: o.ContactID, Kind: o.Template, Subject: o.Subject, Date: now, InReplyTo: o.InReplyTo, Recorded: now, Text: o.Body}
	if o.Audience != store.AudienceContact {
		// A notice is about the contact, not part of the conversation with
		// them; it is recorded so that its copy in the inbox is known.
		rec.ContactID, rec.Text = 0, ""
	}
	isNew, err := tx.RecordMessage(ctx, rec)
	if err != nil {
		return "", err
	}
	if !isNew && rec.ContactID != 0 {
		// The copy in a watched folder was seen first, as the owner's mail:
		// it still belongs to the contact's thread.
		if err := tx.LinkMessage(ctx, rec.Key, o.ContactID); err != nil {
			return "", err
		}
	}
	kind, ok := workflow.SentEvent(o.Template)
	if !ok || o.ContactID == 0 || o.Audience != store.AudienceContact {
		return "", nil
	}
	c, err := tx.Contact(ctx, o.ContactID)
	if err != nil {
		return "", err
	}
	ev := workflow.Event{Kind: kind, MessageID: o.MessageID, Why: fmt.Sprintf("%s sent: %q", o.Template, o.Subject)}
	_, err = t.Apply(ctx, tx, c, ev, now, source)
	var refused *workflow.TransitionError
	if errors.As(err, &refused) {
		return refused.Error(), nil
	}
	return "", err
}
