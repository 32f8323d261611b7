package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Address is one of a contact's other addresses: not the one rapport
// writes to (Contact.Email), but one they wrote from.
type Address struct {
	Address string
	Added   time.Time
	Why     string // how rapport learned it: "answered in their thread from it"
}

// AddAddress records addr as another address of contact #contactID, with
// why it is theirs. It reports added false when the address was already
// theirs (as Email or another address). An address another contact has
// returns a *DuplicateError and changes nothing.
func (tx *Tx) AddAddress(ctx context.Context, contactID int64, addr, why string, now time.Time) (added bool, err error) {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return false, fmt.Errorf("add an address to contact #%d: the address is empty", contactID)
	}
	owner, err := tx.ContactIDByEmail(ctx, addr)
	switch {
	case err != nil:
		return false, err
	case owner == contactID:
		return false, nil
	case owner != 0:
		return false, &DuplicateError{Field: "email", Value: addr, Existing: owner}
	}
	_, err = tx.q.ExecContext(ctx, `INSERT INTO contact_addresses (address, contact_id, added_at, why)
		VALUES (:address, :contact, :at, :why)`,
		sql.Named("address", addr), sql.Named("contact", contactID), sql.Named("at", timeText(now)), sql.Named("why", why))
	if err != nil {
		return false, fmt.Errorf("add <%s> to contact #%d: %w", addr, contactID, err)
	}
	return true, nil
}

// ErrMainAddress is returned for a change that only another address of a
// contact's may undergo, asked of the one rapport writes to.
var ErrMainAddress = errors.New("the address rapport writes to")

// ForgetAddress removes addr from contact #contactID's other addresses.
// The address rapport writes to (Contact.Email) is not among them: it
// returns an error saying to change it instead. Forgetting an address the
// contact does not have returns an error wrapping ErrNotFound.
func (tx *Tx) ForgetAddress(ctx context.Context, contactID int64, addr string) error {
	addr = strings.TrimSpace(addr)
	res, err := tx.q.ExecContext(ctx, `DELETE FROM contact_addresses WHERE contact_id = :contact AND address = :address`,
		sql.Named("contact", contactID), sql.Named("address", addr))
	if err != nil {
		return fmt.Errorf("forget <%s> of contact #%d: %w", addr, contactID, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	c, err := tx.Contact(ctx, contactID)
	if err != nil {
		return err
	}
	if strings.EqualFold(c.Email, addr) {
		return fmt.Errorf("<%s> of #%d: %w: change it instead", addr, contactID, ErrMainAddress)
	}
	return fmt.Errorf("<%s> is not one of #%d's addresses: %w", addr, contactID, ErrNotFound)
}

// Addresses returns contact #contactID's other addresses, oldest first.
func (tx *Tx) Addresses(ctx context.Context, contactID int64) ([]Address, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT address, added_at, why FROM contact_addresses
		WHERE contact_id = :contact ORDER BY added_at, address`, sql.Named("contact", contactID))
	if err != nil {
		return nil, fmt.Errorf("addresses of contact #%d: %w", contactID, err)
	}
	defer rows.Close()
	var out []Address
	for rows.Next() {
		var a Address
		var at sql.NullString
		if err := rows.Scan(&a.Address, &at, &a.Why); err != nil {
			return nil, fmt.Errorf("addresses of contact #%d: %w", contactID, err)
		}
		if a.Added, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("addresses of contact #%d: %w", contactID, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("addresses of contact #%d: %w", contactID, err)
	}
	return out, nil
}
