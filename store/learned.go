package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// LastLearned returns the text of the last of what the owner learned from
// the contact at or after since (the zero time: ever), and "" when their
// debrief has kept nothing since.
func (tx *Tx) LastLearned(ctx context.Context, contactID int64, since time.Time) (string, error) {
	var text string
	err := tx.q.QueryRowContext(ctx, `SELECT text FROM learned WHERE contact_id = :id AND at >= :since
		ORDER BY at DESC, id DESC LIMIT 1`,
		sql.Named("id", contactID), sql.Named("since", timeFormatZero(since))).Scan(&text)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("what you learned from contact #%d: %w", contactID, err)
	}
	return text, nil
}
