package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "state", "rapport.db"))
	if err != nil {
		t.Fatalf("Open() error = %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func insert(t *testing.T, st *Store, c *Contact) {
	t.Helper()
	if c.State.Status == "" {
		c.State.Status = workflow.StatusNew
	}
	err := st.WithTx(context.Background(), func(tx *Tx) error { return tx.InsertContact(context.Background(), c) })
	if err != nil {
		t.Fatalf("InsertContact(%s) error = %v", c.Name, err)
	}
}

func TestOpenCreatesPrivateDirectoryAndMigrates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "state")
	path := filepath.Join(dir, "rapport.db")
	for range 2 { // the second open finds the schema current
		st, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("Open() error = %v", err)
		}
		var v int
		if err := st.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != SchemaVersion() {
			t.Fatalf("user_version = %d, %v; want %d", v, err, SchemaVersion())
		}
		st.Close()
	}
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("state directory mode = %v, %v; want 0700", fi.Mode().Perm(), err)
	}
}

func TestUpgradeFromFirstSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	schema, err := os.ReadFile("testdata/schema_v1.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{string(schema), "PRAGMA user_version = 1",
		`INSERT INTO contacts (id, name, email, status, nudges, created_at, updated_at)
		 VALUES (1, 'Jane Doe', 'Jane@Example.com', 'requested', 0, '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z')`,
		`INSERT INTO history (contact_id, at, kind, from_status, to_status) VALUES (1, '2026-01-02T03:04:05.000Z', 'request_sent', 'new', 'requested')`,
		`INSERT INTO mailboxes (folder, uid_validity, last_uid, updated_at) VALUES ('INBOX', 7, 42, '2026-01-02T03:04:05.000Z')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("building a schema-1 database: %v", err)
		}
	}
	db.Close()

	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(schema 1) error = %v", err)
	}
	defer st.Close()
	ctx := context.Background()
	c, err := st.Read().ContactByEmail(ctx, "jane@example.com")
	if err != nil || c.State.Status != workflow.StatusRequested || len(c.State.Timers) != 0 {
		t.Fatalf("contact after upgrade = %+v, %v; want Jane, requested, no timers", c, err)
	}
	if h, err := st.Read().History(ctx, 1); err != nil || len(h) != 1 {
		t.Fatalf("history after upgrade = %v, %v; want the one entry", h, err)
	}
	if m, err := st.Read().Mailbox(ctx, "INBOX"); err != nil || m.LastUID != 42 {
		t.Fatalf("checkpoint after upgrade = %+v, %v; want last UID 42", m, err)
	}
	// The tables schema 2 added work.
	c.State.Timers = map[workflow.TimerKind]time.Time{workflow.TimerNudge: time.Date(2026, 1, 9, 3, 4, 5, 0, time.UTC)}
	c.Tags = []string{"robotics"}
	if err := st.WithTx(ctx, func(tx *Tx) error { return tx.UpdateContact(ctx, c, time.Now()) }); err != nil {
		t.Fatalf("UpdateContact() after upgrade error = %v", err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "future.db")
	db, _ := sql.Open("sqlite", path)
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(context.Background(), path); err == nil {
		t.Fatalf("Open() accepted a database from a newer rapport")
	}
}

func TestContactRoundTrip(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	intro := &Contact{Name: "Sam Lee", Email: "sam@globex.example"}
	insert(t, st, intro)
	start := time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)
	c := &Contact{
		Name: "Zoë Ångström", Email: "zoe@acme.example", Company: "Acme", Role: "Staff Engineer",
		Field: "robotics", Source: "conference", URL: "https://example.com/in/zoe",
		IntroducedBy: intro.ID, TimeZone: "Europe/Berlin", Notes: "met at RoboConf",
		Tags: []string{"Robotics", " berlin ", "robotics"},
		State: workflow.State{
			Status:  workflow.StatusScheduled,
			Nudges:  1,
			Meeting: &workflow.Meeting{Start: start, End: start.Add(30 * time.Minute), Place: "https://meet.example/x", UID: "uid-1", Sequence: 2},
			Timers: map[workflow.TimerKind]time.Time{
				workflow.TimerPrepBrief:   start.Add(-7 * time.Hour),
				workflow.TimerMeetingOver: start.Add(210 * time.Minute),
			},
		},
	}
	insert(t, st, c)
	got, err := st.Read().Contact(ctx, c.ID)
	if err != nil {
		t.Fatalf("Contact() error = %v", err)
	}
	c.Tags = []string{"berlin", "robotics"}
	if !reflect.DeepEqual(got.State, c.State) {
		t.Fatalf("state = %+v\nwant %+v", got.State, c.State)
	}
	got.State, c.State = workflow.State{}, workflow.State{}
	got.CreatedAt, got.UpdatedAt, c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, c) {
		t.Fatalf("Contact() = %+v\nwant %+v", got, c)
	}
	if _, err := st.Read().Contact(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Contact(999) error = %v, want ErrNotFound", err)
	}
}

func TestDuplicateEmailAndURL(t *testing.T) {
	st := openTest(t)
	first := &Contact{Name: "Jane Doe", Email: "jane@example.com", URL: "https://example.com/in/jane"}
	insert(t, st, first)
	insert(t, st, &Contact{Name: "No Email One"})
	insert(t, st, &Contact{Name: "No Email Two"}) // unknown emails do not clash
	for _, c := range []*Contact{
		{Name: "Jane Again", Email: "JANE@Example.COM", State: workflow.State{Status: workflow.StatusNew}},
		{Name: "Jane Profile", URL: "https://example.com/in/jane", State: workflow.State{Status: workflow.StatusNew}},
	} {
		err := st.WithTx(context.Background(), func(tx *Tx) error { return tx.InsertContact(context.Background(), c) })
		var dup *DuplicateError
		if !errors.As(err, &dup) || dup.Existing != first.ID {
			t.Fatalf("InsertContact(%s) error = %v, want a DuplicateError naming #%d", c.Name, err, first.ID)
		}
	}
}

func TestFindContacts(t *testing.T) {
	st := openTest(t)
	jane := &Contact{Name: "Jane Doe", Email: "jane@acme.example", Company: "Acme"}
	janet := &Contact{Name: "Janet Roe", Email: "janet@globex.example", Company: "Globex"}
	pct := &Contact{Name: "100% Pat", Email: "pat@initech.example"}
	for _, c := range []*Contact{jane, janet, pct} {
		insert(t, st, c)
	}
	tests := []struct {
		who  string
		want []int64
	}{
		{"#1", []int64{jane.ID}},
		{"2", []int64{janet.ID}},
		{"#99", nil},
		{"JANE@acme.example", []int64{jane.ID}},
		{"jan", []int64{jane.ID, janet.ID}},
		{"globex", []int64{janet.ID}},
		{"%", []int64{pct.ID}}, // a literal percent sign, not a wildcard
		{"_", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.who, func(t *testing.T) {
			list, err := st.Read().FindContacts(context.Background(), tt.who)
			if err != nil {
				t.Fatalf("FindContacts(%q) error = %v", tt.who, err)
			}
			var ids []int64
			for _, c := range list {
				ids = append(ids, c.ID)
			}
			if !reflect.DeepEqual(ids, tt.want) {
				t.Fatalf("FindContacts(%q) = %v, want %v", tt.who, ids, tt.want)
			}
		})
	}
}

func TestListContacts(t *testing.T) {
	st := openTest(t)
	insert(t, st, &Contact{Name: "A", Tags: []string{"robotics"}})
	insert(t, st, &Contact{Name: "B", State: workflow.State{Status: workflow.StatusRequested}})
	insert(t, st, &Contact{Name: "C", State: workflow.State{Status: workflow.StatusThanked}, Tags: []string{"Robotics"}})
	tests := []struct {
		name string
		opts ListOptions
		want []string
	}{
		{"all", ListOptions{}, []string{"A", "B", "C"}},
		{"status", ListOptions{Status: workflow.StatusRequested}, []string{"B"}},
		{"stage", ListOptions{Stage: workflow.StageFollowUp}, []string{"C"}},
		{"tag", ListOptions{Tag: "ROBOTICS"}, []string{"A", "C"}},
		{"stage and tag", ListOptions{Stage: workflow.StageIdentify, Tag: "robotics"}, []string{"A"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := st.Read().ListContacts(context.Background(), tt.opts)
			if err != nil {
				t.Fatalf("ListContacts() error = %v", err)
			}
			var names []string
			for _, c := range list {
				names = append(names, c.Name)
			}
			if !reflect.DeepEqual(names, tt.want) {
				t.Fatalf("ListContacts(%+v) = %v, want %v", tt.opts, names, tt.want)
			}
		})
	}
}

func TestWithTxIsAllOrNothing(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := st.WithTx(ctx, func(tx *Tx) error {
		if err := tx.InsertContact(ctx, &Contact{Name: "Ghost", State: workflow.State{Status: workflow.StatusNew}}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("WithTx() error = %v, want boom", err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Fatalf("WithTx() swallowed a panic")
			}
		}()
		st.WithTx(ctx, func(tx *Tx) error {
			tx.InsertContact(ctx, &Contact{Name: "Ghost 2", State: workflow.State{Status: workflow.StatusNew}})
			panic("crash")
		})
	}()
	if n, err := st.Read().CountContacts(ctx); err != nil || n != 0 {
		t.Fatalf("contacts after rolled-back transactions = %d, %v; want 0", n, err)
	}
}

func TestConcurrentWritersWait(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			errs <- st.WithTx(ctx, func(tx *Tx) error {
				return tx.InsertContact(ctx, &Contact{Name: "Writer", Email: string(rune('a'+i)) + "@example.com", State: workflow.State{Status: workflow.StatusNew}})
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent WithTx() error = %v", err)
		}
	}
	if n, _ := st.Read().CountContacts(ctx); n != 8 {
		t.Fatalf("contacts = %d, want 8", n)
	}
}

func TestContactsIntroducedBy(t *testing.T) {
	st := openTest(t)
	ana := &Contact{Name: "Ana"}
	insert(t, st, ana)
	ben := &Contact{Name: "Ben", IntroducedBy: ana.ID}
	cid := &Contact{Name: "Cid"}
	dee := &Contact{Name: "Dee", IntroducedBy: ana.ID}
	for _, c := range []*Contact{ben, cid, dee} {
		insert(t, st, c)
	}
	list, err := st.Read().ContactsIntroducedBy(context.Background(), ana.ID)
	if err != nil || len(list) != 2 || list[0].Name != "Ben" || list[1].Name != "Dee" {
		t.Fatalf("ContactsIntroducedBy(Ana) = %+v, %v; want Ben and Dee", list, err)
	}
}

// A durable transaction's commit is flushed to the disk (synchronous=FULL);
// its connection goes back to the pool as the others are (NORMAL).
func TestWithDurableTxFlushesItsCommit(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	durable := 0
	c := &Contact{Name: "Jane Doe", Email: "jane@example.org"}
	err = s.WithDurableTx(ctx, func(tx *Tx) error {
		if err := tx.q.tx.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&durable); err != nil {
			return err
		}
		return tx.InsertContact(ctx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	if durable != 2 {
		t.Fatalf("synchronous = %d in the durable transaction, want 2 (FULL)", durable)
	}
	// Take every connection the pool has (and one more): each is NORMAL.
	n := s.db.Stats().OpenConnections + 1
	for i := range n {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var mode int
		if err := conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if mode != 1 {
			t.Fatalf("connection %d of %d: synchronous = %d after the durable transaction, want 1 (NORMAL)", i+1, n, mode)
		}
	}
	if _, err := s.Read().Contact(ctx, c.ID); err != nil {
		t.Fatalf("the durable transaction's contact: %v", err)
	}
}
