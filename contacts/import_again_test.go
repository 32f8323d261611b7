package contacts

import (
	"context"
	"slices"
	"testing"

	"github.com/rapport-mail/rapport/store"
)

// historyCount is how many history entries all contacts have, and the
// latest update time among them.
func historyCount(t *testing.T, st *store.Store) (entries int, updated string) {
	t.Helper()
	ctx := context.Background()
	list, err := st.Read().ListContacts(ctx, store.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		h, err := st.Read().History(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		entries += len(h)
		if s := c.UpdatedAt.String(); s > updated {
			updated = s
		}
	}
	return entries, updated
}

// TestImportAgainChangesNothing: a file imported a second time, across
// several chunks, reports every row unchanged and writes nothing: no
// history entry, no update time.
func TestImportAgainChangesNothing(t *testing.T) {
	file, rows := chunkedFile()
	st, tr := setupTracker(t, nil)
	seedContacts(t, st, tr)
	if _, _, err := runImport(t, st, tr, file, ImportOptions{File: "big.csv", SkipBad: true}); err != nil {
		t.Fatal(err)
	}
	entries, updated := historyCount(t, st)
	rep, reported, err := runImport(t, st, tr, file, ImportOptions{File: "big.csv", SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	good := rows - 1 // one row repeats an email
	if rep.Added != 0 || rep.Updated != 0 || rep.Unchanged != good || len(reported) != good {
		t.Fatalf("second import = %d added, %d updated, %d unchanged, %d rows reported; want 0, 0, %d, %d",
			rep.Added, rep.Updated, rep.Unchanged, len(reported), good, good)
	}
	for _, r := range reported {
		if r.Action != RowUnchanged || r.Contact == nil || r.Contact.ID == 0 {
			t.Fatalf("line %d reported %v, contact %+v; want unchanged, with its contact", r.Line, r.Action, r.Contact)
		}
	}
	if e, u := historyCount(t, st); e != entries || u != updated {
		t.Errorf("after the second import, %d history entries and last update %s; want %d and %s", e, u, entries, updated)
	}
}

// TestImportTwoRowsOfOneContact: two rows of a file name the same contact
// (one by address, one by profile URL); the second sees what the first
// changed.
func TestImportTwoRowsOfOneContact(t *testing.T) {
	st, tr := setupTracker(t, nil)
	seedContacts(t, st, tr)
	file := "name,email,url,tags\n" +
		"Jane Doe,jane@acme.example,,mentors\n" +
		"J. Doe,,https://profiles.example/jane,mentors\n" +
		"Sam Lee,,https://profiles.example/sam,climate\n"
	rep, reported, err := runImport(t, st, tr, file, ImportOptions{File: "two.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 0 || rep.Updated != 2 || rep.Unchanged != 1 || len(reported) != 3 {
		t.Fatalf("import = %d added, %d updated, %d unchanged; want 0, 2, 1", rep.Added, rep.Updated, rep.Unchanged)
	}
	want := []string{RowUpdated, RowUnchanged, RowUpdated}
	for i, r := range reported {
		if r.Action != want[i] {
			t.Errorf("line %d: %v, want %v", r.Line, r.Action, want[i])
		}
	}
	jane, err := st.Read().ContactByEmail(context.Background(), "jane@acme.example")
	if err != nil || !slices.Equal(jane.Tags, []string{"mentors", "robotics"}) {
		t.Fatalf("Jane = %+v, %v; want tags mentors and robotics", jane, err)
	}
}
