package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// A database at schema 10 (the last before names were decoded) with
// names an older rapport stored encoded: opening it decodes them, and
// leaves every other name as it was.
func TestUpgradeDecodesStoredNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v10.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations()[:10] {
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("building a schema-10 database: %s: %v", m.name, err)
		}
	}
	names := []struct{ stored, want string }{
		{"=?utf-8?q?Tom=C3=A1s_Herrera?=", "Tomás Herrera"},
		{"=?windows-1252?q?Ren=E9?= Roy", "René Roy"},
		{"Herrera, =?UTF-8?B?VG9tw6Fz?=", "Herrera, Tomás"},
		{"Zoë Ångström", "Zoë Ångström"},
		{"Ana =? Ruiz", "Ana =? Ruiz"},
		{"=?x-unknown-charset?q?Worf?=", "=?x-unknown-charset?q?Worf?="},
	}
	stmts := []string{"PRAGMA user_version = 10"}
	for i, n := range names {
		stmts = append(stmts, fmt.Sprintf(`INSERT INTO contacts (id, name, email, status, created_at, updated_at)
			VALUES (%d, '%s', 'c%d@example.org', 'new', '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z')`, i+1, n.stored, i))
	}
	stmts = append(stmts, `INSERT INTO introductions (contact_id, subject, sender, body)
		VALUES (1, 'Meet Tomás', '=?utf-8?q?In=C3=A8s_Garcia?= <ines@example.org>', 'Tomás, meet Sam.')`)
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("filling the schema-10 database: %v", err)
		}
	}
	db.Close()

	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(schema 10) error = %v", err)
	}
	defer st.Close()
	ctx := context.Background()
	var v int
	if err := st.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != SchemaVersion() {
		t.Fatalf("user_version = %d, %v; want %d", v, err, SchemaVersion())
	}
	for i, n := range names {
		c, err := st.Read().Contact(ctx, int64(i+1))
		if err != nil || c.Name != n.want {
			t.Errorf("contact #%d after upgrade = %q, %v; want %q", i+1, c.Name, err, n.want)
		}
	}
	in, err := st.Read().Introduction(ctx, 1)
	if err != nil || in.Sender != "Inès Garcia <ines@example.org>" {
		t.Errorf("introduction sender after upgrade = %q, %v; want Inès Garcia <ines@example.org>", in.Sender, err)
	}
}
