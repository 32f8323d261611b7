package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// fillContacts inserts n contacts over several statuses, every third
// tagged and with a timer, with names whose order differs from their IDs'.
func fillContacts(t *testing.T, st *Store, n int) {
	t.Helper()
	ctx := context.Background()
	statuses := []workflow.Status{workflow.StatusNew, workflow.StatusScheduled, workflow.StatusMet}
	names := []string{"Zoë", "adam", "Émile", "bob", "Ångström", "Chen"}
	err := st.WithTx(ctx, func(tx *Tx) error {
		for i := range n {
			c := &Contact{Name: fmt.Sprintf("%s %04d", names[i%len(names)], n-i),
				CreatedAt: time.Date(2026, 1, 1, 0, 0, i%7, 0, time.UTC)}
			c.State.Status = statuses[i%len(statuses)]
			if i%3 == 0 {
				c.Tags = []string{"climate"}
				c.State.Timers = map[workflow.TimerKind]time.Time{workflow.TimerNudge: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}
			}
			if err := tx.InsertContact(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestEachContactOrdersFiltersAndLimits(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	fillContacts(t, st, 700) // more than one chunk
	all, err := st.Read().ListContacts(ctx, ListOptions{})
	if err != nil || len(all) != 700 {
		t.Fatalf("ListContacts = %d contacts, %v; want 700", len(all), err)
	}
	rank := map[workflow.Status]int{}
	for i, s := range workflow.Statuses() {
		rank[s] = i
	}
	tests := []struct {
		name string
		opts ListOptions
		want func(x, y Contact) int // the order, over all of them
		keep func(c Contact) bool
	}{
		{"by id", ListOptions{}, func(x, y Contact) int { return 0 }, nil},
		{"by name", ListOptions{Order: ByName}, func(x, y Contact) int { return strings.Compare(FoldName(x.Name), FoldName(y.Name)) }, nil},
		{"by status", ListOptions{Order: ByStatus}, func(x, y Contact) int { return rank[x.State.Status] - rank[y.State.Status] }, nil},
		{"by added", ListOptions{Order: ByAdded}, func(x, y Contact) int { return y.CreatedAt.Compare(x.CreatedAt) }, nil},
		{"by name, limited", ListOptions{Order: ByName, Limit: 20}, func(x, y Contact) int { return strings.Compare(FoldName(x.Name), FoldName(y.Name)) }, nil},
		{"tag, by status", ListOptions{Tag: "climate", Order: ByStatus}, func(x, y Contact) int { return rank[x.State.Status] - rank[y.State.Status] },
			func(c Contact) bool { return slices.Contains(c.Tags, "climate") }},
		{"status", ListOptions{Status: workflow.StatusMet}, func(x, y Contact) int { return 0 },
			func(c Contact) bool { return c.State.Status == workflow.StatusMet }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []Contact
			for _, c := range all {
				if tt.keep == nil || tt.keep(c) {
					want = append(want, c)
				}
			}
			slices.SortStableFunc(want, tt.want) // all is in ID order: ties keep it
			if tt.opts.Limit > 0 {
				want = want[:tt.opts.Limit]
			}
			before := contactsRead.Load()
			var got []Contact
			err := st.WithReadTx(ctx, func(tx *Tx) error {
				return tx.EachContact(ctx, tt.opts, func(c *Contact) error { got = append(got, *c); return nil })
			})
			if err != nil {
				t.Fatal(err)
			}
			if read := contactsRead.Load() - before; read != int64(len(want)) {
				t.Errorf("read %d contact rows for %d contacts: the limit must be SQLite's", read, len(want))
			}
			if len(got) != len(want) {
				t.Fatalf("got %d contacts, want %d", len(got), len(want))
			}
			for i := range want {
				g, w := got[i], want[i]
				if g.ID != w.ID || !slices.Equal(g.Tags, w.Tags) || len(g.State.Timers) != len(w.State.Timers) {
					t.Fatalf("contact %d = #%d %q %v %v, want #%d %q %v %v", i, g.ID, g.Name, g.Tags, g.State.Timers, w.ID, w.Name, w.Tags, w.State.Timers)
				}
			}
		})
	}
}

// TestWithReadTxSeesOneSnapshot: a contact committed during a read
// transaction is not seen by it, and the commit does not wait for it.
func TestWithReadTxSeesOneSnapshot(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	fillContacts(t, st, 3)
	var first, second int
	err := st.WithReadTx(ctx, func(tx *Tx) error {
		err := tx.EachContact(ctx, ListOptions{}, func(*Contact) error { first++; return nil })
		if err != nil {
			return err
		}
		done := make(chan error, 1)
		go func() {
			done <- st.WithTx(ctx, func(w *Tx) error {
				return w.InsertContact(ctx, &Contact{Name: "Late Comer", State: workflow.State{Status: workflow.StatusNew}})
			})
		}()
		if err := <-done; err != nil {
			return fmt.Errorf("a write during a read transaction: %w", err)
		}
		return tx.EachContact(ctx, ListOptions{}, func(*Contact) error { second++; return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	if first != 3 || second != 3 {
		t.Errorf("read %d then %d contacts in one read transaction, want 3 both times", first, second)
	}
	if n, _ := st.Read().CountContacts(ctx); n != 4 {
		t.Errorf("after it, %d contacts, want 4", n)
	}
}

// TestEachContactOfKeepsTheOrderGiven: IDs in any order, over several
// chunks, come back in that order; unknown IDs are skipped.
func TestEachContactOfKeepsTheOrderGiven(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	fillContacts(t, st, 600)
	var ids []int64
	for id := int64(600); id >= 1; id -= 2 {
		ids = append(ids, id)
	}
	ids = append(ids, 9999)
	var got []int64
	err := st.Read().EachContactOf(ctx, ids, func(c *Contact) error { got = append(got, c.ID); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, ids[:len(ids)-1]) {
		t.Errorf("got %d IDs starting %v, want %d starting %v", len(got), got[:3], len(ids)-1, ids[:3])
	}
}

// TestEachContactWithHistory: each contact comes with the history History
// returns for it, across chunks, contacts without entries included.
func TestEachContactWithHistory(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	fillContacts(t, st, 600)
	err := st.WithTx(ctx, func(tx *Tx) error {
		for id := int64(1); id <= 600; id += 3 {
			for k := range int(id % 4) {
				e := &Entry{ContactID: id, At: time.Date(2026, 3, 1, k, 0, 0, 0, time.UTC), Kind: EntryNote, Detail: fmt.Sprint("note ", k)}
				if err := tx.AppendHistory(ctx, e); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = st.WithReadTx(ctx, func(tx *Tx) error {
		return tx.EachContactWithHistory(ctx, ListOptions{}, func(c *Contact, h []Entry) error {
			n++
			want, err := tx.History(ctx, c.ID)
			if err != nil {
				return err
			}
			if len(h) != len(want) {
				return fmt.Errorf("contact #%d: %d entries, want %d", c.ID, len(h), len(want))
			}
			for i := range h {
				if h[i] != want[i] {
					return fmt.Errorf("contact #%d entry %d = %+v, want %+v", c.ID, i, h[i], want[i])
				}
			}
			return nil
		})
	})
	if err != nil || n != 600 {
		t.Fatalf("EachContactWithHistory: %d contacts, %v; want 600", n, err)
	}
}
