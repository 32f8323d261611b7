package inbound

import (
	"context"
	"fmt"
	"slices"
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

// The owner's view: a fixture whose Handler is wired as the daemon wires
// it in approve mode, so that tests can read what the owner would see in
// their inbox (notices, receipts) and in rapport (statuses, meetings,
// timers, history).

const (
	owner       = "alex@owner.example"
	rapportAddr = "alex+rapport@owner.example"          // the owner's plus-address that reaches rapport
	ownerServer = "mx.owner.example"                    // the owner's receiving server, trusted for commands
	ownerTo     = `"Alex Example" <alex@owner.example>` // how rapport addresses the owner
)

// ownerNow is the clock of these tests: a Monday in late November 2026,
// when Berlin keeps winter time.
var ownerNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// ownerFixture is a fixture whose Handler writes receipts and notices
// (outbox.Drafter), carries out the owner's mail to rapport
// (contacts.Controller) and takes it only when mx.owner.example
// authenticated it.
type ownerFixture struct {
	*fixture
	cfg *config.Config
	seq int
}

// newOwnerFixture returns an ownerFixture at ownerNow; more lists more
// addresses of the owner's.
func newOwnerFixture(t testing.TB, more ...string) *ownerFixture {
	t.Helper()
	f := newFixture(t)
	cfg := config.Default()
	cfg.Owner.Name = "Alex Example"
	cfg.Owner.Addresses = append([]string{owner}, more...)
	cfg.Owner.TimeZone = "UTC"
	cfg.Workflow.SendMode = config.SendApprove
	cfg.Commands.RequireAuth = true
	cfg.Commands.AuthServIDs = []string{ownerServer}
	cfg.Commands.Addresses = config.DefaultCommandAddresses([]string{owner})
	cfg.Commands.SubjectTag = "rapport"
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return ownerNow }
	d := &outbox.Drafter{Config: cfg, Templates: func() (*templates.Set, error) { return set, nil }, Now: clock}
	f.track = contacts.New(workflow.DefaultPolicy(time.UTC), d)
	f.h.Track, f.h.Drafter, f.h.Now = f.track, d, clock
	f.h.Owner = OwnerSet(cfg.Owner.Addresses)
	f.h.RequireAuth, f.h.AuthServIDs, f.h.Commands = true, cfg.Commands.AuthServIDs, cfg.Commands
	f.h.Control = &contacts.Controller{Config: cfg, Tracker: f.track, Drafter: d, Kick: func() {}}
	return &ownerFixture{fixture: f, cfg: cfg}
}

// replied adds a contact who answered rapport's request before: the
// notices of that answer were dealt with then, so none waits now.
func (f *ownerFixture) replied(name, email string) *store.Contact {
	f.t.Helper()
	f.seq++
	c := f.contact(name, email, workflow.StatusRequested, fmt.Sprintf("req-%d@owner.example", f.seq))
	quiet := contacts.New(workflow.DefaultPolicy(time.UTC), nil)
	ctx := context.Background()
	err := f.store.WithTx(ctx, func(tx *store.Tx) error {
		ev := workflow.Event{Kind: workflow.EventReplyReceived, MessageID: fmt.Sprintf("r-%d@acme.example", f.seq)}
		_, err := quiet.Apply(ctx, tx, c, ev, ownerNow.Add(-24*time.Hour), store.SourceMail)
		return err
	})
	if err != nil || c.State.Status != workflow.StatusReplied {
		f.t.Fatalf("%s = %s, %v; want replied", name, c.State.Status, err)
	}
	return c
}

// proven prepends the field the owner's server writes on mail the owner
// submitted with their login (as Postfix does; see package authres).
func proven(raw []byte) []byte {
	return append([]byte("Authentication-Results: "+ownerServer+"; auth=pass smtp.auth="+owner+"\r\n"+
		"Received: from laptop (unknown [192.0.2.7]) by "+ownerServer+" (Postfix) with ESMTPSA id 4Abc; Mon, 23 Nov 2026 10:00:00 +0000\r\n"), raw...)
}

// handleMail handles raw mail, one message a batch, and returns the last
// outcome.
func (f *ownerFixture) handleMail(raws ...[]byte) Outcome {
	f.t.Helper()
	var o Outcome
	for _, raw := range raws {
		o = f.handle(string(raw))[0]
	}
	return o
}

func (f *ownerFixture) read(id int64) *store.Contact {
	f.t.Helper()
	c, err := f.store.Read().Contact(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// toOwner returns what rapport wrote to the owner, oldest first.
func (f *ownerFixture) toOwner() []store.Outgoing {
	f.t.Helper()
	list, err := f.store.Read().ListOutbox(context.Background(), store.OutboxFilter{Audience: store.AudienceOwner})
	if err != nil {
		f.t.Fatal(err)
	}
	return list
}

// receipts returns the receipts answering the owner's mail id.
func (f *ownerFixture) receipts(id string) []store.Outgoing {
	f.t.Helper()
	var out []store.Outgoing
	for _, o := range f.toOwner() {
		if o.Template == "receipt" && o.InReplyTo == id {
			out = append(out, o)
		}
	}
	return out
}

// history returns the kinds of the contact's history entries, oldest first.
func (f *ownerFixture) history(id int64) []string {
	f.t.Helper()
	list, err := f.store.Read().History(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	var kinds []string
	for _, e := range list {
		kinds = append(kinds, e.Kind)
	}
	return kinds
}

// problems returns the kinds of the problems kept for the digest.
func (f *ownerFixture) problems() []string {
	f.t.Helper()
	list, err := f.store.Read().ProblemsSince(context.Background(), time.Time{})
	if err != nil {
		f.t.Fatal(err)
	}
	var kinds []string
	for _, p := range list {
		kinds = append(kinds, p.Kind)
	}
	return kinds
}

// seen says what the owner sees of c's meeting: its status, the meeting's
// time and place in UTC, and its timers.
func seen(c *store.Contact) string {
	const layout = "Mon 2 Jan 15:04"
	var b strings.Builder
	b.WriteString(string(c.State.Status))
	if m := c.State.Meeting; m != nil {
		fmt.Fprintf(&b, ": %s–%s UTC at %q", m.Start.UTC().Format(layout), m.End.UTC().Format("15:04"), m.Place)
	}
	var kinds []string
	for k := range c.State.Timers {
		kinds = append(kinds, string(k))
	}
	slices.Sort(kinds)
	if len(kinds) == 0 {
		b.WriteString("; no timers")
	}
	for i, k := range kinds {
		sep := ", "
		if i == 0 {
			sep = "; "
		}
		b.WriteString(sep + k + " " + c.State.Timers[workflow.TimerKind(k)].UTC().Format(layout))
	}
	return b.String()
}

// wantLines checks that text holds each of lines.
func wantLines(t *testing.T, what, text string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(text, l) {
			t.Errorf("%s lacks %q:\n%s", what, l, text)
		}
	}
}
