package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A message's HTML alternative is stored and read back unchanged by every
// query that returns outbox rows; a message without one reads back "".
func TestOutboxHTMLRoundTrip(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	jane := &Contact{Name: "Jane", Email: "jane@acme.example"}
	insert(t, st, jane)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	html := "<!DOCTYPE html>\r\n<h1>Needs you today</h1>\n<p>#12 Zoë — “Sure” عبد الله 🙏 \x00 a=b</p>\n" +
		strings.Repeat("<span>wide</span> ", 400)
	plain := &Outgoing{ContactID: jane.ID, Template: "request", Status: OutboxApproved, MessageID: "r1@owner.example",
		To: "jane@acme.example", Subject: "Hello", Body: "Hi Jane"}
	digest := &Outgoing{Template: "digest", Audience: AudienceOwner, Status: OutboxApproved, MessageID: "d1@owner.example",
		To: "owner@owner.example", Subject: "Your day", Body: "Needs you today", HTML: html}
	err := st.WithTx(ctx, func(tx *Tx) error {
		for _, o := range []*Outgoing{plain, digest} {
			if err := tx.InsertOutgoing(ctx, o, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	want := map[int64]string{plain.ID: "", digest.ID: html}
	check := func(how string, list ...Outgoing) {
		t.Helper()
		if len(list) != 2 {
			t.Fatalf("%s returned %d rows, want 2", how, len(list))
		}
		for _, o := range list {
			if o.HTML != want[o.ID] {
				t.Errorf("%s: message %d HTML = %q, want %q", how, o.ID, o.HTML, want[o.ID])
			}
		}
	}
	r := st.Read()
	due, err := r.NextApproved(ctx, now, 10)
	if err != nil {
		t.Fatal(err)
	}
	check("NextApproved", due...)
	all, err := r.ListOutbox(ctx, OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	check("ListOutbox", all...)
	var byID, byMID []Outgoing
	for _, o := range []*Outgoing{plain, digest} {
		got, err := r.Outgoing(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		byID = append(byID, *got)
		got, err = r.OutgoingByMessageID(ctx, o.MessageID)
		if err != nil {
			t.Fatal(err)
		}
		byMID = append(byMID, *got)
	}
	check("Outgoing", byID...)
	check("OutgoingByMessageID", byMID...)

	// A status change keeps the HTML; the owner's edit of the body drops
	// it, since it was rendered from the old body.
	move := func(ch OutboxChange) *Outgoing {
		t.Helper()
		err := st.WithTx(ctx, func(tx *Tx) error {
			return tx.MoveOutgoing(ctx, digest.ID, []string{OutboxApproved, OutboxSending}, ch, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.Read().Outgoing(ctx, digest.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	subject := "Your day, edited"
	if got := move(OutboxChange{To: OutboxApproved, Subject: &subject, Attempt: true}); got.HTML != html {
		t.Errorf("after a subject edit HTML = %q, want it kept", got.HTML)
	}
	body := "Edited by hand"
	if got := move(OutboxChange{To: OutboxApproved, Body: &body}); got.HTML != "" || got.Body != body {
		t.Errorf("after a body edit Body, HTML = %q, %q; want %q and no HTML", got.Body, got.HTML, body)
	}
}

// Rows written before schema 7 read back with no HTML.
func TestOutboxHTMLUpgrade(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v6.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations()[:6] {
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("building a schema-6 database: %s: %v", m.name, err)
		}
	}
	for _, q := range []string{"PRAGMA user_version = 6",
		`INSERT INTO outbox (id, template, status, message_id, recipients, subject, body, created_at, updated_at)
		 VALUES (1, 'notice_reply', 'sent', 'old@owner.example', 'owner@owner.example', 'Old', 'old text',
		 '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("building a schema-6 database: %v", err)
		}
	}
	db.Close()

	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(schema 6) error = %v", err)
	}
	defer st.Close()
	o, err := st.Read().Outgoing(context.Background(), 1)
	if err != nil || o.HTML != "" || o.Body != "old text" {
		t.Fatalf("old row after upgrade = %+v, %v; want its body and no HTML", o, err)
	}
}
