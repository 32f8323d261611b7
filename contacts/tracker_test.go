package contacts

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

var trackerNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func setupTracker(t *testing.T, effects Effects) (*store.Store, *Tracker) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatalf("store.Open() error = %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st, New(workflow.DefaultPolicy(time.UTC), effects)
}

func addJane(t *testing.T, st *store.Store, tr *Tracker) *store.Contact {
	t.Helper()
	c := &store.Contact{Name: "Jane Doe", Email: "jane@acme.example"}
	err := st.WithTx(context.Background(), func(tx *store.Tx) error {
		return tr.Add(context.Background(), tx, c, trackerNow, store.SourceCLI, "added by hand")
	})
	if err != nil {
		t.Fatalf("Add() error = %v", err)
	}
	return c
}

func apply(st *store.Store, tr *Tracker, c *store.Contact, ev workflow.Event, at time.Time) (*Result, error) {
	var res *Result
	err := st.WithTx(context.Background(), func(tx *store.Tx) (err error) {
		res, err = tr.Apply(context.Background(), tx, c, ev, at, store.SourceCLI)
		return err
	})
	return res, err
}

func TestApplyRecordsStateTimersAndHistory(t *testing.T) {
	st, tr := setupTracker(t, nil)
	ctx := context.Background()
	c := addJane(t, st, tr)
	if _, err := apply(st, tr, c, workflow.Event{Kind: workflow.EventRequestSent, MessageID: "<req-1@example.com>", Why: "sent by hand"}, trackerNow); err != nil {
		t.Fatalf("Apply(request_sent) error = %v", err)
	}
	got, err := st.Read().Contact(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantNudge := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	if got.State.Status != workflow.StatusRequested || !got.State.Timers[workflow.TimerNudge].Equal(wantNudge) {
		t.Fatalf("stored state = %+v, want requested with a nudge at %s", got.State, wantNudge)
	}
	h, _ := st.Read().History(ctx, c.ID)
	if len(h) != 2 || h[1].Kind != "request_sent" || h[1].From != workflow.StatusNew || h[1].To != workflow.StatusRequested || h[1].MessageID != "<req-1@example.com>" || h[1].Why != "sent by hand" {
		t.Fatalf("history = %+v, want added then request_sent with its message ID and reason", h)
	}
}

func TestRefusedEventWritesNothing(t *testing.T) {
	st, tr := setupTracker(t, nil)
	ctx := context.Background()
	c := addJane(t, st, tr)
	_, err := apply(st, tr, c, workflow.Event{Kind: workflow.EventThankYouSent}, trackerNow)
	if !errors.Is(err, workflow.ErrInvalidTransition) {
		t.Fatalf("Apply(thank_you_sent to new) error = %v, want ErrInvalidTransition", err)
	}
	if c.State.Status != workflow.StatusNew {
		t.Fatalf("refused Apply() changed the contact in memory to %s", c.State.Status)
	}
	if h, _ := st.Read().History(ctx, c.ID); len(h) != 1 {
		t.Fatalf("refused Apply() wrote history: %+v", h)
	}
}

// recorder is an Effects that writes a note in the transaction, so a
// rollback can be observed.
type recorder struct {
	calls []workflow.Action
	fail  bool
}

func (r *recorder) Draft(ctx context.Context, tx *store.Tx, c *store.Contact, d workflow.Draft) error {
	r.calls = append(r.calls, d)
	if r.fail {
		return errors.New("template broken")
	}
	return nil
}

func (r *recorder) Notify(ctx context.Context, tx *store.Tx, c *store.Contact, n workflow.Notify) error {
	r.calls = append(r.calls, n)
	return nil
}

func TestEffectsRunInTheTransition(t *testing.T) {
	rec := &recorder{}
	st, tr := setupTracker(t, rec)
	c := addJane(t, st, tr)
	res, err := apply(st, tr, c, workflow.Event{Kind: workflow.EventMet}, trackerNow)
	if err != nil {
		t.Fatalf("Apply(met) error = %v", err)
	}
	want := []workflow.Action{workflow.Draft{Template: workflow.TemplateThankYou}, workflow.Notify{Notice: workflow.NoticeDebrief}}
	if !reflect.DeepEqual(rec.calls, want) || len(res.Pending) != 0 {
		t.Fatalf("effects = %v, pending %v; want %v carried out", rec.calls, res.Pending, want)
	}
}

func TestFailingEffectRollsBackTheTransition(t *testing.T) {
	rec := &recorder{fail: true}
	st, tr := setupTracker(t, rec)
	c := addJane(t, st, tr)
	if _, err := apply(st, tr, c, workflow.Event{Kind: workflow.EventMet}, trackerNow); err == nil {
		t.Fatalf("Apply(met) with a failing draft succeeded")
	}
	got, _ := st.Read().Contact(context.Background(), c.ID)
	h, _ := st.Read().History(context.Background(), c.ID)
	if got.State.Status != workflow.StatusNew || len(h) != 1 {
		t.Fatalf("after a failed draft: status %s, %d history entries; want new and 1", got.State.Status, len(h))
	}
}

func TestPendingActionsWithoutEffects(t *testing.T) {
	st, tr := setupTracker(t, nil)
	c := addJane(t, st, tr)
	res, err := apply(st, tr, c, workflow.Event{Kind: workflow.EventRequestDrafted}, trackerNow)
	if err != nil {
		t.Fatal(err)
	}
	if want := []workflow.Action{workflow.Draft{Template: workflow.TemplateRequest}}; !reflect.DeepEqual(res.Pending, want) {
		t.Fatalf("Pending = %v, want %v", res.Pending, want)
	}
}

func TestContactZoneDecidesBusinessDays(t *testing.T) {
	st, tr := setupTracker(t, nil)
	// Monday 23 Nov 2026 at 01:00 UTC is still Sunday evening in Los Angeles:
	// five business days from Sunday is the next Friday, same local hour.
	c := &store.Contact{Name: "Lee", Email: "lee@example.com", TimeZone: "America/Los_Angeles"}
	ctx := context.Background()
	at := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	if err := st.WithTx(ctx, func(tx *store.Tx) error { return tr.Add(ctx, tx, c, at, store.SourceCLI, "") }); err != nil {
		t.Fatal(err)
	}
	if _, err := apply(st, tr, c, workflow.Event{Kind: workflow.EventRequestSent}, at); err != nil {
		t.Fatal(err)
	}
	la, _ := time.LoadLocation("America/Los_Angeles")
	want := time.Date(2026, 11, 27, 17, 0, 0, 0, la)
	if got := c.State.Timers[workflow.TimerNudge]; !got.Equal(want) {
		t.Fatalf("nudge at %s, want %s (business days in the contact's zone)", got.In(la), want)
	}
}

func TestNoteAppendsDatedLine(t *testing.T) {
	st, tr := setupTracker(t, nil)
	ctx := context.Background()
	c := addJane(t, st, tr)
	for _, text := range []string{"likes chess", "  ask about robotics  "} {
		if err := st.WithTx(ctx, func(tx *store.Tx) error { return tr.Note(ctx, tx, c, text, trackerNow, store.SourceCLI) }); err != nil {
			t.Fatalf("Note() error = %v", err)
		}
	}
	got, _ := st.Read().Contact(ctx, c.ID)
	if want := "2026-11-23: likes chess\n2026-11-23: ask about robotics"; got.Notes != want {
		t.Fatalf("Notes = %q, want %q", got.Notes, want)
	}
	if err := st.WithTx(ctx, func(tx *store.Tx) error { return tr.Note(ctx, tx, c, " ", trackerNow, store.SourceCLI) }); err == nil {
		t.Fatalf("Note(blank) accepted an empty note")
	}
}

// A bounce's history entry says what failed: the address, the code and
// the server's words, on one line and cut short, so the contact's
// timeline tells why without the notice.
func TestBounceDetail(t *testing.T) {
	tests := []struct {
		name string
		b    *workflow.Bounce
		want string
	}{
		{"everything", &workflow.Bounce{Recipient: "jd@acme.example", Status: "5.1.1", Diagnostic: "550 5.1.1 user\r\n  unknown"},
			"jd@acme.example failed with 5.1.1: 550 5.1.1 user unknown"},
		{"no words", &workflow.Bounce{Recipient: "jd@acme.example", Status: "5.2.2"}, "jd@acme.example failed with 5.2.2"},
		{"words only", &workflow.Bounce{Diagnostic: "mailbox gone\x1b[2J"}, "failed: mailbox gone [2J"},
		{"nothing known", nil, ""},
		{"long words", &workflow.Bounce{Recipient: "a@b.example", Diagnostic: strings.Repeat("é", 300)},
			"a@b.example failed: " + strings.Repeat("é", 100) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, tr := setupTracker(t, nil)
			c := addJane(t, st, tr)
			res, err := apply(st, tr, c, workflow.Event{Kind: workflow.EventBounceReceived, Bounce: tt.b}, trackerNow)
			if err != nil {
				t.Fatalf("Apply(bounce_received) error = %v", err)
			}
			if res.Entry.Detail != tt.want {
				t.Errorf("history detail = %q, want %q", res.Entry.Detail, tt.want)
			}
		})
	}
}
