package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// States of a MailboxDraft (see migrations/015_mailbox_drafts.sql).
const (
	DraftToAppend = "append" // committed before the APPEND: look before appending again
	DraftFiled    = "filed"  // in the Drafts folder at UID
	DraftDone     = "done"   // nothing more to do in the mailbox
)

// Outcomes of a MailboxDraft that is done.
const (
	DraftSentByOwner = "sent by the owner"
	DraftWithdrawn   = "withdrawn by rapport"
	DraftDeleted     = "deleted by the owner"
	DraftLeft        = "left in the Drafts folder" // edited by the owner: rapport does not delete it
)

// MailboxDraft is an outbox row filed in the owner's Drafts folder in the
// drafts send mode, with its outbox row.
type MailboxDraft struct {
	Outgoing
	State        string
	Folder       string
	UIDValidity  uint32
	UID          uint32
	Size         int64
	Filed        time.Time
	MissingSince time.Time // zero while its UID is there
	Outcome      string
}

// InsertMailboxDraft marks the outbox row id as one to file in the Drafts
// folder (DraftToAppend), in the draft's own transaction.
func (tx *Tx) InsertMailboxDraft(ctx context.Context, id int64, now time.Time) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO mailbox_drafts (outbox_id, state, updated_at) VALUES (:id, :state, :now)`,
		sql.Named("id", id), sql.Named("state", DraftToAppend), sql.Named("now", timeText(now)))
	if err != nil {
		return fmt.Errorf("file outgoing message %d in the Drafts folder: %w", id, err)
	}
	return nil
}

// MailboxDrafts returns the drafts in one of the given states, oldest
// first, with their outbox rows.
func (tx *Tx) MailboxDrafts(ctx context.Context, states ...string) ([]MailboxDraft, error) {
	return tx.queryMailboxDrafts(ctx, `WHERE md.state IN (SELECT value FROM json_each(:states)) ORDER BY o.id`,
		sql.Named("states", jsonList(states)))
}

// MailboxDraftsOf returns the contact's drafts filed or to file in the
// Drafts folder whose outbox row is still a draft, oldest first: the ones
// the owner may send.
func (tx *Tx) MailboxDraftsOf(ctx context.Context, contactID int64) ([]MailboxDraft, error) {
	return tx.queryMailboxDrafts(ctx, `WHERE o.contact_id = :contact AND o.status = :draft AND md.state <> :done ORDER BY o.id`,
		sql.Named("contact", contactID), sql.Named("draft", OutboxDraft), sql.Named("done", DraftDone))
}

// DraftsToWithdraw returns the drafts still in (or about to be in) the
// Drafts folder whose outbox row is no longer a draft: cancelled by the
// workflow, skipped, or approved and sent by rapport meanwhile. Their copy
// in the folder is obsolete.
func (tx *Tx) DraftsToWithdraw(ctx context.Context) ([]MailboxDraft, error) {
	return tx.queryMailboxDrafts(ctx, `WHERE md.state <> :done AND o.status <> :draft ORDER BY o.id`,
		sql.Named("done", DraftDone), sql.Named("draft", OutboxDraft))
}

// MailboxDraftOf returns the mailbox draft of outbox row id, or an error
// wrapping ErrNotFound when that row was never filed in the Drafts folder.
func (tx *Tx) MailboxDraftOf(ctx context.Context, id int64) (*MailboxDraft, error) {
	list, err := tx.queryMailboxDrafts(ctx, `WHERE md.outbox_id = :id`, sql.Named("id", id))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("mailbox draft %d: %w", id, ErrNotFound)
	}
	return &list[0], nil
}

// DraftFiled records where the draft of outbox row id now is, moving it
// from DraftToAppend to DraftFiled; it returns an error wrapping
// ErrOutboxChanged when it was not to append.
func (tx *Tx) DraftFiled(ctx context.Context, id int64, folder string, validity, uid uint32, size int64, now time.Time) error {
	return tx.moveMailboxDraft(ctx, id, DraftToAppend, `state = 'filed', folder = :folder, uid_validity = :validity,
		uid = :uid, size = :size, filed_at = :now, updated_at = :now`,
		sql.Named("folder", folder), sql.Named("validity", validity), sql.Named("uid", uid), sql.Named("size", size),
		sql.Named("now", timeText(now)))
}

// DraftMoved records that the filed draft of row id is now at uid (in
// the folder with UIDVALIDITY validity), and there.
func (tx *Tx) DraftMoved(ctx context.Context, id int64, validity, uid uint32, now time.Time) error {
	return tx.moveMailboxDraft(ctx, id, DraftFiled, `uid_validity = :validity, uid = :uid, missing_since = NULL, updated_at = :now`,
		sql.Named("validity", validity), sql.Named("uid", uid), sql.Named("now", timeText(now)))
}

// DraftMissing records that the filed draft of row id was first found
// gone from its folder at since (zero: found there again).
func (tx *Tx) DraftMissing(ctx context.Context, id int64, since, now time.Time) error {
	return tx.moveMailboxDraft(ctx, id, DraftFiled, `missing_since = :since, updated_at = :now`,
		sql.Named("since", timeText(since)), sql.Named("now", timeText(now)))
}

// DraftDoneWith settles the draft of row id, in whichever state, with the
// outcome; it returns an error wrapping ErrOutboxChanged when it was done
// already.
func (tx *Tx) DraftDoneWith(ctx context.Context, id int64, outcome string, now time.Time) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE mailbox_drafts SET state = :done, outcome = :outcome, updated_at = :now
		WHERE outbox_id = :id AND state <> :done`, sql.Named("id", id), sql.Named("done", DraftDone),
		sql.Named("outcome", outcome), sql.Named("now", timeText(now)))
	return rowsChanged(res, err, fmt.Sprintf("settle mailbox draft %d", id))
}

// SetSentAs rewrites the draft row id as the owner sent it: the
// Message-ID of their copy (kept when empty), its subject and its text.
func (tx *Tx) SetSentAs(ctx context.Context, id int64, messageID, subject, body string, now time.Time) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE outbox SET message_id = CASE WHEN :mid = '' THEN message_id ELSE :mid END,
		subject = :subject, body = :body, html = '', updated_at = :now WHERE id = :id`,
		sql.Named("id", id), sql.Named("mid", messageID), sql.Named("subject", subject), sql.Named("body", body),
		sql.Named("now", timeText(now)))
	return rowsChanged(res, err, fmt.Sprintf("record outgoing message %d as sent by the owner", id))
}

func (tx *Tx) moveMailboxDraft(ctx context.Context, id int64, from, set string, args ...any) error {
	args = append(args, sql.Named("id", id), sql.Named("from", from))
	res, err := tx.q.ExecContext(ctx, `UPDATE mailbox_drafts SET `+set+` WHERE outbox_id = :id AND state = :from`, args...)
	return rowsChanged(res, err, fmt.Sprintf("mailbox draft %d", id))
}

// jsonList is list as a JSON array, for json_each.
func jsonList(list []string) string {
	b, err := json.Marshal(list)
	if err != nil {
		return "[]" // a []string always marshals
	}
	return string(b)
}

// rowsChanged turns an UPDATE's outcome into an error: what failed, or
// ErrOutboxChanged when no row matched.
func rowsChanged(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, ErrOutboxChanged)
	}
	return nil
}

func (tx *Tx) queryMailboxDrafts(ctx context.Context, clause string, args ...any) ([]MailboxDraft, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT md.outbox_id, md.state, md.folder, md.uid_validity, md.uid, md.size,
		md.filed_at, md.missing_since, md.outcome FROM mailbox_drafts md JOIN outbox o ON o.id = md.outbox_id `+clause, args...)
	if err != nil {
		return nil, fmt.Errorf("query mailbox drafts: %w", err)
	}
	var list []MailboxDraft
	for rows.Next() {
		var d MailboxDraft
		var filed, missing sql.NullString
		if err := rows.Scan(&d.ID, &d.State, &d.Folder, &d.UIDValidity, &d.UID, &d.Size, &filed, &missing, &d.Outcome); err != nil {
			rows.Close()
			return nil, fmt.Errorf("query mailbox drafts: %w", err)
		}
		if d.Filed, err = parseTime(filed); err == nil {
			d.MissingSince, err = parseTime(missing)
		}
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("query mailbox drafts: %w", err)
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query mailbox drafts: %w", err)
	}
	for i := range list {
		o, err := tx.Outgoing(ctx, list[i].ID)
		if err != nil {
			return nil, err
		}
		list[i].Outgoing = *o
	}
	return list, nil
}
