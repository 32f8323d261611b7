package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// Message is a message rapport saw in a watched folder or sent.
type Message struct {
	ID        int64
	Key       string // the Message-ID, or a fallback key when it has none
	MessageID string
	Direction string // DirectionIn or DirectionOut
	ContactID int64  // 0 when it belongs to no contact
	Kind      string // personal, reply, bounce, auto_reply, calendar, forward, bulk…
	Sender    string
	Subject   string
	Date      time.Time
	InReplyTo string
	Folder    string
	UID       uint32
	Recorded  time.Time
	// Text is the plain text, kept for messages of a conversation with a
	// contact (at most MaxText bytes); "" otherwise.
	Text string
}

// MaxText is the most of a message's text that is kept.
const MaxText = 16 << 10

// Message directions.
const (
	DirectionIn  = "in"
	DirectionOut = "out"
)

// RecordMessage stores m unless a message with the same Key was recorded
// before. It reports whether m was new: the caller applies a message's
// effects only when it was, in the same transaction, so a message is
// never applied twice.
func (tx *Tx) RecordMessage(ctx context.Context, m *Message) (bool, error) {
	if m.Key == "" {
		return false, fmt.Errorf("record message: no key")
	}
	if m.Recorded.IsZero() {
		m.Recorded = time.Now()
	}
	// Numbered, not named, parameters: this runs for every message read,
	// and binding by name costs the driver a lookup per parameter.
	res, err := tx.q.ExecContext(ctx, `INSERT INTO messages (key, message_id, direction,
		contact_id, kind, sender, subject, date, in_reply_to, folder, uid, recorded_at)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (key) DO NOTHING`,
		m.Key, m.MessageID, m.Direction, nullID(m.ContactID), m.Kind, m.Sender,
		m.Subject, timeText(m.Date), m.InReplyTo, m.Folder, m.UID, timeText(m.Recorded))
	if err != nil {
		return false, fmt.Errorf("record message %s: %w", m.Key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record message %s: %w", m.Key, err)
	}
	if n == 0 {
		return false, nil
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return false, err
	}
	if m.Text != "" {
		if err := tx.setText(ctx, m.ID, m.Text); err != nil {
			return false, fmt.Errorf("record message %s: %w", m.Key, err)
		}
	}
	return true, nil
}

// setText keeps the text of message id, cut to MaxText on a rune boundary.
func (tx *Tx) setText(ctx context.Context, id int64, text string) error {
	if len(text) > MaxText {
		text = strings.ToValidUTF8(text[:MaxText], "")
	}
	_, err := tx.q.ExecContext(ctx, `INSERT INTO message_texts (message_id, text) VALUES (:id, :text)
		ON CONFLICT (message_id) DO UPDATE SET text = excluded.text`, sql.Named("id", id), sql.Named("text", text))
	return err
}

// Conversation returns the last n recorded messages of the contact, in
// both directions, oldest first, with their text when it was kept.
func (tx *Tx) Conversation(ctx context.Context, contactID int64, n int) ([]Message, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT m.id, m.key, m.message_id, m.direction, m.kind, m.sender,
		m.subject, m.date, m.recorded_at, COALESCE(t.text, '') FROM messages m
		LEFT JOIN message_texts t ON t.message_id = m.id
		WHERE m.contact_id = :id ORDER BY m.recorded_at DESC, m.id DESC LIMIT :n`,
		sql.Named("id", contactID), sql.Named("n", n))
	if err != nil {
		return nil, fmt.Errorf("conversation with contact #%d: %w", contactID, err)
	}
	var list []Message
	err = scanEach(rows, func() error {
		m := Message{ContactID: contactID}
		var date, recorded sql.NullString
		if err := rows.Scan(&m.ID, &m.Key, &m.MessageID, &m.Direction, &m.Kind, &m.Sender, &m.Subject, &date, &recorded, &m.Text); err != nil {
			return err
		}
		var err error
		if m.Date, err = parseTime(date); err != nil {
			return err
		}
		m.Recorded, err = parseTime(recorded)
		list = append(list, m)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("conversation with contact #%d: %w", contactID, err)
	}
	slices.Reverse(list)
	return list, nil
}

// MessageByKey returns the recorded message with that key, or an error
// wrapping ErrNotFound.
func (tx *Tx) MessageByKey(ctx context.Context, key string) (*Message, error) {
	var m Message
	var contact sql.NullInt64
	var date, recorded sql.NullString
	var uid sql.NullInt64
	err := tx.q.QueryRowContext(ctx, `SELECT id, key, message_id, direction, contact_id, kind,
		sender, subject, date, in_reply_to, folder, uid, recorded_at FROM messages WHERE key = :key`,
		sql.Named("key", key)).Scan(&m.ID, &m.Key, &m.MessageID, &m.Direction, &contact, &m.Kind,
		&m.Sender, &m.Subject, &date, &m.InReplyTo, &m.Folder, &uid, &recorded)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("message %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("message %s: %w", key, err)
	}
	m.ContactID, m.UID = contact.Int64, uint32(uid.Int64)
	if m.Date, err = parseTime(date); err != nil {
		return nil, err
	}
	if m.Recorded, err = parseTime(recorded); err != nil {
		return nil, err
	}
	return &m, nil
}

// ContactForThread returns the contact of the most recent recorded
// message among keys (the Message-IDs a new message refers to in
// In-Reply-To and References), and 0 when none belongs to a contact.
func (tx *Tx) ContactForThread(ctx context.Context, keys []string) (int64, error) {
	if len(keys) == 0 {
		return 0, nil
	}
	in := make([]string, len(keys))
	args := make([]any, len(keys))
	for i, k := range keys {
		in[i] = "?"
		args[i] = k
	}
	var id int64
	err := tx.q.QueryRowContext(ctx, `SELECT contact_id FROM messages WHERE contact_id IS NOT NULL
		AND key IN (`+strings.Join(in, ", ")+`) ORDER BY id DESC LIMIT 1`, args...).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("find the thread of %s: %w", strings.Join(keys, " "), err)
	}
	return id, nil
}

// ThreadKeys returns which of keys (lower-case message keys) name a
// message in some contact's thread. It answers for a whole batch of
// incoming mail in one query.
func (tx *Tx) ThreadKeys(ctx context.Context, keys []string) (map[string]bool, error) {
	return tx.known(ctx, `SELECT key FROM messages WHERE contact_id IS NOT NULL
		AND key IN (SELECT value FROM json_each(:list))`, keys)
}

// LinkMessage sets the contact of the recorded message with that key when
// it has none.
func (tx *Tx) LinkMessage(ctx context.Context, key string, contactID int64) error {
	_, err := tx.q.ExecContext(ctx, `UPDATE messages SET contact_id = :contact WHERE key = :key AND contact_id IS NULL`,
		sql.Named("contact", contactID), sql.Named("key", key))
	if err != nil {
		return fmt.Errorf("link message %s to contact #%d: %w", key, contactID, err)
	}
	return nil
}

// HeardFrom reports whether a message from the contact, or from anyone at
// domain ("" for none) who is not another contact (a colleague answering
// for them; another contact's mail answers only for that contact), was
// recorded after since, leaving out automatic
// answers, bounces and bulk mail, and mail from the addresses in self (the
// owner's own, who may share the contact's domain). The sender asks it just
// before a nudge leaves: a nudge must never follow an answer.
func (tx *Tx) HeardFrom(ctx context.Context, contactID int64, domain string, self []string, since time.Time) (bool, error) {
	var n int
	pattern := ""
	if domain != "" {
		pattern = "%@" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(domain)
	}
	// SQLite's lower() folds ASCII only (no ICU in this build), as
	// ascii.Lower does: the two must agree for the owner's own mail to be
	// left out, and a look-alike of the owner's address must not be.
	lower := make([]string, len(self))
	for i, a := range self {
		lower[i] = ascii.Lower(a)
	}
	selfJSON, err := json.Marshal(lower)
	if err != nil {
		return false, err
	}
	err = tx.q.QueryRowContext(ctx, `SELECT count(*) FROM messages
		WHERE direction = 'in' AND recorded_at > :since AND kind NOT IN ('auto_reply', 'bounce', 'bulk')
		AND lower(sender) NOT IN (SELECT value FROM json_each(:self))
		AND (contact_id = :contact OR (contact_id IS NULL AND :pattern != '' AND sender LIKE :pattern ESCAPE '\'))`,
		sql.Named("since", timeText(since)), sql.Named("contact", contactID), sql.Named("pattern", pattern),
		sql.Named("self", string(selfJSON))).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look for answers from contact #%d: %w", contactID, err)
	}
	return n > 0, nil
}

// SentMessageIDs returns the Message-IDs of the newest mail rapport sent
// contact #contactID (requests, nudges, thank-yous), newest first, at most
// n: what an answer in their thread refers to.
func (tx *Tx) SentMessageIDs(ctx context.Context, contactID int64, n int) ([]string, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT message_id FROM messages
		WHERE contact_id = :contact AND direction = 'out' AND message_id != ''
		ORDER BY id DESC LIMIT :n`, sql.Named("contact", contactID), sql.Named("n", n))
	if err != nil {
		return nil, fmt.Errorf("mail sent to contact #%d: %w", contactID, err)
	}
	var ids []string
	err = scanEach(rows, func() error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("mail sent to contact #%d: %w", contactID, err)
	}
	return ids, nil
}
