package contacts

import (
	"context"
	"fmt"
	"time"

	"github.com/rapport-mail/rapport/internal/when"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// maxStatusLines bounds "status" about everyone: the digest is the
// complete view.
const maxStatusLines = 40

// statusLine describes one contact: "#12 Jane Doe <jane@x.org>, Acme
// (replied); next: nudge Mon 7 Dec 09:00 CET", times by package when's
// rule (the owner's zone, labelled, with the contact's clock beside it
// when it reads otherwise).
func statusLine(c *store.Contact, zone *time.Location) string {
	s := candidate(c)
	if c.State.Tier != workflow.TierNone {
		s += "; tier " + c.State.Tier.Label()
	}
	if n := c.State.Next(); n.What != "" {
		s += "; next: " + n.What
		if !n.At.IsZero() {
			s += " " + timeRule(c, zone).Short(n.At)
		}
	}
	return s
}

// timeRule is package when's rule for the owner in zone, with c's local
// time beside.
func timeRule(c *store.Contact, zone *time.Location) when.Rule {
	return when.Owner(zone).For(when.Contact(c.Name, c.TimeZone))
}

// statusDetails are the last lines of the contact's history.
func (ctl *Controller) statusDetails(ctx context.Context, tx *store.Tx, c *store.Contact) []string {
	var out []string
	if m := c.State.Meeting; m != nil && c.State.Status == workflow.StatusScheduled {
		out = append(out, "meeting "+timeRule(c, ctl.zone()).Span(m.Start, m.End))
	}
	others, err := tx.Addresses(ctx, c.ID)
	if err != nil {
		return append(out, "addresses unavailable: "+err.Error())
	}
	for _, a := range others {
		out = append(out, "also writes from "+a.Address+" ("+short(a.Why, 60)+"; forget "+a.Address+" if wrong)")
	}
	hist, err := tx.History(ctx, c.ID)
	if err != nil {
		return append(out, "history unavailable: "+err.Error())
	}
	if len(hist) > 5 {
		hist = hist[len(hist)-5:]
	}
	for _, e := range hist {
		line := when.Owner(ctl.zone()).Stamp(e.At) + " " + workflow.EventKind(e.Kind).Label()
		if e.Detail != "" {
			line += ": " + short(e.Detail, 80)
		}
		out = append(out, line)
	}
	return out
}

// statusAll reports every contact still in progress, by status.
func (ctl *Controller) statusAll(ctx context.Context, tx *store.Tx, o *Outcome, raw string) error {
	all, err := tx.ListContacts(ctx, store.ListOptions{})
	if err != nil {
		return err
	}
	counts := map[workflow.Status]int{}
	var details []string
	open := 0
	for i := range all {
		c := &all[i]
		counts[c.State.Status]++
		if c.State.Status.Closed() {
			continue
		}
		open++
		if len(details) < maxStatusLines {
			details = append(details, statusLine(c, ctl.zone()))
		}
	}
	if open > maxStatusLines {
		details = append(details, fmt.Sprintf("… and %d more: see the digest, or rapport list", open-maxStatusLines))
	}
	summary := fmt.Sprintf("%d contacts, %d in progress", len(all), open)
	for _, s := range workflow.Statuses() {
		if n := counts[s]; n > 0 {
			summary += fmt.Sprintf("; %s %d", s.Label(), n)
		}
	}
	o.ok(raw, summary, details...)
	return nil
}
