package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A refused login is recorded once until rapport logs in again: a second
// refusal of the same login adds nothing, so the owner is told once; a
// refusal after the login worked again is news.
func TestLoginRefusalsLastUntilTheNextLogin(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	at := time.Date(2026, 3, 10, 7, 0, 0, 0, time.UTC)
	add := func(r LoginRefusal) bool {
		t.Helper()
		var added bool
		err := st.WithTx(ctx, func(tx *Tx) error {
			var err error
			added, err = tx.AddLoginRefusal(ctx, &r)
			return err
		})
		if err != nil {
			t.Fatalf("AddLoginRefusal() error = %v", err)
		}
		return added
	}
	imap := LoginRefusal{Server: "imap.example.com:993", Username: "alex@example.com", Since: at, Detail: "NO [AUTHENTICATIONFAILED] Invalid credentials"}
	if !add(imap) {
		t.Fatalf("AddLoginRefusal() of a first refusal = false, want true")
	}
	again := imap
	again.Since, again.Detail = at.Add(10*time.Second), "NO LOGIN failed."
	if add(again) {
		t.Fatalf("AddLoginRefusal() of the same login again = true, want false: the owner was told already")
	}
	notice := &Outgoing{Template: "login_refused", Audience: AudienceOwner, Status: OutboxApproved, MessageID: "refused@example.com",
		To: "alex@example.com", Subject: "rapport stopped", Body: "fix it"}
	err := st.WithTx(ctx, func(tx *Tx) error {
		if err := tx.InsertOutgoing(ctx, notice, at); err != nil {
			return err
		}
		return tx.SetLoginRefusalNotice(ctx, imap.Server, imap.Username, notice.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = st.WithTx(ctx, func(tx *Tx) error { return tx.SetLoginRefusalNotice(ctx, "other:993", "alex@example.com", notice.ID) })
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("SetLoginRefusalNotice() of an unrecorded login = %v, want ErrNotFound", err)
	}

	list, err := st.Read().LoginRefusals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := imap
	want.NoticeID = notice.ID
	if len(list) != 1 || list[0] != want {
		t.Fatalf("LoginRefusals() = %+v, want [%+v]: the first refusal, with its notice", list, want)
	}

	if err := st.WithTx(ctx, func(tx *Tx) error { return tx.DeleteLoginRefusals(ctx) }); err != nil {
		t.Fatal(err)
	}
	if list, err := st.Read().LoginRefusals(ctx); err != nil || len(list) != 0 {
		t.Fatalf("LoginRefusals() after the next login = %+v, %v; want none", list, err)
	}
	if !add(again) {
		t.Fatalf("AddLoginRefusal() after the login worked again = false, want true: a new refusal is news")
	}
}
