package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// print writes the view as companies shows it:
//
//	Acme — target 1, 3 people
//	  #1 Ana Ruiz — requested; held since #4 Cy Park answered: waits for your word: #1 go on or #1 hold
//	  #2 Bo Lind — new; next to ask; warm: introduced by #5 Eve Stone
//	  1 closed: 1 declined (rapport companies --all lists them)
func (v *companiesView) print(w io.Writer, all bool) {
	for i, g := range v.groups {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s — %s\n", oneLine(g.name, 60), g.summary())
		for _, p := range g.rows {
			fmt.Fprintf(w, "  #%d %s — %s\n", p.ID, oneLine(p.Name, 40), strings.Join(v.marks(g, p), "; "))
		}
		if n := g.closedCount(); n > 0 && !all {
			fmt.Fprintf(w, "  %d closed: %s (rapport companies --all lists them)\n", n, closedText(g.closed))
		}
	}
	if v.noCompany > 0 {
		if len(v.groups) > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s with no company known (webmail and no company typed)\n", plural(v.noCompany, "contact", "contacts"))
	}
}

// summary is what a group's heading says after its name: its place among
// the targets, and how many people it has.
func (g *companyGroup) summary() string {
	people := "nobody yet"
	if g.people > 0 {
		people = plural(g.people, "person", "people")
	}
	if g.target >= 0 {
		return fmt.Sprintf("target %d, %s", g.target+1, people)
	}
	return people
}

// marks are what matters about p, after their status: held, next to ask,
// warm.
func (v *companiesView) marks(g *companyGroup, p companyPerson) []string {
	marks := []string{p.Status.Label()}
	if p.HeldBy != 0 {
		marks = append(marks, fmt.Sprintf("held since %s answered: waits for your word: #%d go on or #%d hold",
			v.who(p.HeldBy), p.ID, p.ID))
	}
	if g.hasNext && g.next.ID == p.ID {
		marks = append(marks, "next to ask")
	}
	switch {
	case p.IntroducedBy != 0:
		marks = append(marks, "warm: introduced by "+v.who(p.IntroducedBy))
	case p.WarmTag != "":
		marks = append(marks, "warm: tagged "+p.WarmTag)
	}
	return marks
}

// who names a contact by #id and, when known, name.
func (v *companiesView) who(id int64) string {
	if name, ok := v.names[id]; ok && name != "" {
		return fmt.Sprintf("#%d %s", id, oneLine(name, 40))
	}
	return fmt.Sprintf("#%d", id)
}

// closedText counts closed contacts by status, in the workflow's order:
// "1 declined, 2 no response".
func closedText(closed map[workflow.Status]int) string {
	var parts []string
	for _, s := range workflow.Statuses() {
		if n := closed[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s.Label()))
		}
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// companiesRecord is companies --json: its field names are kept from one
// version to the next, as list --json's are.
type companiesRecord struct {
	Companies []companyRecord `json:"companies"`
	NoCompany int             `json:"no_company"` // contacts with a webmail address and no company typed
}

type companyRecord struct {
	Name         string                  `json:"name"`             // as the owner would name it
	Key          string                  `json:"key"`              // contacts.Organisation's key
	Target       int                     `json:"target,omitempty"` // 1 for the first target company; absent for none
	People       int                     `json:"people"`           // everyone there, closed or not
	Closed       int                     `json:"closed"`
	ClosedBy     map[workflow.Status]int `json:"closed_by_status,omitempty"`
	LastActivity *time.Time              `json:"last_activity,omitempty"`
	NextToAsk    int64                   `json:"next_to_ask,omitempty"`
	Contacts     []companyContactRecord  `json:"contacts"` // closed ones only with --all
}

type companyContactRecord struct {
	ID           int64           `json:"id"`
	Name         string          `json:"name"`
	Status       workflow.Status `json:"status"`
	HeldBy       int64           `json:"held_by,omitempty"` // the colleague whose answer holds them
	NextToAsk    bool            `json:"next_to_ask,omitempty"`
	Warm         bool            `json:"warm,omitempty"`
	IntroducedBy int64           `json:"introduced_by,omitempty"`
	WarmTag      string          `json:"warm_tag,omitempty"`
}

func (v *companiesView) record() companiesRecord {
	r := companiesRecord{Companies: []companyRecord{}, NoCompany: v.noCompany}
	for _, g := range v.groups {
		c := companyRecord{Name: g.name, Key: g.key, People: g.people, Closed: g.closedCount(),
			Contacts: make([]companyContactRecord, 0, len(g.rows))}
		if g.target >= 0 {
			c.Target = g.target + 1
		}
		if len(g.closed) > 0 {
			c.ClosedBy = g.closed
		}
		if !g.last.IsZero() {
			last := g.last.UTC()
			c.LastActivity = &last
		}
		if g.hasNext {
			c.NextToAsk = g.next.ID
		}
		for _, p := range g.rows {
			c.Contacts = append(c.Contacts, companyContactRecord{ID: p.ID, Name: p.Name, Status: p.Status,
				HeldBy: p.HeldBy, NextToAsk: g.hasNext && g.next.ID == p.ID,
				Warm: p.IntroducedBy != 0 || p.WarmTag != "", IntroducedBy: p.IntroducedBy, WarmTag: p.WarmTag})
		}
		r.Companies = append(r.Companies, c)
	}
	return r
}
