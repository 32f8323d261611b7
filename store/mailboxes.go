package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Mailbox is the checkpoint of one watched folder: every message up to
// LastUID under UIDValidity has had its effects committed.
type Mailbox struct {
	Folder      string
	UIDValidity uint32
	LastUID     uint32
	Updated     time.Time
}

// Mailbox returns the checkpoint of folder, or an error wrapping
// ErrNotFound when the folder was never watched.
func (tx *Tx) Mailbox(ctx context.Context, folder string) (*Mailbox, error) {
	m := Mailbox{Folder: folder}
	var updated sql.NullString
	err := tx.q.QueryRowContext(ctx, `SELECT uid_validity, last_uid, updated_at FROM mailboxes
		WHERE folder = :folder`, sql.Named("folder", folder)).Scan(&m.UIDValidity, &m.LastUID, &updated)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("mailbox %q: %w", folder, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("mailbox %q: %w", folder, err)
	}
	m.Updated, err = parseTime(updated)
	return &m, err
}

// SetMailbox stores the checkpoint of m.Folder. Call it in the same
// transaction as the effects of the messages up to m.LastUID.
func (tx *Tx) SetMailbox(ctx context.Context, m *Mailbox) error {
	if m.Updated.IsZero() {
		m.Updated = time.Now()
	}
	_, err := tx.q.ExecContext(ctx, `INSERT INTO mailboxes (folder, uid_validity, last_uid, updated_at)
		VALUES (:folder, :validity, :last, :updated) ON CONFLICT (folder) DO UPDATE SET
		uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, updated_at = excluded.updated_at`,
		sql.Named("folder", m.Folder), sql.Named("validity", m.UIDValidity), sql.Named("last", m.LastUID),
		sql.Named("updated", timeText(m.Updated)))
	if err != nil {
		return fmt.Errorf("save checkpoint of mailbox %q: %w", m.Folder, err)
	}
	return nil
}
