package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// companiesHome is an address book under the 3B7 routine with the
// targets Globex (nobody there) and Acme: at Acme, Ana was asked and is
// held since Cy answered, Bo typed "ACME" from a webmail address, and
// Hal, tagged alumni, is next to ask; Dan and Eve write from
// initech.example without a company (Eve, introduced by Dan, is
// next to ask there); Fay writes from webmail; Zed, at
// Zeta Corp, was dropped last.
func companiesHome(t *testing.T) *env {
	e := newEnv(t)
	writeOwnerConfig(t, e, "[workflow]\npolicy = \"3b7\"\ntarget_companies = [\"Globex\", \"Acme\"]\n")
	e.ok("add", "--name", "Ana Ruiz", "--email", "ana@acme.example", "--company", "Acme, Inc.")
	e.ok("add", "--name", "Bo Lind", "--email", "bo.lind@gmail.com", "--company", "ACME")
	e.ok("add", "--name", "Cy Park", "--email", "cy@acme.example")
	e.ok("add", "--name", "Dan Wu", "--email", "dan@initech.example")
	e.ok("add", "--name", "Eve Stone", "--email", "eve@eu.initech.example", "--introduced-by", "4")
	e.ok("add", "--name", "Fay Webb", "--email", "fay@gmail.com")
	e.ok("add", "--name", "Hal Berg", "--email", "hal@acme.example", "--tag", "Alumni")
	e.ok("add", "--name", "Zed Ito", "--email", "zed@zeta.example", "--company", "Zeta Corp")
	e.change(func(ctx context.Context, tx *store.Tx) error {
		for id, st := range map[int64]workflow.State{
			1: {Status: workflow.StatusRequested, HeldBy: 3, HeldAt: e.now},
			3: {Status: workflow.StatusReplied},
		} {
			c, err := tx.Contact(ctx, id)
			if err != nil {
				return err
			}
			c.State = st
			if err := tx.UpdateContact(ctx, c, e.now); err != nil {
				return err
			}
		}
		return nil
	})
	e.now = e.now.Add(2 * time.Hour) // Zeta Corp is the company that moved last
	e.ok("mark", "8", "drop")
	return e
}

// rapport companies groups contacts by company as the owner sees them:
// "Acme, Inc." and "ACME" and an acme.example address are one target
// company, named as the owner configured it; a domain without a company
// is a company; webmail without a company is counted, not listed; the
// targets come first, Globex with nobody yet; the held contact says
// what to write, and the next to ask is marked.
func TestCompaniesGroupsByOrganisation(t *testing.T) {
	e := companiesHome(t)
	want := `Globex — target 1, nobody yet

Acme — target 2, 4 people
  #1 Ana Ruiz — requested; held since #3 Cy Park answered: waits for your word: #1 go on or #1 hold
  #2 Bo Lind — new
  #3 Cy Park — replied
  #7 Hal Berg — new; next to ask; warm: tagged alumni

Zeta Corp — 1 person
  1 closed: 1 dropped (rapport companies --all lists them)

initech.example — 2 people
  #4 Dan Wu — new
  #5 Eve Stone — new; next to ask; warm: introduced by #4 Dan Wu

1 contact with no company known (webmail and no company typed)
`
	if got := e.ok("companies"); got != want {
		t.Fatalf("rapport companies printed\n%s\nwant\n%s", got, want)
	}
	wantContains(t, "companies --all", e.ok("companies", "--all"), "Zeta Corp — 1 person\n  #8 Zed Ito — dropped\n\n")
}

// Without targets, the companies come by their latest activity, then by
// name; the most common spelling typed names a company.
func TestCompaniesWithoutTargets(t *testing.T) {
	e := newEnv(t)
	e.ok("add", "--name", "Ana Ruiz", "--email", "ana@a.example", "--company", "ACME")
	e.ok("add", "--name", "Bo Lind", "--email", "bo@b.example", "--company", "Acme, Inc.")
	e.ok("add", "--name", "Cy Park", "--email", "cy@c.example", "--company", "Acme, Inc.")
	e.ok("add", "--name", "Dan Wu", "--email", "dan@initech.example")
	e.now = e.now.Add(time.Hour)
	e.ok("add", "--name", "Zoe Hart", "--email", "zoe@zeta.example")
	e.ok("add", "--name", "Ed Blue", "--email", "ed@banana.example")
	got := e.ok("companies")
	want := "banana.example — 1 person\n  #6 Ed Blue — new; next to ask\n\n" +
		"zeta.example — 1 person\n  #5 Zoe Hart — new; next to ask\n\n" +
		"Acme, Inc. — 3 people\n"
	wantContains(t, "companies", got, want, "initech.example — 1 person\n  #4 Dan Wu — new; next to ask\n")
	if code, _, errOut := e.run("companies", "extra"); code == 0 || errOut == "" {
		t.Errorf("companies extra: exit %d, %q; want a usage error", code, errOut)
	}
}

// An empty address book says so, on standard error.
func TestCompaniesEmpty(t *testing.T) {
	e := newEnv(t)
	code, out, errOut := e.run("companies")
	if code != 0 || out != "" || errOut != "no contacts (add one with rapport add or rapport import)\n" {
		t.Fatalf("companies on an empty book: exit %d, %q, %q", code, out, errOut)
	}
}

// companies --json names each company with its key, target rank, counts
// and people, and the contacts without a company; --all adds the closed.
func TestCompaniesJSON(t *testing.T) {
	e := companiesHome(t)
	var got companiesRecord
	if err := json.Unmarshal([]byte(e.ok("companies", "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if got.NoCompany != 1 || len(got.Companies) != 4 {
		t.Fatalf("companies --json = %+v; want 4 companies and 1 contact without", got)
	}
	globex, acme, zeta := got.Companies[0], got.Companies[1], got.Companies[2]
	if globex.Name != "Globex" || globex.Target != 1 || globex.People != 0 || globex.Contacts == nil || len(globex.Contacts) != 0 {
		t.Errorf("Globex = %+v; want target 1, nobody, an empty list", globex)
	}
	if acme.Name != "Acme" || acme.Key != "acme" || acme.Target != 2 || acme.People != 4 || acme.NextToAsk != 7 {
		t.Errorf("Acme = %+v", acme)
	}
	ana, hal := acme.Contacts[0], acme.Contacts[3]
	if ana.ID != 1 || ana.Status != workflow.StatusRequested || ana.HeldBy != 3 || ana.NextToAsk {
		t.Errorf("Ana = %+v; want requested, held by #3", ana)
	}
	if hal.ID != 7 || !hal.NextToAsk || !hal.Warm || hal.WarmTag != "alumni" {
		t.Errorf("Hal = %+v; want next to ask, warm by the tag alumni", hal)
	}
	if zeta.Target != 0 || zeta.People != 1 || zeta.Closed != 1 || zeta.ClosedBy[workflow.StatusDropped] != 1 || len(zeta.Contacts) != 0 {
		t.Errorf("Zeta Corp = %+v; want one dropped, not listed", zeta)
	}
	if err := json.Unmarshal([]byte(e.ok("companies", "--json", "--all")), &got); err != nil {
		t.Fatal(err)
	}
	if c := got.Companies[2].Contacts; len(c) != 1 || c[0].ID != 8 || c[0].Status != workflow.StatusDropped {
		t.Errorf("Zeta Corp with --all lists %+v; want #8, dropped", c)
	}
}

// show names a contact's colleagues, at most five, and when they are held
// whose answer holds them and what to write; show --json has both.
func TestShowColleaguesAndHold(t *testing.T) {
	e := companiesHome(t)
	wantContains(t, "show 1", e.ok("show", "1"),
		"Colleagues:  #2 Bo Lind (new), #3 Cy Park (replied), #7 Hal Berg (new)\n",
		"Held:        since #3 Cy Park answered on Mon 23 Nov 2026; write rapport mark 1 go on, or hold\n")
	if out := e.ok("show", "6"); strings.Contains(out, "Colleagues") || strings.Contains(out, "Held") {
		t.Errorf("show 6 (webmail, no company) has colleagues or a hold:\n%s", out)
	}
	var rec showRecord
	if err := json.Unmarshal([]byte(e.ok("show", "1", "--json")), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.ID != 1 || len(rec.Colleagues) != 3 || rec.Colleagues[1] != (showColleague{3, "Cy Park", "replied"}) ||
		rec.Held == nil || rec.Held.By != 3 || rec.Held.ByName != "Cy Park" || rec.Held.Since == nil || !rec.Held.Since.Equal(e.now.Add(-2*time.Hour)) {
		t.Errorf("show 1 --json: colleagues %+v, held %+v", rec.Colleagues, rec.Held)
	}

	for i := range 6 {
		e.ok("add", "--name", fmt.Sprintf("Person %d", i), "--email", fmt.Sprintf("p%d@initech.example", i))
	}
	wantContains(t, "show 4", e.ok("show", "4"), "#12 Person 3 (new), and 2 more\n")
}
