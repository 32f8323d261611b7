package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// The outbox keeps a message as drafted, hands out what is due (notices
// to the owner before mail to contacts), and moves a message only from
// the status the caller saw, so two senders can never both send it.
func TestOutboxLifecycle(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	jane := &Contact{Name: "Jane", Email: "jane@acme.example"}
	insert(t, st, jane)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	req := &Outgoing{ContactID: jane.ID, Template: "request", Status: OutboxApproved, MessageID: "r1@owner.example",
		To: "Jane <jane@acme.example>", Bcc: "intro@x.example", Subject: "Hello", Body: "Hi Jane"}
	later := &Outgoing{ContactID: jane.ID, Template: "nudge", Status: OutboxApproved, MessageID: "n1@owner.example",
		InReplyTo: "r1@owner.example", Refs: []string{"r1@owner.example"}, Nudge: 1, NotBefore: now.Add(time.Hour)}
	notice := &Outgoing{ContactID: jane.ID, Template: "notice_reply", Audience: AudienceOwner, Status: OutboxApproved, MessageID: "x1@owner.example"}
	err := st.WithTx(ctx, func(tx *Tx) error {
		for _, o := range []*Outgoing{req, later, notice} {
			if err := tx.InsertOutgoing(ctx, o, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	due, err := st.Read().NextApproved(ctx, now, 10)
	if err != nil || len(due) != 2 || due[0].ID != notice.ID || due[1].ID != req.ID {
		t.Fatalf("NextApproved() = %+v, %v; want the notice, then the request", due, err)
	}
	if due[1].Bcc != "intro@x.example" || due[1].To != req.To || due[1].Body != "Hi Jane" || !due[1].Created.Equal(now) {
		t.Errorf("stored request = %+v, want it as inserted", due[1])
	}
	if at, err := st.Read().NextNotBefore(ctx, now); err != nil || !at.Equal(now.Add(time.Hour)) {
		t.Errorf("NextNotBefore() = %v, %v; want the nudge's time", at, err)
	}
	n, err := st.Read().OutgoingByMessageID(ctx, "N1@OWNER.EXAMPLE")
	if err != nil || n.ID != later.ID || n.InReplyTo != "r1@owner.example" || len(n.Refs) != 1 || n.Nudge != 1 {
		t.Errorf("OutgoingByMessageID() = %+v, %v; want the nudge with its thread", n, err)
	}

	move := func(id int64, from []string, ch OutboxChange, at time.Time) error {
		return st.WithTx(ctx, func(tx *Tx) error { return tx.MoveOutgoing(ctx, id, from, ch, at) })
	}
	if err := move(req.ID, []string{OutboxApproved}, OutboxChange{To: OutboxSending, Attempt: true}, now); err != nil {
		t.Fatal(err)
	}
	err = move(req.ID, []string{OutboxApproved}, OutboxChange{To: OutboxSending, Attempt: true}, now)
	if !errors.Is(err, ErrOutboxChanged) {
		t.Fatalf("second move from approved = %v, want ErrOutboxChanged", err)
	}
	sentAt := now.Add(time.Minute)
	if err := move(req.ID, []string{OutboxSending}, OutboxChange{To: OutboxSent}, sentAt); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Read().Outgoing(ctx, req.ID)
	if got.Status != OutboxSent || got.Attempts != 1 || !got.Sent.Equal(sentAt) {
		t.Errorf("after sending: %+v; want sent once at %s", got, sentAt)
	}
	count, last, err := st.Read().SentSince(ctx, now)
	if err != nil || count != 1 || !last.Equal(sentAt) {
		t.Errorf("SentSince() = %d, %v, %v; want 1 at %s", count, last, err, sentAt)
	}
	body := "Edited text"
	if err := move(later.ID, []string{OutboxApproved}, OutboxChange{To: OutboxApproved, Body: &body, LastError: "451 try later", NotBefore: now.Add(2 * time.Hour)}, now); err != nil {
		t.Fatal(err)
	}
	got, _ = st.Read().Outgoing(ctx, later.ID)
	if got.Body != body || got.LastError != "451 try later" || !got.NotBefore.Equal(now.Add(2*time.Hour)) {
		t.Errorf("after the edit: %+v", got)
	}
	list, err := st.Read().ListOutbox(ctx, OutboxFilter{Statuses: []string{OutboxApproved}, Audience: AudienceContact})
	if err != nil || len(list) != 1 || list[0].ID != later.ID {
		t.Errorf("ListOutbox(approved, contact) = %+v, %v; want the nudge", list, err)
	}
}

// Just before a nudge leaves, any answer from the contact or their domain
// since the request counts; automatic answers and bulk mail do not.
func TestHeardFrom(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	jane := &Contact{Name: "Jane", Email: "jane@acme.example"}
	insert(t, st, jane)
	sent := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	record := func(key, sender, kind string, contact int64, at time.Time) {
		t.Helper()
		err := st.WithTx(ctx, func(tx *Tx) error {
			_, err := tx.RecordMessage(ctx, &Message{Key: key, Direction: DirectionIn, Sender: sender, Kind: kind, ContactID: contact, Recorded: at})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	heard := func() bool {
		t.Helper()
		ok, err := st.Read().HeardFrom(ctx, jane.ID, "acme.example", []string{"Owner@acme.example"}, sent)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	record("old@acme.example", "jane@acme.example", "personal", jane.ID, sent.Add(-time.Hour))
	record("ooo@acme.example", "jane@acme.example", "auto_reply", jane.ID, sent.Add(time.Hour))
	record("news@acme.example", "news@acme.example", "bulk", 0, sent.Add(time.Hour))
	record("other@acmexexample", "bob@acme_example", "personal", 0, sent.Add(time.Hour))
	record("self@acme.example", "owner@ACME.example", "personal", 0, sent.Add(time.Hour))
	// Another contact at the same company answers for themselves only.
	sam := &Contact{Name: "Sam", Email: "sam@acme.example"}
	insert(t, st, sam)
	record("sam@acme.example", "sam@acme.example", "personal", sam.ID, sent.Add(time.Hour))
	if heard() {
		t.Fatal("HeardFrom() = true with only old mail, an out-of-office, a newsletter, the owner's own mail and another contact's answer")
	}
	record("colleague@acme.example", "bob@acme.example", "personal", 0, sent.Add(2*time.Hour))
	if !heard() {
		t.Fatal("HeardFrom() = false after a colleague at the domain wrote")
	}
}

// Work queued in a transaction is announced only once it is committed,
// and never when it is rolled back.
func TestOnCommit(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	var ran []string
	st.WithTx(ctx, func(tx *Tx) error {
		tx.OnCommit(func() { ran = append(ran, "committed") })
		if len(ran) != 0 {
			t.Error("OnCommit ran inside the transaction")
		}
		return nil
	})
	st.WithTx(ctx, func(tx *Tx) error {
		tx.OnCommit(func() { ran = append(ran, "rolled back") })
		return errors.New("roll back")
	})
	st.Read().OnCommit(func() { ran = append(ran, "read") })
	if strings.Join(ran, ",") != "committed,read" {
		t.Errorf("ran %v, want committed then read", ran)
	}
}

// The end-of-data mark is kept only for the message "sending", and a new
// attempt starts without it.
func TestMarkEndOfData(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	o := &Outgoing{Template: "request", Status: OutboxApproved, MessageID: "m1@owner.example"}
	mark := func(at time.Time) error {
		return st.WithTx(ctx, func(tx *Tx) error { return tx.MarkEndOfData(ctx, o.ID, at) })
	}
	move := func(from, to string) {
		t.Helper()
		err := st.WithTx(ctx, func(tx *Tx) error {
			return tx.MoveOutgoing(ctx, o.ID, []string{from}, OutboxChange{To: to, Attempt: to == OutboxSending}, now)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := st.WithTx(ctx, func(tx *Tx) error { return tx.InsertOutgoing(ctx, o, now) }); err != nil {
		t.Fatal(err)
	}
	if err := mark(now); !errors.Is(err, ErrOutboxChanged) {
		t.Fatalf("marking an approved message = %v, want ErrOutboxChanged", err)
	}
	move(OutboxApproved, OutboxSending)
	at := now.Add(time.Second)
	if err := mark(at); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Read().Outgoing(ctx, o.ID); !got.EndOfData.Equal(at) {
		t.Fatalf("EndOfData = %v, want %v", got.EndOfData, at)
	}
	move(OutboxSending, OutboxApproved) // a temporary failure
	move(OutboxApproved, OutboxSending) // the next attempt
	if got, _ := st.Read().Outgoing(ctx, o.ID); !got.EndOfData.IsZero() || got.Attempts != 2 {
		t.Fatalf("second attempt: EndOfData = %v after %d attempts, want none after 2", got.EndOfData, got.Attempts)
	}
}
