package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// A database at schema 16 opens with every contact of no tier, and the
// tier then written is read back.
func TestUpgradeGivesContactsNoTier(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v16.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations()[:16] {
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("building a schema-16 database: %s: %v", m.name, err)
		}
	}
	for _, q := range []string{"PRAGMA user_version = 16", `INSERT INTO contacts (id, name, email, status, created_at, updated_at)
		VALUES (1, 'Ana Ruiz', 'ana@example.org', 'thanked', '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z')`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("filling the schema-16 database: %v", err)
		}
	}
	db.Close()

	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(schema 16) error = %v", err)
	}
	defer st.Close()
	ctx := context.Background()
	c, err := st.Read().Contact(ctx, 1)
	if err != nil || c.State.Tier != workflow.TierNone {
		t.Fatalf("contact after upgrade: tier %q, %v; want none", c.State.Tier, err)
	}
	c.State.Tier = workflow.TierB
	if err := st.WithTx(ctx, func(tx *Tx) error { return tx.UpdateContact(ctx, c, time.Now()) }); err != nil {
		t.Fatalf("UpdateContact() error = %v", err)
	}
	if c, err = st.Read().Contact(ctx, 1); err != nil || c.State.Tier != workflow.TierB {
		t.Fatalf("contact after update: tier %q, %v; want B", c.State.Tier, err)
	}
}

func TestTierIsStoredByEveryWriter(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	one := &Contact{Name: "One", Email: "one@example.org", State: workflow.State{Status: workflow.StatusThanked, Tier: workflow.TierA}}
	insert(t, st, one)
	bulk := &Contact{Name: "Bulk", Email: "bulk@example.org", State: workflow.State{Status: workflow.StatusNew, Tier: workflow.TierD}}
	err := st.WithTx(ctx, func(tx *Tx) error {
		return tx.InsertContacts(ctx, []NewContact{{Contact: bulk, Added: &Entry{At: time.Now(), Kind: string(workflow.EventAdded), To: workflow.StatusNew}}})
	})
	if err != nil {
		t.Fatalf("InsertContacts() error = %v", err)
	}
	for _, tt := range []struct {
		id   int64
		want workflow.Tier
	}{{one.ID, workflow.TierA}, {bulk.ID, workflow.TierD}} {
		c, err := st.Read().Contact(ctx, tt.id)
		if err != nil || c.State.Tier != tt.want {
			t.Errorf("contact #%d: tier %q, %v; want %q", tt.id, c.State.Tier, err, tt.want)
		}
	}
}

// The schema refuses a tier the workflow does not know, so that a bug
// elsewhere cannot store one that every reader would misread.
func TestUnknownTierRefused(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	c := &Contact{Name: "Zed", Email: "zed@example.org", State: workflow.State{Status: workflow.StatusNew}}
	insert(t, st, c)
	c.State.Tier = workflow.Tier("Z")
	if err := st.WithTx(ctx, func(tx *Tx) error { return tx.UpdateContact(ctx, c, time.Now()) }); err == nil {
		t.Fatal("UpdateContact() with tier Z succeeded, want the schema to refuse it")
	}
}
