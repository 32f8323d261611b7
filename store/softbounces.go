package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// EntryDelivery is a history entry about a delivery report that did not
// (yet) change the contact's status: a delay, a soft bounce counted, the
// count forgotten after mail from the address.
const EntryDelivery = "delivery"

// ProblemSoftBounce is a soft bounce counted for a contact's address
// before the run makes the address failed, for the digest: the message
// did not arrive, and the owner should know before a nudge is wasted.
const ProblemSoftBounce = "soft_bounce"

// SoftBounce is one report that a message to a contact's address was
// given up on with a temporary status.
type SoftBounce struct {
	MessageKey string // the report's key in messages (Message.Key)
	ContactID  int64
	Address    string
	At         time.Time
	Status     string // the enhanced status code; "" when the report had none
}

// AddSoftBounce records b and returns how many soft bounces its contact
// address has now (b included) since mail from it last cleared them
// (ClearSoftBounces). A report already recorded for that address (the
// same MessageKey) is not counted again: the count is returned unchanged.
// Call it in the transaction that records the report's message.
func (tx *Tx) AddSoftBounce(ctx context.Context, b *SoftBounce) (int, error) {
	addr := strings.TrimSpace(b.Address)
	if b.MessageKey == "" || addr == "" {
		return 0, fmt.Errorf("record a soft bounce for contact #%d: no message key or address", b.ContactID)
	}
	_, err := tx.q.ExecContext(ctx, `INSERT INTO soft_bounces (message_key, contact_id, address, at, status)
		VALUES (:key, :contact, :address, :at, :status) ON CONFLICT (message_key, address) DO NOTHING`,
		sql.Named("key", b.MessageKey), sql.Named("contact", b.ContactID), sql.Named("address", addr),
		sql.Named("at", timeText(b.At)), sql.Named("status", b.Status))
	if err != nil {
		return 0, fmt.Errorf("record a soft bounce of <%s> for contact #%d: %w", addr, b.ContactID, err)
	}
	var n int
	err = tx.q.QueryRowContext(ctx, `SELECT count(*) FROM soft_bounces WHERE contact_id = :contact AND address = :address`,
		sql.Named("contact", b.ContactID), sql.Named("address", addr)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count the soft bounces of <%s> for contact #%d: %w", addr, b.ContactID, err)
	}
	return n, nil
}

// ClearSoftBounces forgets the soft bounces of a contact's address
// (compared without regard to ASCII case), as mail from it shows it
// works, and returns how many there were.
func (tx *Tx) ClearSoftBounces(ctx context.Context, contactID int64, address string) (int, error) {
	res, err := tx.q.ExecContext(ctx, `DELETE FROM soft_bounces WHERE contact_id = :contact AND address = :address`,
		sql.Named("contact", contactID), sql.Named("address", strings.TrimSpace(address)))
	if err != nil {
		return 0, fmt.Errorf("clear the soft bounces of <%s> for contact #%d: %w", address, contactID, err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
