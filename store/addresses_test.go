package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// A contact's other address finds them wherever an address is looked up,
// belongs to no other contact, and can be forgotten again.
func TestContactOtherAddresses(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	fatima := &Contact{Name: "Fatima Al-Sayed", Email: "fatima@acme.example", State: workflow.State{Status: workflow.StatusRequested}}
	sam := &Contact{Name: "Kim Lee", Email: "kim@globex.example", State: workflow.State{Status: workflow.StatusNew}}
	insert(t, st, fatima)
	insert(t, st, sam)
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	err := st.WithTx(ctx, func(tx *Tx) error {
		added, err := tx.AddAddress(ctx, fatima.ID, "Fatima@Home.example", "answered in her thread", now)
		if err != nil || !added {
			t.Fatalf("AddAddress() = %v, %v; want added", added, err)
		}
		if added, err := tx.AddAddress(ctx, fatima.ID, "fatima@home.example", "again", now); err != nil || added {
			t.Errorf("AddAddress(same again) = %v, %v; want not added, no error", added, err)
		}
		if added, err := tx.AddAddress(ctx, fatima.ID, "FATIMA@acme.example", "her own", now); err != nil || added {
			t.Errorf("AddAddress(her main address) = %v, %v; want not added, no error", added, err)
		}
		var dup *DuplicateError
		if _, err := tx.AddAddress(ctx, sam.ID, "fatima@home.example", "", now); !errors.As(err, &dup) || dup.Existing != fatima.ID {
			t.Errorf("AddAddress(Fatima's address to Sam) = %v; want a DuplicateError naming #%d", err, fatima.ID)
		}
		for _, addr := range []string{"fatima@home.example", "FATIMA@HOME.EXAMPLE"} {
			if id, err := tx.ContactIDByEmail(ctx, addr); err != nil || id != fatima.ID {
				t.Errorf("ContactIDByEmail(%s) = %d, %v; want #%d", addr, id, err, fatima.ID)
			}
			if c, err := tx.ContactByEmail(ctx, addr); err != nil || c.ID != fatima.ID {
				t.Errorf("ContactByEmail(%s) = %v, %v; want #%d", addr, c, err, fatima.ID)
			}
		}
		// The Kelvin sign folds to k in Unicode, never here.
		if id, err := tx.ContactIDByEmail(ctx, "\u212aim@globex.example"); err != nil || id != 0 {
			t.Errorf("ContactIDByEmail(look-alike) = %d, %v; want none", id, err)
		}
		known, err := tx.ContactAddresses(ctx, []string{"fatima@home.example", "nobody@home.example", "kim@globex.example"})
		if err != nil || !known["fatima@home.example"] || known["nobody@home.example"] || !known["kim@globex.example"] {
			t.Errorf("ContactAddresses() = %v, %v; want Fatima's other address and Sam's", known, err)
		}
		found, err := tx.FindContacts(ctx, "fatima@home.example")
		if err != nil || len(found) != 1 || found[0].ID != fatima.ID {
			t.Errorf("FindContacts(other address) = %v, %v; want Fatima", found, err)
		}
		// Sam cannot take it as his main address either.
		sam.Email = "fatima@home.example"
		if err := tx.UpdateContact(ctx, sam, now); !errors.As(err, &dup) {
			t.Errorf("UpdateContact(Sam to Fatima's other address) = %v; want a DuplicateError", err)
		}
		list, err := tx.Addresses(ctx, fatima.ID)
		if err != nil || len(list) != 1 || list[0].Address != "Fatima@Home.example" || list[0].Why != "answered in her thread" || !list[0].Added.Equal(now) {
			t.Errorf("Addresses() = %+v, %v", list, err)
		}
		if err := tx.ForgetAddress(ctx, fatima.ID, "fatima@acme.example"); !errors.Is(err, ErrMainAddress) {
			t.Errorf("ForgetAddress(the address rapport writes to) = nil, want an error")
		}
		if err := tx.ForgetAddress(ctx, fatima.ID, "nobody@home.example"); !errors.Is(err, ErrNotFound) {
			t.Errorf("ForgetAddress(not hers) = %v, want ErrNotFound", err)
		}
		if err := tx.ForgetAddress(ctx, fatima.ID, "fatima@HOME.example"); err != nil {
			t.Errorf("ForgetAddress() = %v", err)
		}
		if id, err := tx.ContactIDByEmail(ctx, "fatima@home.example"); err != nil || id != 0 {
			t.Errorf("ContactIDByEmail(forgotten) = %d, %v; want none", id, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
