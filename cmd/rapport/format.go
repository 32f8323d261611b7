package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rapport-mail/rapport/internal/when"
	"github.com/rapport-mail/rapport/store"
)

// Every time the command line prints follows package when's rule: in the
// owner's zone (the session's), labelled with the zone, and, for a time
// about a contact's day, their local time beside it when their clock
// reads otherwise. JSON keeps RFC 3339 (writeJSON).

// owner returns the rule for times about no one in particular: records,
// problems, the outbox's own times.
func owner(zone *time.Location) when.Rule { return when.Owner(zone) }

// forContact returns the rule for times about c's day: their meeting,
// their next step. c may be nil.
func forContact(zone *time.Location, c *store.Contact) when.Rule {
	if c == nil {
		return when.Owner(zone)
	}
	return when.Owner(zone).For(when.Contact(c.Name, c.TimeZone))
}

func nameAndEmail(c *store.Contact) string {
	if c.Email == "" {
		return c.Name
	}
	return fmt.Sprintf("%s <%s>", c.Name, c.Email)
}

// nextText describes the contact's next step in a few words, with its
// time as forContact prints it: "nudge Tue 8 Dec 15:00 CET (09:00 EST for
// Jane)".
func nextText(c *store.Contact, zone *time.Location) string {
	n := c.State.Next()
	if n.What == "" || n.At.IsZero() {
		return n.What
	}
	return n.What + " " + forContact(zone, c).Short(n.At)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// entryText renders a history entry's kind for the timeline.
func entryText(e store.Entry) string {
	return strings.ReplaceAll(e.Kind, "_", " ")
}

// oneLine shortens s to at most n runes for a table cell.
func oneLine(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// fields writes "  Label:  value" lines, aligned, leaving out empty
// values; flush writes them.
func fields(w io.Writer) (line func(label, value string), flush func() error) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	return func(label, value string) {
		if value != "" {
			fmt.Fprintf(tw, "  %s:\t%s\n", label, value)
		}
	}, tw.Flush
}
