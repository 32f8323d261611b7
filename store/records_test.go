package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

func TestHistoryInOrder(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	c := &Contact{Name: "Jane"}
	insert(t, st, c)
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	want := []Entry{
		{ContactID: c.ID, At: at, Kind: string(workflow.EventAdded), To: workflow.StatusNew, Why: "imported", Source: SourceImport},
		{ContactID: c.ID, At: at.Add(time.Hour), Kind: string(workflow.EventRequestSent), From: workflow.StatusNew, To: workflow.StatusRequested, MessageID: "<a@b>", Source: SourceMail},
		{ContactID: c.ID, At: at.Add(2 * time.Hour), Kind: EntryNote, Detail: "likes chess", Source: SourceCLI},
	}
	err := st.WithTx(ctx, func(tx *Tx) error {
		for i := range want {
			if err := tx.AppendHistory(ctx, &want[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("AppendHistory() error = %v", err)
	}
	got, err := st.Read().History(ctx, c.ID)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("History() = %+v, %v\nwant %+v", got, err, want)
	}
}

func TestRecordMessageOnce(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	m := &Message{Key: "<reply-1@example.com>", MessageID: "<reply-1@example.com>", Direction: DirectionIn, Subject: "Re: hello", Date: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), Folder: "INBOX", UID: 7}
	for i, want := range []bool{true, false} {
		var isNew bool
		err := st.WithTx(ctx, func(tx *Tx) (err error) {
			isNew, err = tx.RecordMessage(ctx, &Message{Key: m.Key, MessageID: m.MessageID, Direction: m.Direction, Subject: m.Subject, Date: m.Date, Folder: m.Folder, UID: m.UID})
			return err
		})
		if err != nil || isNew != want {
			t.Fatalf("RecordMessage() #%d = %v, %v; want %v", i+1, isNew, err, want)
		}
	}
	got, err := st.Read().MessageByKey(ctx, m.Key)
	if err != nil || got.UID != 7 || !got.Date.Equal(m.Date) || got.Subject != m.Subject {
		t.Fatalf("MessageByKey() = %+v, %v", got, err)
	}
	if _, err := st.Read().MessageByKey(ctx, "<nope@x>"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("MessageByKey(unknown) error = %v, want ErrNotFound", err)
	}
}

func TestCancelDraftsLeavesSendingAlone(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	c := &Contact{Name: "Jane"}
	insert(t, st, c)
	rows := []struct{ template, status string }{
		{"nudge", OutboxDraft}, {"nudge", OutboxApproved}, {"nudge", OutboxSending}, {"request", OutboxSent}, {"thank_you", OutboxDraft},
	}
	for i, r := range rows {
		_, err := st.db.Exec(`INSERT INTO outbox (contact_id, template, status, message_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, '2026-11-20T09:00:00.000Z', '2026-11-20T09:00:00.000Z')`, c.ID, r.template, r.status, i)
		if err != nil {
			t.Fatal(err)
		}
	}
	var n int
	err := st.WithTx(ctx, func(tx *Tx) (err error) {
		n, err = tx.CancelDrafts(ctx, c.ID, []string{"nudge", "request"}, time.Now())
		return err
	})
	if err != nil || n != 2 {
		t.Fatalf("CancelDrafts() = %d, %v; want 2 (the unsent nudges)", n, err)
	}
	var sending int
	st.db.QueryRow(`SELECT count(*) FROM outbox WHERE status = 'sending'`).Scan(&sending)
	if sending != 1 {
		t.Fatalf("a message being sent was cancelled")
	}
}

func TestMailboxCheckpoint(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	if _, err := st.Read().Mailbox(ctx, "INBOX"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Mailbox(never watched) error = %v, want ErrNotFound", err)
	}
	for _, last := range []uint32{10, 25} {
		if err := st.WithTx(ctx, func(tx *Tx) error {
			return tx.SetMailbox(ctx, &Mailbox{Folder: "INBOX", UIDValidity: 3, LastUID: last})
		}); err != nil {
			t.Fatalf("SetMailbox() error = %v", err)
		}
	}
	if m, err := st.Read().Mailbox(ctx, "INBOX"); err != nil || m.LastUID != 25 || m.UIDValidity != 3 {
		t.Fatalf("Mailbox() = %+v, %v; want validity 3, last UID 25", m, err)
	}
}

func TestDueTimersSkipsPausedContacts(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	active := &Contact{Name: "Active", State: workflow.State{Status: workflow.StatusRequested, Timers: map[workflow.TimerKind]time.Time{workflow.TimerNudge: now.Add(-time.Hour)}}}
	later := &Contact{Name: "Later", State: workflow.State{Status: workflow.StatusRequested, Timers: map[workflow.TimerKind]time.Time{workflow.TimerNudge: now.Add(time.Hour)}}}
	paused := &Contact{Name: "Paused", State: workflow.State{Status: workflow.StatusPaused, PausedFrom: workflow.StatusRequested, Timers: map[workflow.TimerKind]time.Time{
		workflow.TimerNudge: now.Add(-2 * time.Hour), workflow.TimerResume: now.Add(-3 * time.Hour)}}}
	for _, c := range []*Contact{active, later, paused} {
		insert(t, st, c)
	}
	got, err := st.Read().DueTimers(ctx, now, 10)
	want := []Timer{{paused.ID, workflow.TimerResume, now.Add(-3 * time.Hour)}, {active.ID, workflow.TimerNudge, now.Add(-time.Hour)}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("DueTimers() = %+v, %v\nwant %+v", got, err, want)
	}
	if got, _ := st.Read().DueTimers(ctx, now, 1); len(got) != 1 {
		t.Fatalf("DueTimers(limit 1) returned %d timers", len(got))
	}
}

func TestContactForThread(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	jane := &Contact{Name: "Jane"}
	insert(t, st, jane)
	recordThread(t, st, jane)
	tests := []struct {
		keys []string
		want int64
	}{
		{[]string{"req-1@rapport.example"}, jane.ID},
		{[]string{"unknown@x", "req-1@rapport.example"}, jane.ID},
		{[]string{"list-1@lists.example"}, 0},
		{nil, 0},
	}
	for _, tt := range tests {
		if got, err := st.Read().ContactForThread(ctx, tt.keys); err != nil || got != tt.want {
			t.Errorf("ContactForThread(%v) = %d, %v; want %d", tt.keys, got, err, tt.want)
		}
	}
}

// The daemon asks about a whole batch of incoming mail at once: which
// senders are contacts (whatever the case of their address) and which
// references name a message of a contact's thread.
func TestBatchLookups(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	jane := &Contact{Name: "Jane", Email: "Jane.Doe@Acme.example"}
	insert(t, st, jane)
	recordThread(t, st, jane)
	addrs, err := st.Read().ContactAddresses(ctx, []string{"jane.doe@acme.example", "sam@else.example", `"quoted"@x`})
	if err != nil || len(addrs) != 1 || !addrs["jane.doe@acme.example"] {
		t.Errorf("ContactAddresses() = %v, %v; want only jane.doe@acme.example", addrs, err)
	}
	id, err := st.Read().ContactIDByEmail(ctx, "JANE.DOE@acme.example")
	if err != nil || id != jane.ID {
		t.Errorf("ContactIDByEmail() = %d, %v; want %d", id, err, jane.ID)
	}
	if id, err := st.Read().ContactIDByEmail(ctx, "nobody@acme.example"); err != nil || id != 0 {
		t.Errorf("ContactIDByEmail(nobody) = %d, %v; want 0", id, err)
	}
	keys, err := st.Read().ThreadKeys(ctx, []string{"req-1@rapport.example", "list-1@lists.example", "other@x"})
	if err != nil || len(keys) != 1 || !keys["req-1@rapport.example"] {
		t.Errorf("ThreadKeys() = %v, %v; want only req-1@rapport.example", keys, err)
	}
	if keys, err := st.Read().ThreadKeys(ctx, nil); err != nil || len(keys) != 0 {
		t.Errorf("ThreadKeys(nil) = %v, %v; want none", keys, err)
	}
}

// recordThread records a request sent to c and a list message of no one.
func recordThread(t *testing.T, st *Store, c *Contact) {
	t.Helper()
	ctx := context.Background()
	err := st.WithTx(ctx, func(tx *Tx) error {
		for _, m := range []*Message{
			{Key: "req-1@rapport.example", Direction: DirectionOut, ContactID: c.ID},
			{Key: "list-1@lists.example", Direction: DirectionIn},
		} {
			if _, err := tx.RecordMessage(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A failing part of a transaction undoes only its own writes and its
// commit hooks; what came before and after it commits.
func TestSavepoint(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	hooks := 0
	err := st.WithTx(ctx, func(tx *Tx) error {
		if err := tx.InsertContact(ctx, &Contact{Name: "Kept before"}); err != nil {
			return err
		}
		failed := tx.Savepoint(ctx, func() error {
			if err := tx.InsertContact(ctx, &Contact{Name: "Undone"}); err != nil {
				return err
			}
			tx.OnCommit(func() { hooks += 100 })
			return errors.New("template broken")
		})
		if failed == nil || failed.Error() != "template broken" {
			t.Errorf("Savepoint() = %v, want the function's error", failed)
		}
		ok := tx.Savepoint(ctx, func() error {
			tx.OnCommit(func() { hooks++ })
			return tx.InsertContact(ctx, &Contact{Name: "Kept inside"})
		})
		if ok != nil {
			return ok
		}
		return tx.InsertContact(ctx, &Contact{Name: "Kept after"})
	})
	if err != nil {
		t.Fatalf("WithTx() error = %v", err)
	}
	list, err := st.Read().ListContacts(ctx, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range list {
		names = append(names, c.Name)
	}
	if want := []string{"Kept before", "Kept inside", "Kept after"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("contacts after the transaction = %v, want %v", names, want)
	}
	if hooks != 1 {
		t.Fatalf("commit hooks ran %d (as a sum), want only the kept savepoint's (1)", hooks)
	}
}
