package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/store"
)

// showColleagueLimit is how many colleagues show names on its card; the
// others are counted ("and 3 more"): rapport companies lists them all.
const showColleagueLimit = 5

// showCompany is what show says of a contact's organisation: their
// colleagues (contacts.ColleaguesOf) and, when held, the colleague whose
// answer holds them.
type showCompany struct {
	colleagues []store.Contact
	heldBy     *store.Contact // nil when not held, or that contact is gone
}

func loadShowCompany(ctx context.Context, tx *store.Tx, c *store.Contact) (showCompany, error) {
	var sc showCompany
	var err error
	if sc.colleagues, err = contacts.ColleaguesOf(ctx, tx, c); err != nil {
		return sc, err
	}
	if c.State.Held() {
		sc.heldBy, err = tx.Contact(ctx, c.State.HeldBy)
		if errors.Is(err, store.ErrNotFound) {
			return sc, nil // the hold still stands; the card names the #id only
		}
	}
	return sc, err
}

// colleaguesText is the card's Colleagues line: "#2 Bo Lind (requested),
// #3 Cy Park (replied)", the first few and how many more.
func (sc showCompany) colleaguesText() string {
	var parts []string
	for i, o := range sc.colleagues {
		if i == showColleagueLimit {
			parts = append(parts, fmt.Sprintf("and %d more", len(sc.colleagues)-i))
			break
		}
		parts = append(parts, fmt.Sprintf("#%d %s (%s)", o.ID, oneLine(o.Name, 40), o.State.Status.Label()))
	}
	return strings.Join(parts, ", ")
}

// heldText is the card's Held line: "since #3 Cy Park answered on Mon 23
// Nov 2026; write rapport mark 9 go on, or hold"; "" when not held.
func (sc showCompany) heldText(c *store.Contact, zone *time.Location) string {
	if !c.State.Held() {
		return ""
	}
	who := fmt.Sprintf("#%d", c.State.HeldBy)
	if sc.heldBy != nil {
		who = fmt.Sprintf("#%d %s", sc.heldBy.ID, oneLine(sc.heldBy.Name, 40))
	}
	text := "since " + who + " answered"
	if !c.State.HeldAt.IsZero() {
		text += " on " + owner(zone).Day(c.State.HeldAt)
	}
	return fmt.Sprintf("%s; write rapport mark %d go on, or hold", text, c.ID)
}

// showRecord is show --json: the contact as list --json and export write
// it, with their colleagues and their hold.
type showRecord struct {
	contacts.Record
	Colleagues []showColleague `json:"colleagues,omitempty"`
	Held       *showHeld       `json:"held,omitempty"`
}

type showColleague struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

type showHeld struct {
	By     int64      `json:"by"` // the colleague whose answer holds them
	ByName string     `json:"by_name,omitempty"`
	Since  *time.Time `json:"since,omitempty"`
}

func (sc showCompany) record(c *store.Contact, history []store.Entry) showRecord {
	r := showRecord{Record: contacts.NewRecord(c, history)}
	for _, o := range sc.colleagues {
		r.Colleagues = append(r.Colleagues, showColleague{ID: o.ID, Name: o.Name, Status: string(o.State.Status)})
	}
	if c.State.Held() {
		r.Held = &showHeld{By: c.State.HeldBy}
		if sc.heldBy != nil {
			r.Held.ByName = sc.heldBy.Name
		}
		if !c.State.HeldAt.IsZero() {
			at := c.State.HeldAt.UTC()
			r.Held.Since = &at
		}
	}
	return r
}
