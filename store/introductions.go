package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Introduction is the mail, forwarded by the owner, in which a mutual
// contact introduced someone: the intro reply answers it in its thread.
type Introduction struct {
	ContactID int64  // the contact it introduced
	MessageID string // its Message-ID, "" when the forward lost it
	Subject   string
	Sender    string // "Name <address>"
	Date      time.Time
	Body      string // the plain text, as the reply quotes it
}

// SetIntroduction stores the introduction of in.ContactID, replacing an
// earlier one.
func (tx *Tx) SetIntroduction(ctx context.Context, in *Introduction) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO introductions (contact_id, message_id, subject, sender, date, body)
		VALUES (:id, :mid, :subject, :sender, :date, :body)
		ON CONFLICT (contact_id) DO UPDATE SET message_id = excluded.message_id, subject = excluded.subject,
			sender = excluded.sender, date = excluded.date, body = excluded.body`,
		sql.Named("id", in.ContactID), sql.Named("mid", in.MessageID), sql.Named("subject", in.Subject),
		sql.Named("sender", in.Sender), sql.Named("date", timeText(in.Date)), sql.Named("body", in.Body))
	if err != nil {
		return fmt.Errorf("store the introduction of contact #%d: %w", in.ContactID, err)
	}
	return nil
}

// Introduction returns the introduction of the contact, or ErrNotFound.
func (tx *Tx) Introduction(ctx context.Context, contactID int64) (*Introduction, error) {
	in := Introduction{ContactID: contactID}
	var date sql.NullString
	err := tx.q.QueryRowContext(ctx, `SELECT message_id, subject, sender, date, body FROM introductions
		WHERE contact_id = :id`, sql.Named("id", contactID)).Scan(&in.MessageID, &in.Subject, &in.Sender, &date, &in.Body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("introduction of contact #%d: %w", contactID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("introduction of contact #%d: %w", contactID, err)
	}
	if in.Date, err = parseTime(date); err != nil {
		return nil, fmt.Errorf("introduction of contact #%d: %w", contactID, err)
	}
	return &in, nil
}
