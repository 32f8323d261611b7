package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Outbox statuses. A message moves draft → approved → sending → sent, or
// ends failed, uncertain (the server may or may not have taken it: never
// resent without the owner), skipped (by the owner) or cancelled (by the
// workflow, e.g. a nudge after a reply).
const (
	OutboxDraft     = "draft"
	OutboxApproved  = "approved"
	OutboxSending   = "sending"
	OutboxSent      = "sent"
	OutboxFailed    = "failed"
	OutboxUncertain = "uncertain"
	OutboxSkipped   = "skipped"
	OutboxCancelled = "cancelled"
)

// CancelDrafts withdraws the contact's outgoing messages made from the
// given templates that have not started sending (draft or approved). It
// returns how many it cancelled. A message already "sending" is not
// touched: whether it left is for the sender's recovery to find out.
func (tx *Tx) CancelDrafts(ctx context.Context, contactID int64, templates []string, now time.Time) (int, error) {
	if len(templates) == 0 {
		return 0, nil
	}
	args := []any{sql.Named("id", contactID), sql.Named("now", timeText(now)),
		sql.Named("cancelled", OutboxCancelled), sql.Named("draft", OutboxDraft), sql.Named("approved", OutboxApproved)}
	in := make([]string, len(templates))
	for i, t := range templates {
		in[i] = fmt.Sprintf(":t%d", i)
		args = append(args, sql.Named(fmt.Sprintf("t%d", i), t))
	}
	res, err := tx.q.ExecContext(ctx, `UPDATE outbox SET status = :cancelled, updated_at = :now
		WHERE contact_id = :id AND status IN (:draft, :approved) AND template IN (`+strings.Join(in, ", ")+`)`, args...)
	if err != nil {
		return 0, fmt.Errorf("cancel drafts of contact #%d: %w", contactID, err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
