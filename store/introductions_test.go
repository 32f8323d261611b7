package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

// The introduction kept for a contact is the one the intro reply quotes;
// forwarding it again replaces it, and deleting the contact removes it.
func TestIntroductionRoundTrip(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	c := &Contact{Name: "Sam Lee", Email: "sam@example.org"}
	insert(t, st, c)
	if _, err := st.Read().Introduction(ctx, c.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Introduction() of a contact without one: error %v, want ErrNotFound", err)
	}
	in := &Introduction{ContactID: c.ID, MessageID: "<intro@example.net>", Subject: "Jane, meet Sam",
		Sender: "Marc <marc@example.net>", Date: time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC), Body: "Sam, Jane works on trams.\n"}
	for _, subject := range []string{"first", in.Subject} {
		in := *in
		in.Subject = subject
		if err := st.WithTx(ctx, func(tx *Tx) error { return tx.SetIntroduction(ctx, &in) }); err != nil {
			t.Fatalf("SetIntroduction(%q) error = %v", subject, err)
		}
	}
	got, err := st.Read().Introduction(ctx, c.ID)
	if err != nil || !reflect.DeepEqual(got, in) {
		t.Fatalf("Introduction() = %+v, %v; want %+v", got, err, in)
	}
}

// Problems come back from the given time on, oldest first: the digest
// asks for those since the last one.
func TestProblemsSince(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 7, 30, 0, 0, time.UTC)
	for i, d := range []string{"before", "at", "after"} {
		p := &Problem{At: at.Add(time.Duration(i-1) * time.Minute), Kind: ProblemUnauthenticated, Detail: d}
		if err := st.WithTx(ctx, func(tx *Tx) error { return tx.AddProblem(ctx, p) }); err != nil {
			t.Fatalf("AddProblem() error = %v", err)
		}
	}
	got, err := st.Read().ProblemsSince(ctx, at)
	if err != nil {
		t.Fatalf("ProblemsSince() error = %v", err)
	}
	var details []string
	for _, p := range got {
		details = append(details, p.Detail)
	}
	if want := []string{"at", "after"}; !reflect.DeepEqual(details, want) {
		t.Fatalf("ProblemsSince() = %v, want %v", details, want)
	}
	if all, err := st.Read().ProblemsSince(ctx, time.Time{}); err != nil || len(all) != 3 {
		t.Fatalf("ProblemsSince(zero) = %v, %v; want all three", all, err)
	}
}
