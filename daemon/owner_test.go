package daemon

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// A nudge falls due while the configuration names no owner: the timer
// fails with the error that says which keys to set, writes nothing, is
// reported once for the digest's problems (as a broken template is), and
// waits retryFailedTimer instead of firing again on every pass.
func TestTimerDraftWithoutOwner(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default() // no owner.name, no owner.addresses
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	d := &outbox.Drafter{Config: cfg, Templates: func() (*templates.Set, error) { return set, nil }, Now: clock}
	track := contacts.New(workflow.DefaultPolicy(time.UTC), d)
	due := now.Add(-time.Hour)
	jane := &store.Contact{Name: "Jane Doe", Email: "jane@acme.example", State: workflow.State{Status: workflow.StatusRequested,
		Timers: map[workflow.TimerKind]time.Time{workflow.TimerNudge: due}}}
	if err := st.WithTx(ctx, func(tx *store.Tx) error { return tx.InsertContact(ctx, jane) }); err != nil {
		t.Fatal(err)
	}
	type outcome struct {
		contact int64
		event   string
	}
	var fired []outcome
	k := &timekeeper{store: st, track: track, log: slog.New(slog.NewTextHandler(io.Discard, nil)), now: clock,
		failed: map[timerKey]time.Time{}, reported: map[timerKey]bool{},
		fired: func(id int64, _ workflow.TimerKind, event string) { fired = append(fired, outcome{id, event}) }}

	for range 2 { // the second pass finds the timer set aside
		if err := k.fireDue(ctx); err != nil {
			t.Fatalf("fireDue() error = %v", err)
		}
	}
	if len(fired) != 1 || fired[0] != (outcome{jane.ID, ""}) {
		t.Fatalf("timers tried = %+v; want the nudge of #%d once, failed", fired, jane.ID)
	}
	if until := k.failed[timerKey{jane.ID, workflow.TimerNudge}]; !until.Equal(now.Add(retryFailedTimer)) {
		t.Errorf("the failed nudge waits until %v, want %v", until, now.Add(retryFailedTimer))
	}
	problems, err := st.Read().ProblemsSince(ctx, time.Time{})
	if err != nil || len(problems) != 1 || problems[0].Kind != store.ProblemDraft ||
		!strings.Contains(problems[0].Detail, "owner.name and owner.addresses") || !strings.Contains(problems[0].Detail, "rapport config check") {
		t.Fatalf("problems = %+v, %v; want the missing owner, once", problems, err)
	}
	c, err := st.Read().Contact(ctx, jane.ID)
	if err != nil || c.State.Status != workflow.StatusRequested || !c.State.Timers[workflow.TimerNudge].Equal(due) {
		t.Fatalf("Jane = %+v, %v; want requested with the nudge still pending", c, err)
	}
	if rows, err := st.Read().ListOutbox(ctx, store.OutboxFilter{}); err != nil || len(rows) != 0 {
		t.Fatalf("outbox = %+v, %v; want nothing written", rows, err)
	}

	// Once the owner is configured, the next try writes the nudge.
	cfg.Owner.Name, cfg.Owner.Addresses = "Alex Example", []string{"alex@owner.example"}
	now = now.Add(retryFailedTimer + time.Second)
	if err := k.fireDue(ctx); err != nil {
		t.Fatalf("fireDue() error = %v", err)
	}
	if last := fired[len(fired)-1]; last.event != string(workflow.EventTimerFired) {
		t.Fatalf("after configuring the owner the nudge gave %+v; want it fired", last)
	}
	if rows, err := st.Read().ListOutbox(ctx, store.OutboxFilter{Audience: store.AudienceContact}); err != nil || len(rows) != 1 || rows[0].Template != workflow.TemplateNudge {
		t.Fatalf("outbox = %+v, %v; want the nudge", rows, err)
	}
}
