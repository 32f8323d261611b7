package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
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

// Audiences of an outgoing message.
const (
	AudienceContact = "contact" // mail to a contact, paced by the send window and cap
	AudienceOwner   = "owner"   // a notice to the owner, sent at once
)

// Outgoing is one row of the outbox: a message rapport wrote and will send,
// or sent, or gave up on.
type Outgoing struct {
	ID        int64
	ContactID int64  // 0 for none
	Template  string // the template it was written from
	Audience  string // AudienceContact or AudienceOwner
	Status    string // OutboxDraft, …
	MessageID string // without angle brackets; unique
	InReplyTo string // without angle brackets; "" when it starts a thread
	Refs      []string
	To        string // address lists as in a header: "Jane Doe <jane@acme.example>"
	Cc        string
	Bcc       string
	ReplyTo   string
	Subject   string
	Body      string
	HTML      string // an HTML alternative of Body; "" for plain text only
	Nudge     int    // for a nudge: which one
	About     int64  // for a notice about a draft: the draft's ID
	NotBefore time.Time
	Attempts  int
	LastError string
	Created   time.Time
	Updated   time.Time
	Sent      time.Time
	// EndOfData is when the sender was about to write the end-of-data
	// mark, the point after which the server may have the message (zero
	// before; see MarkEndOfData).
	EndOfData time.Time
}

const outboxColumns = `id, contact_id, template, audience, status, message_id, in_reply_to, refs,
	recipients, cc, bcc, reply_to, subject, body, html, nudge, about, not_before, attempts, last_error,
	created_at, updated_at, sent_at, end_of_data_at`

// InsertOutgoing stores a new outgoing message (Attempts, Sent and Updated
// are not taken from o) and sets its ID and its Created and Updated times
// to now.
func (tx *Tx) InsertOutgoing(ctx context.Context, o *Outgoing, now time.Time) error {
	if o.MessageID == "" {
		return fmt.Errorf("insert outgoing message: no Message-ID")
	}
	if o.Audience == "" {
		o.Audience = AudienceContact
	}
	o.Created, o.Updated = now, now
	res, err := tx.q.ExecContext(ctx, `INSERT INTO outbox (contact_id, template, audience, status,
		message_id, in_reply_to, refs, recipients, cc, bcc, reply_to, subject, body, html, nudge, about,
		not_before, attempts, last_error, created_at, updated_at)
		VALUES (:contact, :template, :audience, :status, :mid, :irt, :refs, :to, :cc, :bcc, :rt,
		:subject, :body, :html, :nudge, :about, :not_before, 0, :last_error, :now, :now)`,
		sql.Named("contact", nullID(o.ContactID)), sql.Named("template", o.Template),
		sql.Named("audience", o.Audience), sql.Named("status", o.Status),
		sql.Named("mid", o.MessageID), sql.Named("irt", o.InReplyTo), sql.Named("refs", strings.Join(o.Refs, " ")),
		sql.Named("to", o.To), sql.Named("cc", o.Cc), sql.Named("bcc", o.Bcc), sql.Named("rt", o.ReplyTo),
		sql.Named("subject", o.Subject), sql.Named("body", o.Body), sql.Named("html", o.HTML), sql.Named("nudge", o.Nudge),
		sql.Named("about", nullID(o.About)), sql.Named("not_before", timeText(o.NotBefore)), sql.Named("last_error", o.LastError),
		sql.Named("now", timeText(now)))
	if err != nil {
		return fmt.Errorf("insert outgoing message %s: %w", o.MessageID, err)
	}
	o.ID, err = res.LastInsertId()
	return err
}

// Outgoing returns the outbox row with that ID, or an error wrapping
// ErrNotFound.
func (tx *Tx) Outgoing(ctx context.Context, id int64) (*Outgoing, error) {
	list, err := tx.queryOutbox(ctx, `WHERE id = :id`, sql.Named("id", id))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("outgoing message %d: %w", id, ErrNotFound)
	}
	return &list[0], nil
}

// OutgoingByMessageID returns the outbox row with that Message-ID (without
// angle brackets, compared without case), or an error wrapping ErrNotFound.
func (tx *Tx) OutgoingByMessageID(ctx context.Context, messageID string) (*Outgoing, error) {
	list, err := tx.queryOutbox(ctx, `WHERE lower(message_id) = lower(:mid)`, sql.Named("mid", messageID))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("outgoing message <%s>: %w", messageID, ErrNotFound)
	}
	return &list[0], nil
}

// UncertainAnswered returns the messages to contacts that may or may not
// have left (uncertain, or sending past the end-of-data mark) whose
// Message-ID (lower-case, without angle brackets) is among keys: the
// messages that mail referring to keys answers, so that they arrived. It
// asks once for a whole batch of incoming mail.
func (tx *Tx) UncertainAnswered(ctx context.Context, keys []string) ([]Outgoing, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	js, err := json.Marshal(keys)
	if err != nil {
		return nil, err
	}
	return tx.queryOutbox(ctx, `WHERE (status = :uncertain OR status = :sending AND end_of_data_at IS NOT NULL)
		AND audience = :audience AND lower(message_id) IN (SELECT value FROM json_each(:keys)) ORDER BY id`,
		sql.Named("uncertain", OutboxUncertain), sql.Named("sending", OutboxSending),
		sql.Named("audience", AudienceContact), sql.Named("keys", string(js)))
}

// OutboxFilter selects outbox rows; zero fields select everything.
type OutboxFilter struct {
	Statuses  []string
	ContactID int64
	Audience  string
}

// ListOutbox returns the rows the filter selects, oldest first.
func (tx *Tx) ListOutbox(ctx context.Context, f OutboxFilter) ([]Outgoing, error) {
	var where []string
	var args []any
	if len(f.Statuses) > 0 {
		in := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			in[i] = fmt.Sprintf(":s%d", i)
			args = append(args, sql.Named(fmt.Sprintf("s%d", i), s))
		}
		where = append(where, "status IN ("+strings.Join(in, ", ")+")")
	}
	if f.ContactID != 0 {
		where = append(where, "contact_id = :contact")
		args = append(args, sql.Named("contact", f.ContactID))
	}
	if f.Audience != "" {
		where = append(where, "audience = :audience")
		args = append(args, sql.Named("audience", f.Audience))
	}
	clause := ""
	if len(where) > 0 {
		clause = "WHERE " + strings.Join(where, " AND ")
	}
	return tx.queryOutbox(ctx, clause+" ORDER BY id", args...)
}

// NextApproved returns the approved messages ready to go at now (not_before
// unset or passed): notices to the owner first, then mail to contacts,
// oldest first within each.
func (tx *Tx) NextApproved(ctx context.Context, now time.Time, limit int) ([]Outgoing, error) {
	return tx.queryOutbox(ctx, `WHERE status = :approved AND (not_before IS NULL OR not_before <= :now)
		ORDER BY audience = 'contact', id LIMIT :limit`,
		sql.Named("approved", OutboxApproved), sql.Named("now", timeText(now)), sql.Named("limit", limit))
}

// NextNotBefore returns the earliest not_before among approved messages
// still waiting for it, or the zero time when none is.
func (tx *Tx) NextNotBefore(ctx context.Context, now time.Time) (time.Time, error) {
	var at sql.NullString
	err := tx.q.QueryRowContext(ctx, `SELECT min(not_before) FROM outbox
		WHERE status = :approved AND not_before > :now`,
		sql.Named("approved", OutboxApproved), sql.Named("now", timeText(now))).Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("next outbox time: %w", err)
	}
	return parseTime(at)
}

// SentSince counts the messages to contacts sent at or after t, and
// returns when the last of them was sent (zero when none): the ones rapport
// sent, which pacing spaces out; drafts the owner sent from their Drafts
// folder are theirs, and not counted.
func (tx *Tx) SentSince(ctx context.Context, t time.Time) (int, time.Time, error) {
	var n int
	var last sql.NullString
	err := tx.q.QueryRowContext(ctx, `SELECT count(*), max(sent_at) FROM outbox
		WHERE audience = 'contact' AND status = :sent AND sent_at >= :t
		AND id NOT IN (SELECT outbox_id FROM mailbox_drafts)`,
		sql.Named("sent", OutboxSent), sql.Named("t", timeText(t))).Scan(&n, &last)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("count sent messages: %w", err)
	}
	at, err := parseTime(last)
	return n, at, err
}

// LastSent returns when the last message to a contact that rapport sent
// (not the owner, from their Drafts folder) was sent, or the zero time.
func (tx *Tx) LastSent(ctx context.Context) (time.Time, error) {
	var last sql.NullString
	err := tx.q.QueryRowContext(ctx, `SELECT max(sent_at) FROM outbox WHERE audience = 'contact' AND status = :sent
		AND id NOT IN (SELECT outbox_id FROM mailbox_drafts)`,
		sql.Named("sent", OutboxSent)).Scan(&last)
	if err != nil {
		return time.Time{}, fmt.Errorf("last sent message: %w", err)
	}
	return parseTime(last)
}

// OutboxChange is a status change of an outgoing message.
type OutboxChange struct {
	To        string    // the new status
	LastError string    // kept when empty
	NotBefore time.Time // kept when zero
	Attempt   bool      // count one more attempt
	Subject   *string   // a new subject, when the owner edited it
	// Body is a new body, when the owner edited it. It also empties the
	// message's HTML, which was rendered from the old body.
	Body *string
}

// ErrOutboxChanged is returned (wrapped) by MoveOutgoing when the message
// is no longer in the status the caller expected: someone else moved it.
var ErrOutboxChanged = errors.New("the message changed status meanwhile")

// MoveOutgoing changes the message's status from one of from to ch.To, as
// one compare-and-set: when the message is in none of the from statuses it
// changes nothing and returns an error wrapping ErrOutboxChanged. Moving
// to sent records now as the sending time.
func (tx *Tx) MoveOutgoing(ctx context.Context, id int64, from []string, ch OutboxChange, now time.Time) error {
	args := []any{sql.Named("id", id), sql.Named("to", ch.To), sql.Named("err", ch.LastError),
		sql.Named("nb", timeText(ch.NotBefore)), sql.Named("now", timeText(now))}
	in := make([]string, len(from))
	for i, s := range from {
		in[i] = fmt.Sprintf(":f%d", i)
		args = append(args, sql.Named(fmt.Sprintf("f%d", i), s))
	}
	set := `status = :to, updated_at = :now,
		last_error = CASE WHEN :err = '' THEN last_error ELSE :err END,
		not_before = coalesce(:nb, not_before)`
	if ch.Attempt {
		// A new attempt has not yet reached the end of the message.
		set += `, attempts = attempts + 1, end_of_data_at = NULL`
	}
	if ch.To == OutboxSent {
		set += `, sent_at = :now`
	}
	if ch.Subject != nil {
		set += `, subject = :subject`
		args = append(args, sql.Named("subject", *ch.Subject))
	}
	if ch.Body != nil {
		// The HTML was rendered from the old body: sent as the
		// alternative most readers show, it would hide the edit.
		set += `, body = :body, html = ''`
		args = append(args, sql.Named("body", *ch.Body))
	}
	res, err := tx.q.ExecContext(ctx, `UPDATE outbox SET `+set+` WHERE id = :id AND status IN (`+strings.Join(in, ", ")+`)`, args...)
	if err != nil {
		return fmt.Errorf("move outgoing message %d to %s: %w", id, ch.To, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("move outgoing message %d to %s: %w", id, ch.To, ErrOutboxChanged)
	}
	return nil
}

// MarkEndOfData records, as its own commit, that the message's SMTP
// transaction is about to write the end-of-data mark: before this the
// server cannot have the message, after it the server may. It returns an
// error wrapping ErrOutboxChanged unless the message is "sending".
func (tx *Tx) MarkEndOfData(ctx context.Context, id int64, now time.Time) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE outbox SET end_of_data_at = :now, updated_at = :now
		WHERE id = :id AND status = :sending`, sql.Named("id", id), sql.Named("now", timeText(now)),
		sql.Named("sending", OutboxSending))
	if err != nil {
		return fmt.Errorf("mark the end of outgoing message %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("mark the end of outgoing message %d: %w", id, ErrOutboxChanged)
	}
	return nil
}

func (tx *Tx) queryOutbox(ctx context.Context, clause string, args ...any) ([]Outgoing, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT `+outboxColumns+` FROM outbox `+clause, args...)
	if err != nil {
		return nil, fmt.Errorf("query outbox: %w", err)
	}
	defer rows.Close()
	var list []Outgoing
	for rows.Next() {
		var (
			o                  Outgoing
			contact, about     sql.NullInt64
			refs               string
			notBefore, created sql.NullString
			updated, sent      sql.NullString
			endOfData          sql.NullString
		)
		if err := rows.Scan(&o.ID, &contact, &o.Template, &o.Audience, &o.Status, &o.MessageID, &o.InReplyTo,
			&refs, &o.To, &o.Cc, &o.Bcc, &o.ReplyTo, &o.Subject, &o.Body, &o.HTML, &o.Nudge, &about, &notBefore,
			&o.Attempts, &o.LastError, &created, &updated, &sent, &endOfData); err != nil {
			return nil, fmt.Errorf("query outbox: %w", err)
		}
		o.ContactID, o.About, o.Refs = contact.Int64, about.Int64, strings.Fields(refs)
		for _, p := range []struct {
			dst *time.Time
			src sql.NullString
		}{{&o.NotBefore, notBefore}, {&o.Created, created}, {&o.Updated, updated}, {&o.Sent, sent}, {&o.EndOfData, endOfData}} {
			if *p.dst, err = parseTime(p.src); err != nil {
				return nil, fmt.Errorf("query outbox: %w", err)
			}
		}
		list = append(list, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query outbox: %w", err)
	}
	return list, nil
}

// CancelDrafts withdraws the contact's outgoing messages made from the
// given templates that have not started sending (draft or approved). It
// returns how many it cancelled. A message already "sending" is not
// touched: whether it left is for the sender's recovery to find out. The
// notices asking the owner to approve them that have not left yet are
// withdrawn with them: a notice about a draft that is gone would only ask
// for a decision nobody can take.
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
	mine := `contact_id = :id AND status IN (:draft, :approved) AND template IN (` + strings.Join(in, ", ") + `)`
	if _, err := tx.q.ExecContext(ctx, `UPDATE outbox SET status = :cancelled, updated_at = :now
		WHERE status IN (:draft, :approved) AND about IN (SELECT id FROM outbox WHERE `+mine+`)`, args...); err != nil {
		return 0, fmt.Errorf("cancel the notices about drafts of contact #%d: %w", contactID, err)
	}
	res, err := tx.q.ExecContext(ctx, `UPDATE outbox SET status = :cancelled, updated_at = :now WHERE `+mine, args...)
	if err != nil {
		return 0, fmt.Errorf("cancel drafts of contact #%d: %w", contactID, err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
