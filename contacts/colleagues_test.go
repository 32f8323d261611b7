package contacts

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// setup3B7 is setup under the 3B7 routine.
func setup3B7(t *testing.T) *env {
	e := setup(t, config.SendApprove)
	p := workflow.DefaultPolicy(time.UTC)
	p.ColleagueAfter, p.FirstNudgeAfter = workflow.ColleagueAfter3B7, workflow.FirstNudgeAfter3B7
	e.track = New(p, e.ctl.Drafter)
	e.ctl.Tracker = e.track
	return e
}

// person stores a new contact with a company and tags.
func (e *env) person(name, email, company string, tags ...string) *store.Contact {
	e.t.Helper()
	c := &store.Contact{Name: name, Email: email, Company: company, Tags: tags, State: workflow.State{Status: workflow.StatusNew}}
	if err := e.st.WithTx(context.Background(), func(tx *store.Tx) error { return tx.InsertContact(context.Background(), c) }); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// history returns the details of contact id's history, one per line.
func (e *env) history(id int64) string {
	e.t.Helper()
	entries, err := e.st.Read().History(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	var b strings.Builder
	for _, h := range entries {
		b.WriteString(h.Kind + ": " + h.Detail + "\n")
	}
	return b.String()
}

// replyNotice returns the body of the last reply notice about contact id.
func (e *env) replyNotice(id int64) string {
	e.t.Helper()
	rows, err := e.st.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: id})
	if err != nil {
		e.t.Fatal(err)
	}
	body := ""
	for _, o := range rows {
		if o.Template == "notice_reply" {
			body = o.Body
		}
	}
	return body
}

// Three business days after Ana's request, the next person at Acme is
// asked (the warm one first, whether the company was typed or read from
// the domain); when that person answers, Ana's nudge waits and the reply
// notice asks the owner, who answers go on or hold by mail.
func TestThreeBSevenAtOneCompany(t *testing.T) {
	for _, word := range []string{"go on", "hold"} {
		t.Run(word, func(t *testing.T) {
			e := setup3B7(t)
			ana := e.person("Ana Ruiz", "ana@acme.example", "Acme, Inc.")
			bo := e.person("Bo Lind", "bo@acme.example", "")
			cy := e.person("Cy Park", "cy.park@gmail.com", "ACME", "alumni")
			eve := e.person("Eve Stone", "eve@globex.example", "Globex", "alumni")
			// Thursday: three business days later is Tuesday, seven the
			// Monday after.
			thursday := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
			tuesday := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
			e.apply(ana.ID, workflow.Event{Kind: workflow.EventRequestSent, ByHand: true}, thursday)
			a := e.get(ana.ID)
			if at := a.State.Timers[workflow.TimerColleague]; !at.Equal(tuesday) {
				t.Fatalf("colleague timer at %v, want %v (3 business days)", at, tuesday)
			}
			nudgeAt := a.State.Timers[workflow.TimerNudge]
			if want := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC); !nudgeAt.Equal(want) {
				t.Fatalf("first nudge at %v, want %v (7 business days)", nudgeAt, want)
			}

			e.apply(ana.ID, workflow.Event{Kind: workflow.EventTimerFired, Timer: workflow.TimerColleague}, tuesday)
			if s := e.get(cy.ID).State.Status; s != workflow.StatusDrafted {
				t.Fatalf("Cy (warm, at Acme by the company typed) is %s, want drafted", s)
			}
			for _, c := range []*store.Contact{bo, eve} {
				if s := e.get(c.ID).State.Status; s != workflow.StatusNew {
					t.Errorf("%s is %s, want still new: one person is asked at a time, only at Acme", c.Name, s)
				}
			}
			if h := e.history(ana.ID); !strings.Contains(h, "request to #3 Cy Park at Acme, Inc. drafted") {
				t.Errorf("Ana's history does not say who was asked:\n%s", h)
			}

			// Cy's request leaves, and Cy answers.
			e.apply(cy.ID, workflow.Event{Kind: workflow.EventRequestSent, ByHand: true}, tuesday)
			answered := tuesday.Add(4 * time.Hour)
			e.apply(cy.ID, workflow.Event{Kind: workflow.EventReplyReceived}, answered)
			a = e.get(ana.ID)
			if a.State.HeldBy != cy.ID {
				t.Fatalf("after Cy's answer Ana is held by #%d, want #%d", a.State.HeldBy, cy.ID)
			}
			notice := e.replyNotice(cy.ID)
			if !strings.Contains(notice, "Reply `#1 go on`") || !strings.Contains(notice, "`#1 hold`") || !strings.Contains(notice, "Ana Ruiz (#1)") {
				t.Errorf("Cy's reply notice does not ask about Ana:\n%s", notice)
			}

			out := e.commands("Re: rapport: Cy Park replied (#3)", "#1 "+word+"\n", cy.ID)
			wantLine := map[string]string{
				"go on": "✓ #1 Ana Ruiz: follow-ups go on; the nudge is due Tue 8 Dec 06:00",
				"hold":  "✓ #1 Ana Ruiz: no nudge, and nobody else asked on their account",
			}[word]
			if !strings.Contains(lines(out), wantLine) {
				t.Fatalf("#1 %s: receipt\n%s\nwant a line %q", word, lines(out), wantLine)
			}
			a = e.get(ana.ID)
			if a.State.Held() {
				t.Fatalf("after %q Ana is still held", word)
			}
			switch word {
			case "go on":
				// The owner's word comes 20 hours after Cy's answer.
				if at, want := a.State.Timers[workflow.TimerNudge], nudgeAt.Add(now.Sub(answered)); !at.Equal(want) {
					t.Errorf("after go on the nudge is due %v; want %v, later by the hold", at, want)
				}
			case "hold":
				if _, ok := a.State.Timers[workflow.TimerNudge]; ok {
					t.Errorf("after hold a nudge is still planned: %v", a.State.Timers)
				}
			}
		})
	}
}

// While someone at the company is talking with the owner, nobody else is
// asked, and the history says why; with nobody left, it says to add
// someone.
func TestColleagueTimerAsksNobody(t *testing.T) {
	e := setup3B7(t)
	ana := e.person("Ana Ruiz", "ana@acme.example", "Acme")
	e.apply(ana.ID, workflow.Event{Kind: workflow.EventRequestSent, ByHand: true}, now.Add(-5*24*time.Hour))
	e.apply(ana.ID, workflow.Event{Kind: workflow.EventTimerFired, Timer: workflow.TimerColleague}, now)
	if h := e.history(ana.ID); !strings.Contains(h, "nobody else at Acme to ask yet: add someone there") {
		t.Errorf("history with nobody to ask:\n%s", h)
	}

	e3 := setup3B7(t)
	solo := e3.person("Sol Ray", "sol@gmail.com", "")
	e3.apply(solo.ID, workflow.Event{Kind: workflow.EventRequestSent, ByHand: true}, now.Add(-5*24*time.Hour))
	e3.apply(solo.ID, workflow.Event{Kind: workflow.EventTimerFired, Timer: workflow.TimerColleague}, now)
	if h := e3.history(solo.ID); !strings.Contains(h, "no company is known for them") {
		t.Errorf("history of a webmail contact with no company:\n%s", h)
	}

	e2 := setup3B7(t)
	ana = e2.person("Ana Ruiz", "ana@acme.example", "Acme")
	bo := e2.person("Bo Lind", "bo@acme.example", "Acme")
	cy := e2.person("Cy Park", "cy@acme.example", "Acme")
	e2.apply(ana.ID, workflow.Event{Kind: workflow.EventRequestSent, ByHand: true}, now.Add(-5*24*time.Hour))
	e2.apply(bo.ID, workflow.Event{Kind: workflow.EventReplyReceived}, now.Add(-time.Hour))
	e2.apply(ana.ID, workflow.Event{Kind: workflow.EventTimerFired, Timer: workflow.TimerColleague}, now)
	if s := e2.get(cy.ID).State.Status; s != workflow.StatusNew {
		t.Errorf("Cy is %s while Bo talks with the owner; want new", s)
	}
	if h := e2.history(ana.ID); !strings.Contains(h, "#2 Bo Lind is talking with you") {
		t.Errorf("history does not say why nobody was asked:\n%s", h)
	}
}

// Under the classic routine nobody else is asked and nobody is held.
func TestClassicFollowsEachContactAlone(t *testing.T) {
	e := setup(t, config.SendApprove)
	ana := e.person("Ana Ruiz", "ana@acme.example", "Acme")
	bo := e.person("Bo Lind", "bo@acme.example", "Acme")
	e.apply(ana.ID, workflow.Event{Kind: workflow.EventRequestSent, ByHand: true}, now.Add(-5*24*time.Hour))
	e.apply(bo.ID, workflow.Event{Kind: workflow.EventRequestSent, ByHand: true}, now.Add(-5*24*time.Hour))
	if _, ok := e.get(ana.ID).State.Timers[workflow.TimerColleague]; ok {
		t.Error("classic routine planned a colleague timer")
	}
	e.apply(bo.ID, workflow.Event{Kind: workflow.EventReplyReceived}, now)
	if e.get(ana.ID).State.Held() {
		t.Error("classic routine held Ana when Bo answered")
	}
	if strings.Contains(e.replyNotice(bo.ID), "go on") {
		t.Error("classic reply notice asks about go on")
	}
}

// In direct mode the request the routine wrote for the next person waits
// in the queue; when someone at the company answers before it leaves, it
// is withdrawn and the owner asked, and go on queues it again.
func TestQueuedRequestWaitsWhenAColleagueAnswers(t *testing.T) {
	e := setup(t, config.SendDirect)
	p := workflow.DefaultPolicy(time.UTC)
	p.ColleagueAfter, p.FirstNudgeAfter = workflow.ColleagueAfter3B7, workflow.FirstNudgeAfter3B7
	e.track = New(p, e.ctl.Drafter)
	e.ctl.Tracker = e.track
	ana := e.person("Ana Ruiz", "ana@acme.example", "Acme")
	bo := e.person("Bo Lind", "bo@acme.example", "Acme")
	e.apply(ana.ID, workflow.Event{Kind: workflow.EventRequestSent, ByHand: true}, now.Add(-6*24*time.Hour))
	e.apply(ana.ID, workflow.Event{Kind: workflow.EventTimerFired, Timer: workflow.TimerColleague}, now.Add(-time.Hour))
	queued := func() int {
		t.Helper()
		ok, err := requestWaiting(context.Background(), e.st.Read(), bo.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			return 1
		}
		return 0
	}
	if queued() != 1 {
		t.Fatal("Bo's request is not queued after the colleague timer")
	}

	e.apply(ana.ID, workflow.Event{Kind: workflow.EventReplyReceived}, now)
	b := e.get(bo.ID)
	if b.State.HeldBy != ana.ID || b.State.Status != workflow.StatusDrafted {
		t.Fatalf("after Ana's answer Bo is %s held by #%d; want drafted, held by #%d", b.State.Status, b.State.HeldBy, ana.ID)
	}
	if queued() != 0 {
		t.Fatal("Bo's request is still queued after Ana answered")
	}
	if n := e.replyNotice(ana.ID); !strings.Contains(n, "Reply `#2 go on`") {
		t.Errorf("Ana's reply notice does not ask about Bo:\n%s", n)
	}
	out := e.commands("", "#2 go on\n", 0)
	if got := lines(out); !strings.Contains(got, "✓ #2 Bo Lind: the request is written again") {
		t.Fatalf("#2 go on: receipt\n%s", got)
	}
	if queued() != 1 {
		t.Fatal("after go on Bo's request is not queued again")
	}
}
