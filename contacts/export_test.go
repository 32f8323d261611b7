package contacts

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"rapport/contacts/importer"
	"rapport/store"
)

// TestWriteCSVImportsBack writes seedContacts' contacts, one introduced
// by another, and reads them back with the importer.
func TestWriteCSVImportsBack(t *testing.T) {
	ctx := context.Background()
	st, tr := setupTracker(t, nil)
	seedContacts(t, st, tr)
	err := st.WithTx(ctx, func(tx *store.Tx) error {
		_, err := tr.AddContact(ctx, tx, AddRequest{Contact: store.Contact{Name: "Ana, \"the\" Engineer", Email: "ana@initech.example",
			Company: "Initech", Field: "controls", TimeZone: "Europe/Madrid", Notes: "line one\nline two", IntroducedBy: 2,
			Tags: []string{"b", "a"}}, Source: store.SourceCLI}, trackerNow)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	list, err := st.Read().ListContacts(ctx, store.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, list); err != nil {
		t.Fatalf("WriteCSV() error = %v", err)
	}
	parsed, err := importer.Parse(&buf)
	if err != nil || len(parsed.Problems) > 0 || len(parsed.Rows) != len(list) {
		t.Fatalf("importer.Parse(WriteCSV()) = %+v, %v; want %d rows and no problem", parsed, err, len(list))
	}
	for i, row := range parsed.Rows {
		c := list[i]
		introducer := ""
		if c.IntroducedBy == 2 {
			introducer = "marc@egis.example"
		}
		if row.Name != c.Name || row.Email != c.Email || row.Company != c.Company || row.Role != c.Role || row.Field != c.Field ||
			row.URL != c.URL || row.TimeZone != c.TimeZone || row.Notes != c.Notes || row.IntroducedBy != introducer ||
			strings.Join(row.Tags, ",") != strings.Join(c.Tags, ",") {
			t.Errorf("row %d read back = %+v\nwant the contact %+v", i, row, c)
		}
	}
}

// TestRecordNames pins the JSON names scripts read.
func TestRecordNames(t *testing.T) {
	st, tr := setupTracker(t, nil)
	jane := addJane(t, st, tr)
	hist, _ := st.Read().History(context.Background(), jane.ID)
	b, err := json.Marshal(NewRecord(jane, hist))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{`"id":1`, `"name":"Jane Doe"`, `"email":"jane@acme.example"`, `"status":"new"`, `"stage":"identify"`,
		`"next_action":"write a request"`, `"created_at":"2026-11-23T10:00:00Z"`, `"history":[{"at":"2026-11-23T10:00:00Z","kind":"added"`} {
		if !strings.Contains(string(b), name) {
			t.Errorf("NewRecord() JSON lacks %s:\n%s", name, b)
		}
	}
}
