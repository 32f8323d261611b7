package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// bulkSample returns contacts of every shape, with their arrival entry.
func bulkSample(n int, at time.Time) []NewContact {
	var list []NewContact
	for i := range n {
		c := &Contact{Name: fmt.Sprintf("Person %d", i), Company: "Co", Role: "role", Field: "field",
			Source: "LinkedIn", TimeZone: "Europe/Paris", Notes: "line one\nline two", CreatedAt: at,
			State: workflow.State{Status: workflow.StatusNew}}
		if i%2 == 0 {
			c.Email = fmt.Sprintf("person%d@example.com", i)
		}
		if i%3 == 0 {
			c.URL = fmt.Sprintf("https://example.com/in/p%d", i)
		}
		if i%4 == 0 {
			c.Tags = []string{"B", "a", "b"}
		}
		if i%5 == 0 {
			c.State = workflow.State{Status: workflow.StatusPaused, PausedFrom: workflow.StatusNew, PausedAt: at,
				Nudges: 1, ReturnDate: at.Add(48 * time.Hour),
				Meeting: &workflow.Meeting{Start: at.Add(time.Hour), End: at.Add(2 * time.Hour), Place: "Café", UID: "u", Sequence: 2},
				Timers:  map[workflow.TimerKind]time.Time{workflow.TimerResume: at.Add(48 * time.Hour), workflow.TimerNudge: at.Add(time.Hour)}}
		}
		e := &Entry{At: at, Kind: string(workflow.EventAdded), To: c.State.Status, Why: fmt.Sprintf("imported from f.csv line %d", i+2), Source: SourceImport}
		if i%7 == 0 {
			// A milestone, kept on the contact: a move into requested.
			e.Kind, e.From, e.To = string(workflow.EventRequestSent), workflow.StatusNew, workflow.StatusRequested
		}
		list = append(list, NewContact{Contact: c, Added: e})
	}
	return list
}

// A contact stored by InsertContacts reads back exactly as one stored by
// InsertContact and AppendHistory.
func TestInsertContactsAsOneByOne(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	one, bulk := openTest(t), openTest(t)
	const n = 150 // more than two statements' worth, and a shorter last one
	err := one.WithTx(ctx, func(tx *Tx) error {
		for _, nc := range bulkSample(n, at) {
			if err := tx.InsertContact(ctx, nc.Contact); err != nil {
				return err
			}
			nc.Added.ContactID = nc.Contact.ID
			if err := tx.AppendHistory(ctx, nc.Added); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	list := bulkSample(n, at)
	if err := bulk.WithTx(ctx, func(tx *Tx) error { return tx.InsertContacts(ctx, list) }); err != nil {
		t.Fatalf("InsertContacts() error = %v", err)
	}
	for i, nc := range list {
		if nc.Contact.ID != int64(i+1) || nc.Added.ContactID != nc.Contact.ID || nc.Added.ID != int64(i+1) {
			t.Fatalf("contact %d: ID %d, entry %d of #%d; want %d", i, nc.Contact.ID, nc.Added.ID, nc.Added.ContactID, i+1)
		}
	}
	for id := int64(1); id <= n; id++ {
		want, err := one.Read().Contact(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		got, err := bulk.Read().Contact(ctx, id)
		if err != nil {
			t.Fatalf("contact #%d after InsertContacts: %v", id, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("contact #%d after InsertContacts = %+v\nwant %+v", id, got, want)
		}
		wantHist, _ := one.Read().History(ctx, id)
		gotHist, _ := bulk.Read().History(ctx, id)
		if !reflect.DeepEqual(gotHist, wantHist) {
			t.Fatalf("history of #%d after InsertContacts = %+v\nwant %+v", id, gotHist, wantHist)
		}
	}
	var a, b string
	milestones := `SELECT group_concat(id || ':' || coalesce(requested_at, '-'), ',') FROM contacts`
	one.db.QueryRow(milestones).Scan(&a)
	bulk.db.QueryRow(milestones).Scan(&b)
	if a != b || strings.Count(b, ":-") == n {
		t.Fatalf("milestones after InsertContacts = %s\nwant %s, with every seventh contact requested", b, a)
	}

	// A clash the caller missed fails, and the transaction writes nothing.
	err = bulk.WithTx(ctx, func(tx *Tx) error {
		return tx.InsertContacts(ctx, []NewContact{{Contact: &Contact{Name: "Dup", Email: "PERSON0@example.com",
			State: workflow.State{Status: workflow.StatusNew}}, Added: &Entry{At: at, Kind: "added"}}})
	})
	if err == nil {
		t.Fatalf("InsertContacts() of a taken email = nil error")
	}
}

func TestContactURLs(t *testing.T) {
	st := openTest(t)
	insert(t, st, &Contact{Name: "Jane", URL: "https://example.com/in/jane"})
	got, err := st.Read().ContactURLs(context.Background(), []string{"https://example.com/in/jane", "https://example.com/in/JANE", "https://example.com/in/sam"})
	if err != nil || !reflect.DeepEqual(got, map[string]bool{"https://example.com/in/jane": true}) {
		t.Fatalf("ContactURLs() = %v, %v; want only Jane's URL, as written", got, err)
	}
}

func TestLinkIntroducers(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	for _, name := range []string{"A", "B", "C", "D"} {
		insert(t, st, &Contact{Name: name})
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var n int64
	err := st.WithTx(ctx, func(tx *Tx) (err error) {
		if _, err = tx.LinkIntroducers(ctx, []IntroducerLink{{ID: 2, By: 1}}, now); err != nil {
			return err
		}
		// #2 keeps its introducer, #3 takes the first of two, #4 is not its own.
		n, err = tx.LinkIntroducers(ctx, []IntroducerLink{{ID: 2, By: 3}, {ID: 3, By: 1}, {ID: 3, By: 2}, {ID: 4, By: 4}}, now)
		return err
	})
	if err != nil || n != 1 {
		t.Fatalf("LinkIntroducers() = %d, %v; want 1 changed", n, err)
	}
	for id, want := range map[int64]int64{1: 0, 2: 1, 3: 1, 4: 0} {
		c, _ := st.Read().Contact(ctx, id)
		if c.IntroducedBy != want {
			t.Errorf("contact #%d introduced by #%d, want #%d", id, c.IntroducedBy, want)
		}
		if changed := want != 0; changed != c.UpdatedAt.Equal(now) {
			t.Errorf("contact #%d updated at %v; want now only when linked", id, c.UpdatedAt)
		}
	}
}

// An import transaction checks every reference once, at the end, and the
// connection checks foreign keys again afterwards.
func TestWithImportTx(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	st := openTest(t)
	insert(t, st, &Contact{Name: "Jane"})
	err := st.WithImportTx(ctx, func(tx *Tx) error {
		if err := tx.InsertContacts(ctx, bulkSample(3, at)); err != nil {
			return err
		}
		// A reference to no one, which nothing checks until the end.
		return tx.AppendHistory(ctx, &Entry{ContactID: 99, At: at, Kind: "note"})
	})
	if err == nil || !strings.Contains(err.Error(), "names a contacts that does not exist") {
		t.Fatalf("WithImportTx() with a broken reference = %v, want it refused", err)
	}
	if n, _ := st.Read().CountContacts(ctx); n != 1 {
		t.Fatalf("%d contacts after a refused import, want 1", n)
	}
	if err := st.WithImportTx(ctx, func(tx *Tx) error { return tx.InsertContacts(ctx, bulkSample(3, at)) }); err != nil {
		t.Fatalf("WithImportTx() = %v", err)
	}
	if n, _ := st.Read().CountContacts(ctx); n != 4 {
		t.Fatalf("%d contacts after the import, want 4", n)
	}
	for range 3 { // whichever connection the pool gives
		err = st.WithTx(ctx, func(tx *Tx) error {
			return tx.AppendHistory(ctx, &Entry{ContactID: 99, At: at, Kind: "note"})
		})
		if err == nil {
			t.Fatalf("WithTx() with a broken reference after an import = nil, want foreign keys checked")
		}
	}
}
