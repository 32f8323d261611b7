package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/internal/when"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"

	"github.com/spf13/pflag"
)

type showFlags struct{ asJSON bool }

func (f *showFlags) bind(fs *pflag.FlagSet) {
	fs.BoolVar(&f.asJSON, "json", false, "print JSON for scripts")
}

func runShow(ctx context.Context, a *app, f *showFlags, rest []string) error {
	asJSON := &f.asJSON
	if len(rest) == 0 {
		return usagef("which contact? give an #id, an email or part of a name")
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	tx := s.store.Read()
	c, err := resolve(ctx, tx, strings.Join(rest, " "))
	if err != nil {
		return err
	}
	history, err := tx.History(ctx, c.ID)
	if err != nil {
		return err
	}
	company, err := loadShowCompany(ctx, tx, c)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(a.stdout, company.record(c, history))
	}
	var introducer *store.Contact
	if c.IntroducedBy != 0 {
		if introducer, err = tx.Contact(ctx, c.IntroducedBy); err != nil {
			return err
		}
	}
	referrals, err := tx.ContactsIntroducedBy(ctx, c.ID)
	if err != nil {
		return err
	}
	printContact(a.stdout, c, introducer, referrals, company, s.zone, s.track.Policy())
	fmt.Fprintln(a.stdout)
	printTimeline(a.stdout, history, s.zone)
	return nil
}

func printContact(w io.Writer, c *store.Contact, introducer *store.Contact, referrals []store.Contact, company showCompany, zone *time.Location, p workflow.Policy) {
	fmt.Fprintf(w, "#%d %s\n", c.ID, nameAndEmail(c))
	line, flush := fields(w)
	switch {
	case c.Role != "" && c.Company != "":
		line("Role", c.Role+" at "+c.Company)
	case c.Role != "":
		line("Role", c.Role)
	default:
		line("Company", c.Company)
	}
	line("Field", c.Field)
	line("Found via", c.Source)
	if introducer != nil {
		line("Introduced by", fmt.Sprintf("#%d %s", introducer.ID, introducer.Name))
	}
	var intro []string
	for _, r := range referrals {
		intro = append(intro, fmt.Sprintf("#%d %s", r.ID, r.Name))
	}
	line("Introduced", strings.Join(intro, ", "))
	line("Colleagues", company.colleaguesText())
	line("Profile", c.URL)
	line("Time zone", c.TimeZone)
	line("Tags", strings.Join(c.Tags, ", "))
	status := fmt.Sprintf("%s (%s)", c.State.Status.Label(), strings.ReplaceAll(string(c.State.Status.Stage()), "_", "-"))
	if c.State.PausedFrom != "" {
		status += ", was " + c.State.PausedFrom.Label()
	}
	if c.State.Nudges > 0 {
		status += fmt.Sprintf(", %d nudge(s) sent", c.State.Nudges)
	}
	line("Status", status)
	line("Held", company.heldText(c, zone))
	if t := c.State.Tier; t != workflow.TierNone {
		line("Tier", fmt.Sprintf("%s (keep in touch %s)", t.Label(), contacts.KeepInTouchWait(p, t)))
	}
	if m := c.State.Meeting; m != nil {
		at := forContact(zone, c).Span(m.Start, m.End)
		if m.Place != "" {
			at += " at " + m.Place
		}
		line("Meeting", at)
	}
	if !c.State.ReturnDate.IsZero() {
		// A return date is a calendar day, the same one in every zone.
		line("Away until", when.Date(c.State.ReturnDate))
	}
	line("Next", nextText(c, zone))
	flush()
	if c.Notes != "" {
		fmt.Fprintf(w, "  Notes:\n    %s\n", strings.ReplaceAll(c.Notes, "\n", "\n    "))
	}
}

func printTimeline(w io.Writer, history []store.Entry, zone *time.Location) {
	fmt.Fprintln(w, "Timeline")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, e := range history {
		change := ""
		switch {
		case e.From == "" && e.To != "":
			change = e.To.Label()
		case e.From != e.To:
			change = e.From.Label() + " → " + e.To.Label()
		}
		var about []string
		for _, s := range []string{e.Detail, e.Why, e.MessageID} {
			if s != "" {
				about = append(about, s)
			}
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", owner(zone).Stamp(e.At), entryText(e), change, strings.Join(about, " · "))
	}
	tw.Flush()
}
