package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// kelvin is "Kim@acme.example" written with the Kelvin sign (U+212A), which
// Unicode case folding equals to k and SQLite's NOCASE and lower() (ASCII
// only without ICU, as modernc.org/sqlite is built) do not.
const kelvin = "\u212aim@acme.example"

// A look-alike address is another mailbox: looking it up finds no contact,
// even in a batch that also asks for the contact's real address in
// another case.
func TestLookAlikeAddressFindsNoContact(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	kim := &Contact{Name: "Kim", Email: "kim@acme.example"}
	insert(t, st, kim)
	r := st.Read()
	if id, err := r.ContactIDByEmail(ctx, kelvin); err != nil || id != 0 {
		t.Errorf("ContactIDByEmail(%q) = %d, %v; want 0", kelvin, id, err)
	}
	if id, err := r.ContactIDByEmail(ctx, "KIM@acme.example"); err != nil || id != kim.ID {
		t.Errorf("ContactIDByEmail(KIM@acme.example) = %d, %v; want %d", id, err, kim.ID)
	}
	if c, err := r.ContactByEmail(ctx, kelvin); !errors.Is(err, ErrNotFound) {
		t.Errorf("ContactByEmail(%q) = %+v, %v; want ErrNotFound", kelvin, c, err)
	}
	got, err := r.ContactAddresses(ctx, []string{"KIM@acme.example", kelvin})
	if err != nil || len(got) != 1 || !got["KIM@acme.example"] {
		t.Errorf("ContactAddresses() = %v, %v; want only KIM@acme.example", got, err)
	}
}

// The owner's own mail does not count as an answer before a nudge, even
// from an address with a non-ASCII capital: the owner's addresses are
// lowered as SQLite's lower() lowers the sender, ASCII only. Mail from a
// look-alike of the owner's address is not the owner's, and from the
// contact's domain it counts.
func TestHeardFromALookAlikeOfTheOwner(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	jane := &Contact{Name: "Jane", Email: "jane@acme.example"}
	insert(t, st, jane)
	sent := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	heard := func(key, sender string) bool {
		t.Helper()
		var ok bool
		err := st.WithTx(ctx, func(tx *Tx) error {
			_, err := tx.RecordMessage(ctx, &Message{Key: key, Direction: DirectionIn, Sender: sender, Kind: "personal", Recorded: sent.Add(time.Hour)})
			if err != nil {
				return err
			}
			ok, err = tx.HeardFrom(ctx, jane.ID, "acme.example", []string{"Kim@acme.example", "J\u00d6RG@acme.example"}, sent)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if heard("own@acme.example", "KIM@acme.example") {
		t.Fatal("HeardFrom() = true after the owner's own mail")
	}
	if heard("own2@acme.example", "J\u00d6RG@acme.example") {
		t.Fatal("HeardFrom() = true after the owner's own mail from an address with a non-ASCII capital")
	}
	if !heard("lookalike@acme.example", kelvin) {
		t.Fatalf("HeardFrom() = false after mail from %q at the contact's domain; it is not the owner's", kelvin)
	}
}
