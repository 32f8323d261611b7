package daemon

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The 3B7 routine on Dovecot and Postfix with the daemon's clock running
// fast: three people at one company. Nobody answers Ana for three
// business days, so the next person there (the warm one first) is asked;
// on day seven Ana is nudged; when Cy answers, the follow-ups of everyone
// still waiting there stop, the notice in the owner's inbox asks about
// each, and the owner's go on and hold, by mail, decide.

// at3B7 adds a contact at a company, with tags; request drafts the
// request at once, which leaves (direct mode) and is returned.
func (l *lifeHarness) at3B7(name, email, company string, request bool, tags ...string) (*store.Contact, store.Outgoing) {
	l.t.Helper()
	ctx := context.Background()
	c := &store.Contact{Name: name, Email: email, Company: company, Tags: tags}
	err := l.store.WithTx(ctx, func(tx *store.Tx) error {
		if err := l.track.Add(ctx, tx, c, l.clock.Now(), store.SourceCLI, "test"); err != nil {
			return err
		}
		if !request {
			return nil
		}
		_, err := l.track.Apply(ctx, tx, c, workflow.Event{Kind: workflow.EventRequestDrafted}, l.clock.Now(), store.SourceCLI)
		return err
	})
	if err != nil {
		l.t.Fatal(err)
	}
	if !request {
		return c, store.Outgoing{}
	}
	return c, l.waitOut(c.ID, workflow.TemplateRequest)
}

// dueFor returns the kinds of contact's timers the store calls due at the
// clock's now.
func (l *lifeHarness) dueFor(contact int64) []workflow.TimerKind {
	l.t.Helper()
	due, err := l.store.Read().DueTimers(context.Background(), l.clock.Now(), 100)
	if err != nil {
		l.t.Fatal(err)
	}
	var kinds []workflow.TimerKind
	for _, d := range due {
		if d.ContactID == contact {
			kinds = append(kinds, d.Kind)
		}
	}
	return kinds
}

func TestThreeBSevenAtOneCompanyThroughPostfix(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	thursday := time.Date(2026, 11, 26, 9, 0, 0, 0, berlin)
	l := newLife(t, berlin, thursday)
	p := workflow.DefaultPolicy(berlin)
	p.ColleagueAfter, p.FirstNudgeAfter = workflow.ColleagueAfter3B7, workflow.FirstNudgeAfter3B7
	p.MaxNudges = 2 // a second nudge, to see it wait for the owner's word
	l.track = contacts.New(p, l.drafter)
	l.start()

	anaAddr, boAddr, cyAddr := l.person("ana"), l.person("bo"), l.person("cy")
	ana, _ := l.at3B7("Ana Ruiz", anaAddr, "Acme", true)
	bo, _ := l.at3B7("Bo Lind", boAddr, "Acme Inc.", false)
	cy, _ := l.at3B7("Cy Park", cyAddr, "ACME", false, "alumni")
	// Warm, but at another company: never asked on Acme's account.
	eve, _ := l.at3B7("Eve Stone", "eve@globex.example", "Globex", false, "warm")
	l.mailbox(anaAddr, 1)

	// Business day 3 (Tuesday): the warm colleague is asked.
	l.at(time.Date(2026, 12, 1, 9, 1, 0, 0, berlin))
	l.waitFired(ana.ID, workflow.TimerColleague)
	cyRequest := l.waitOut(cy.ID, workflow.TemplateRequest)
	l.mailbox(cyAddr, 1)
	for _, c := range []*store.Contact{bo, eve} {
		if s := l.contact(c.ID).State.Status; s != workflow.StatusNew {
			t.Fatalf("%s is %s on day 3, want new: one person is asked at a time, at Acme only", c.Name, s)
		}
	}

	// Nobody answers Cy either: three business days on, Bo is asked.
	l.at(time.Date(2026, 12, 4, 9, 5, 0, 0, berlin))
	l.waitFired(cy.ID, workflow.TimerColleague)
	l.waitOut(bo.ID, workflow.TemplateRequest)
	if s := l.contact(eve.ID).State.Status; s != workflow.StatusNew {
		t.Fatalf("Eve at Globex is %s, want new", s)
	}

	// Business day 7 (Monday): Ana is nudged.
	l.at(time.Date(2026, 12, 7, 9, 5, 0, 0, berlin))
	l.waitFired(ana.ID, workflow.TimerNudge)
	l.waitOut(ana.ID, workflow.TemplateNudge)
	l.mailbox(anaAddr, 2)
	secondNudge := l.contact(ana.ID).State.Timers[workflow.TimerNudge]
	if secondNudge.IsZero() {
		t.Fatalf("after the first nudge Ana has no second planned: %v", l.contact(ana.ID).State.Timers)
	}

	// Tuesday: Cy answers. Ana and Bo wait; the owner is asked.
	l.at(time.Date(2026, 12, 8, 10, 0, 0, 0, berlin))
	l.contactWrites("Cy Park <"+cyAddr+">", "Re: "+cyRequest.Subject, "cy-r1@cy.example", cyRequest.MessageID,
		"Happy to talk. Thursday at 3?\n")
	l.waitEvent(string(workflow.EventReplyReceived))
	for _, c := range []*store.Contact{ana, bo} {
		if by := l.contact(c.ID).State.HeldBy; by != cy.ID {
			t.Fatalf("after Cy's answer %s is held by #%d, want #%d", c.Name, by, cy.ID)
		}
	}
	notice := l.waitOut(cy.ID, "notice_reply")
	var inbox string
	for _, m := range l.inbox(l.stack, l.owner) {
		if m.MessageID == notice.MessageID {
			inbox = m.Text
		}
	}
	wantLines(t, "the reply notice in the owner's inbox", inbox,
		fmt.Sprintf("Reply `#%d go on`", ana.ID), fmt.Sprintf("`#%d hold`", ana.ID),
		fmt.Sprintf("Reply `#%d go on`", bo.ID), fmt.Sprintf("`#%d hold`", bo.ID))

	// A week on, without the owner's word, nothing of theirs is due.
	l.at(secondNudge.Add(time.Hour))
	for _, c := range []*store.Contact{ana, bo} {
		if due := l.dueFor(c.ID); len(due) != 0 {
			t.Fatalf("%s has timers due while held: %v", c.Name, due)
		}
	}
	heldFor := l.clock.Now().Sub(time.Date(2026, 12, 8, 10, 0, 0, 0, berlin))

	// The owner answers the notice: go on with Ana, leave Bo be.
	l.answerNotice(l.stack, l.owner, notice, "word-1@owner.example",
		fmt.Sprintf("#%d go on\n#%d hold", ana.ID, bo.ID))
	a, b := l.contact(ana.ID), l.contact(bo.ID)
	if a.State.Held() || b.State.Held() {
		t.Fatalf("after the owner's word Ana held %v, Bo held %v; want neither", a.State.Held(), b.State.Held())
	}
	next := a.State.Timers[workflow.TimerNudge]
	if d := next.Sub(secondNudge.Add(heldFor)); d.Abs() > time.Minute {
		t.Fatalf("Ana's second nudge is due %v, want %v: later by the hold", next.In(berlin), secondNudge.Add(heldFor).In(berlin))
	}
	for _, k := range []workflow.TimerKind{workflow.TimerNudge, workflow.TimerColleague} {
		if _, ok := b.State.Timers[k]; ok {
			t.Errorf("after hold Bo still has a %s timer: %v", k, b.State.Timers)
		}
	}
	r := l.waitReceipt(l.stack, l.owner, "word-1@owner.example")
	wantLines(t, "the receipt", r.Text, "Ana Ruiz: follow-ups go on; the nudge is due",
		"Bo Lind: no nudge, and nobody else asked on their account")

	// Ana's second nudge leaves; Cy's answer, older than the owner's go
	// on, does not hold it at the last look.
	l.at(next.Add(time.Minute))
	l.waitFired(ana.ID, workflow.TimerNudge)
	l.waitOut(ana.ID, workflow.TemplateNudge)
	got := l.mailbox(anaAddr, 3)
	if !strings.Contains(got[2].Subject, "Re:") {
		t.Errorf("Ana's second nudge %q does not follow up in the thread", got[2].Subject)
	}
	if s := l.contact(eve.ID).State.Status; s != workflow.StatusNew {
		t.Errorf("Eve at Globex is %s at the end, want new", s)
	}
}

// The last look before a nudge counts answers from the owner's last go
// on: the colleague's reply that held the nudge was read and answered
// with go on, and must not hold it again. (The end-to-end test above
// cannot show it: its fast clock runs ahead of the mailbox's dates.)
func TestLastLookCountsFromGoOn(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir()+"/rapport.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	nudged := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	goOn := time.Date(2026, 12, 14, 10, 0, 0, 0, time.UTC)
	c := &store.Contact{Name: "Ana Ruiz", Email: "ana@acme.example", State: workflow.State{Status: workflow.StatusNudged}}
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.InsertContact(ctx, c); err != nil {
			return err
		}
		for _, e := range []store.Entry{
			{ContactID: c.ID, At: nudged.Add(time.Hour), Kind: string(workflow.EventColleagueReplied)},
			{ContactID: c.ID, At: goOn, Kind: string(workflow.EventGoOn)},
		} {
			if err := tx.AppendHistory(ctx, &e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name        string
		since, want time.Time
	}{
		{"the nudge followed up before the go on", nudged, goOn},
		{"a message sent after the go on counts from itself", goOn.Add(time.Hour), goOn.Add(time.Hour)},
	} {
		got, err := afterGoOn(ctx, st.Read(), c.ID, tt.since)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s: afterGoOn = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}
