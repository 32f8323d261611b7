package store

import (
	"context"
	"testing"
	"time"
)

// Soft bounces count per contact address: the same report counts once,
// another address of the contact has a count of its own, and clearing one
// address (mail came from it) leaves the other's.
func TestSoftBouncesCountPerAddressOnce(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	kim := &Contact{Name: "Kim Lee", Email: "kim@example.org"}
	insert(t, st, kim)
	at := time.Date(2026, 3, 10, 7, 0, 0, 0, time.UTC)
	add := func(key, addr string) int {
		t.Helper()
		var n int
		err := st.WithTx(ctx, func(tx *Tx) (err error) {
			n, err = tx.AddSoftBounce(ctx, &SoftBounce{MessageKey: key, ContactID: kim.ID, Address: addr, At: at, Status: "4.2.2"})
			return err
		})
		if err != nil {
			t.Fatalf("AddSoftBounce(%s, %s) error = %v", key, addr, err)
		}
		return n
	}
	clearOf := func(addr string) int {
		t.Helper()
		var n int
		err := st.WithTx(ctx, func(tx *Tx) (err error) {
			n, err = tx.ClearSoftBounces(ctx, kim.ID, addr)
			return err
		})
		if err != nil {
			t.Fatalf("ClearSoftBounces(%s) error = %v", addr, err)
		}
		return n
	}
	steps := []struct {
		name string
		do   func() int
		want int
	}{
		{"first report", func() int { return add("<r1@mx.example>", "kim@example.org") }, 1},
		{"the same report read again", func() int { return add("<r1@mx.example>", "kim@example.org") }, 1},
		{"a second report, address in capitals", func() int { return add("<r2@mx.example>", "Kim@Example.org") }, 2},
		{"another address of theirs counts on its own", func() int { return add("<r3@mx.example>", "kim@home.example") }, 1},
		{"mail from the first address clears its two", func() int { return clearOf("KIM@example.org") }, 2},
		{"the next report there starts again", func() int { return add("<r4@mx.example>", "kim@example.org") }, 1},
		{"the other address kept its count", func() int { return add("<r5@mx.example>", "kim@home.example") }, 2},
		{"clearing an address without soft bounces", func() int { return clearOf("nobody@example.org") }, 0},
	}
	for _, s := range steps {
		if got := s.do(); got != s.want {
			t.Fatalf("%s: got %d, want %d", s.name, got, s.want)
		}
	}
	err := st.WithTx(ctx, func(tx *Tx) error {
		_, err := tx.AddSoftBounce(ctx, &SoftBounce{ContactID: kim.ID, Address: "kim@example.org", At: at})
		return err
	})
	if err == nil {
		t.Fatal("AddSoftBounce() without a message key succeeded, want an error")
	}
}
