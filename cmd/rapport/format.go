package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"rapport/store"
	"rapport/workflow"
)

// Layouts for times shown to people, always in the owner's zone.
const (
	dayLayout   = "Mon 2 Jan 2006"
	whenLayout  = "Mon 2 Jan 2006 15:04 MST"
	stampLayout = "2006-01-02 15:04"
)

func nameAndEmail(c *store.Contact) string {
	if c.Email == "" {
		return c.Name
	}
	return fmt.Sprintf("%s <%s>", c.Name, c.Email)
}

// nextText describes the contact's next step in a few words.
func nextText(s workflow.State, zone *time.Location) string {
	n := s.Next()
	if n.What == "" || n.At.IsZero() {
		return n.What
	}
	return n.What + " " + n.At.In(zone).Format("Mon 2 Jan 15:04")
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
