package contacts

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

var now = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

type env struct {
	t     *testing.T
	st    *store.Store
	ctl   *Controller
	track *Tracker
	kicks int
}

func setup(t *testing.T, mode string) *env {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := config.Default()
	cfg.Owner.Name = "Alex Example"
	cfg.Owner.Addresses = []string{"alex@owner.example"}
	cfg.Commands.Addresses = []string{"alex+rapport@owner.example"}
	cfg.Workflow.SendMode = mode
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, st: st}
	d := &outbox.Drafter{Config: cfg, Templates: func() (*templates.Set, error) { return set, nil }, Now: func() time.Time { return now }}
	e.track = New(workflow.DefaultPolicy(time.UTC), d)
	e.ctl = &Controller{Config: cfg, Tracker: e.track, Drafter: d, Kick: func() { e.kicks++ }}
	return e
}

// contact stores a contact in status s.
func (e *env) contact(name, email string, s workflow.Status) *store.Contact {
	e.t.Helper()
	c := &store.Contact{Name: name, Email: email, State: workflow.State{Status: s}}
	err := e.st.WithTx(context.Background(), func(tx *store.Tx) error { return tx.InsertContact(context.Background(), c) })
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *env) get(id int64) *store.Contact {
	e.t.Helper()
	c, err := e.st.Read().Contact(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// commands runs a mail's commands in one transaction.
func (e *env) commands(subject, text string, scope int64) *Outcome {
	e.t.Helper()
	var out *Outcome
	err := e.st.WithTx(context.Background(), func(tx *store.Tx) (err error) {
		out, err = e.ctl.Commands(context.Background(), tx, subject, text, scope, now)
		return err
	})
	if err != nil {
		e.t.Fatalf("Commands(%q, %q) error = %v", subject, text, err)
	}
	return out
}

// lines renders an outcome the way a test reads it: "✓ text" or "✗ text".
func lines(o *Outcome) string {
	var b strings.Builder
	for _, l := range o.Lines {
		mark := "✗"
		if l.OK {
			mark = "✓"
		}
		b.WriteString(mark + " " + l.Text + "\n")
		for _, d := range l.Details {
			b.WriteString("    " + d + "\n")
		}
		if l.Hint != "" {
			b.WriteString("    try: " + l.Hint + "\n")
		}
	}
	return b.String()
}

func TestCommandsApplyInOrderAndReportEachLine(t *testing.T) {
	e := setup(t, config.SendApprove)
	jane := e.contact("Jane Doe", "jane@acme.example", workflow.StatusReplied)
	sam := e.contact("Sam Lee", "sam@globex.example", workflow.StatusRequested)
	out := e.commands("", "met #"+strconv.FormatInt(jane.ID, 10)+"\nnote Sam Lee: knows the tram people\nfrobnicate #2\ndrop sam@globex.example\n", 0)
	got := lines(out)
	for _, want := range []string{
		"✓ #1 Jane Doe: replied → met",
		"✓ #2 Sam Lee: note kept",
		"✗ unknown command `frobnicate`",
		"✓ #2 Sam Lee: requested → dropped",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("receipt lacks %q:\n%s", want, got)
		}
	}
	if !out.Help {
		t.Errorf("an unknown command did not ask for the help in the receipt")
	}
	if s := e.get(jane.ID).State.Status; s != workflow.StatusMet {
		t.Errorf("Jane = %s, want met", s)
	}
	s := e.get(sam.ID)
	if s.State.Status != workflow.StatusDropped || !strings.Contains(s.Notes, "knows the tram people") {
		t.Errorf("Sam = %s with notes %q; want dropped, with the note", s.State.Status, s.Notes)
	}
	// The order of the receipt is the order of the mail.
	if i, j := strings.Index(got, "frobnicate"), strings.Index(got, "dropped"); i < 0 || j < 0 || i > j {
		t.Errorf("receipt lines out of order:\n%s", got)
	}
	if out.Scope() != 0 {
		t.Errorf("a mail about two contacts scoped its receipt to #%d", out.Scope())
	}
}

func TestAmbiguousNameChangesNothing(t *testing.T) {
	e := setup(t, config.SendApprove)
	a := e.contact("Jane Doe", "jane@acme.example", workflow.StatusReplied)
	b := e.contact("Jane Roe", "jroe@initech.example", workflow.StatusReplied)
	got := lines(e.commands("", "met jane\n", 0))
	for _, want := range []string{`✗ "jane" matches 2 contacts, so nothing changed`, "#1 Jane Doe <jane@acme.example> (replied)", "#2 Jane Roe", "try: write the #id instead, as in met #1"} {
		if !strings.Contains(got, want) {
			t.Errorf("receipt lacks %q:\n%s", want, got)
		}
	}
	for _, c := range []*store.Contact{a, b} {
		if s := e.get(c.ID).State.Status; s != workflow.StatusReplied {
			t.Errorf("#%d = %s after an ambiguous met, want replied", c.ID, s)
		}
	}
}

func TestScopedCommandAndRefusal(t *testing.T) {
	e := setup(t, config.SendApprove)
	jane := e.contact("Jane Doe", "jane@acme.example", workflow.StatusNew)
	out := e.commands("", "declined\n", jane.ID)
	got := lines(out)
	if !strings.Contains(got, "✗ #1 Jane Doe: cannot apply") || e.get(jane.ID).State.Status != workflow.StatusNew {
		t.Fatalf("declined on a new contact: receipt\n%s\nstatus %s; want a refusal and no change", got, e.get(jane.ID).State.Status)
	}
	if out.Scope() != jane.ID {
		t.Fatalf("Scope() = %d, want #%d", out.Scope(), jane.ID)
	}
	got = lines(e.commands("", "scheduled 2026-12-03 15:00 Europe/Berlin\n", jane.ID))
	c := e.get(jane.ID)
	if c.State.Status != workflow.StatusScheduled || !c.State.Meeting.Start.Equal(time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)) {
		t.Fatalf("scheduled: %s, meeting %+v\n%s", c.State.Status, c.State.Meeting, got)
	}
}

func TestAddDraftsTheRequest(t *testing.T) {
	e := setup(t, config.SendApprove)
	got := lines(e.commands("add Ana Ruiz <ana@initech.example> role: controls engineer", "", 0))
	if !strings.Contains(got, "✓ #1 Ana Ruiz <ana@initech.example> added") || !strings.Contains(got, "request drafted") {
		t.Fatalf("add: receipt\n%s", got)
	}
	c := e.get(1)
	if c.Company != "Initech" || c.Role != "controls engineer" || c.State.Status != workflow.StatusDrafted {
		t.Fatalf("added %+v; want company guessed, role kept, drafted", c)
	}
	drafts, err := e.st.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	var templatesSeen []string
	for _, o := range drafts {
		templatesSeen = append(templatesSeen, o.Template+"/"+o.Status)
	}
	if strings.Join(templatesSeen, ",") != "request/draft,notice_approve/approved" {
		t.Fatalf("outbox after add = %v; want the request draft and its approval notice", templatesSeen)
	}
	// Adding the same address again changes nothing and says who has it.
	got = lines(e.commands("", "add Ana R. <ANA@initech.example>\n", 0))
	if !strings.Contains(got, "✗ #1 Ana Ruiz already has ana@initech.example") {
		t.Fatalf("second add: receipt\n%s", got)
	}
	// send approves the waiting draft and wakes the sender once committed.
	got = lines(e.commands("", "#1 send\n", 0))
	if !strings.Contains(got, `✓ #1 Ana Ruiz: request "`) || e.kicks == 0 {
		t.Fatalf("send: receipt\n%s\nkicks %d", got, e.kicks)
	}
	approved, _ := e.st.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: c.ID, Statuses: []string{store.OutboxApproved}, Audience: store.AudienceContact})
	if len(approved) != 1 {
		t.Fatalf("after send, %d approved requests, want 1", len(approved))
	}
}

func TestNoCommandAnswersWithHelp(t *testing.T) {
	e := setup(t, config.SendApprove)
	out := e.commands("Hello", "Just some thoughts I wanted to keep.\n", 0)
	if !out.Help || len(out.Lines) != 1 || out.Lines[0].OK || out.Changed {
		t.Fatalf("prose mail: %+v; want one failed line and the help, nothing changed", out)
	}
}

func TestStatus(t *testing.T) {
	e := setup(t, config.SendApprove)
	e.contact("Jane Doe", "jane@acme.example", workflow.StatusReplied)
	e.contact("Sam Lee", "sam@globex.example", workflow.StatusDropped)
	got := lines(e.commands("status", "", 0))
	if !strings.Contains(got, "✓ 2 contacts, 1 in progress") || !strings.Contains(got, "#1 Jane Doe <jane@acme.example> (replied)") || strings.Contains(got, "    #2 Sam") {
		t.Fatalf("status: receipt\n%s", got)
	}
}
