package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// Entry is one line of a contact's history: an applied workflow event, a
// note or an edit.
type Entry struct {
	ID        int64
	ContactID int64
	At        time.Time
	Kind      string          // a workflow.EventKind, or EntryNote / EntryEdited
	From, To  workflow.Status // the status before and after; equal when it did not change
	Why       string          // why it happened, in a few words
	Detail    string          // event facts in words ("meeting Wed 25 Nov 15:00")
	MessageID string          // the message that caused it, if any
	Source    string          // who did it: SourceCLI, SourceMail, SourceTimer, SourceImport
}

// Entry kinds that are not workflow events.
const (
	EntryNote   = "note"
	EntryEdited = "edited"
)

// Sources of history entries.
const (
	SourceCLI    = "cli"
	SourceImport = "import"
	SourceMail   = "mail"
	SourceTimer  = "timer"
)

// AppendHistory adds e to its contact's history and sets e.ID.
func (tx *Tx) AppendHistory(ctx context.Context, e *Entry) error {
	res, err := tx.q.ExecContext(ctx, `INSERT INTO history (contact_id, at, kind, from_status,
		to_status, why, detail, message_id, source) VALUES (:contact_id, :at, :kind, :from, :to,
		:why, :detail, :message_id, :source)`,
		sql.Named("contact_id", e.ContactID), sql.Named("at", timeText(e.At)), sql.Named("kind", e.Kind),
		sql.Named("from", string(e.From)), sql.Named("to", string(e.To)), sql.Named("why", e.Why),
		sql.Named("detail", e.Detail), sql.Named("message_id", e.MessageID), sql.Named("source", e.Source))
	if err != nil {
		return fmt.Errorf("append history of contact #%d: %w", e.ContactID, err)
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.milestone(ctx, e)
}

// milestone keeps the contact's first time at each step of the funnel
// (see schema 8) as its history grows.
func (tx *Tx) milestone(ctx context.Context, e *Entry) error {
	var query string
	switch e.Kind {
	case string(workflow.EventRequestSent):
		query = `UPDATE contacts SET requested_at = :at WHERE id = :id AND requested_at IS NULL`
	case string(workflow.EventReplyReceived):
		query = `UPDATE contacts SET replied_at = :at, reply_days = julianday(:at) - julianday(requested_at)
			WHERE id = :id AND replied_at IS NULL AND requested_at IS NOT NULL AND requested_at <= :at`
	case string(workflow.EventMet):
		query = `UPDATE contacts SET met_at = :at WHERE id = :id AND met_at IS NULL`
	case string(workflow.EventThankYouSent):
		query = `UPDATE contacts SET thanked_at = :at WHERE id = :id AND thanked_at IS NULL`
	default:
		return nil
	}
	if _, err := tx.q.ExecContext(ctx, query, sql.Named("id", e.ContactID), sql.Named("at", timeText(e.At))); err != nil {
		return fmt.Errorf("milestone of contact #%d: %w", e.ContactID, err)
	}
	return nil
}

// History returns the contact's history, oldest first.
func (tx *Tx) History(ctx context.Context, contactID int64) ([]Entry, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT `+entryColumns+` FROM history WHERE contact_id = :id ORDER BY id`,
		sql.Named("id", contactID))
	if err != nil {
		return nil, fmt.Errorf("history of contact #%d: %w", contactID, err)
	}
	list, err := scanEntries(rows)
	if err != nil {
		return nil, fmt.Errorf("history of contact #%d: %w", contactID, err)
	}
	return list, nil
}

// entryColumns are the columns scanEntries reads, in order.
const entryColumns = `id, contact_id, at, kind, from_status, to_status, why, detail, message_id, source`

// scanEntries reads rows of entryColumns and closes them.
func scanEntries(rows *sql.Rows) ([]Entry, error) {
	var list []Entry
	err := scanEach(rows, func() error {
		var e Entry
		var at sql.NullString
		var from, to string
		if err := rows.Scan(&e.ID, &e.ContactID, &at, &e.Kind, &from, &to, &e.Why, &e.Detail, &e.MessageID, &e.Source); err != nil {
			return err
		}
		e.From, e.To = workflow.Status(from), workflow.Status(to)
		var err error
		e.At, err = parseTime(at)
		list = append(list, e)
		return err
	})
	return list, err
}
