package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
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
	if n.What == "" {
		return ""
	}
	if n.At.IsZero() {
		return n.What
	}
	return n.What + " " + n.At.In(zone).Format("Mon 2 Jan 15:04")
}

// contactJSON is a contact as scripts see it (list --json, show --json,
// export --format json). Times are RFC 3339 in UTC.
type contactJSON struct {
	ID           int64                `json:"id"`
	Name         string               `json:"name"`
	Email        string               `json:"email,omitempty"`
	Company      string               `json:"company,omitempty"`
	Role         string               `json:"role,omitempty"`
	Field        string               `json:"field,omitempty"`
	Source       string               `json:"source,omitempty"`
	URL          string               `json:"url,omitempty"`
	IntroducedBy int64                `json:"introduced_by,omitempty"`
	TimeZone     string               `json:"time_zone,omitempty"`
	Notes        string               `json:"notes,omitempty"`
	Tags         []string             `json:"tags,omitempty"`
	Status       workflow.Status      `json:"status"`
	Stage        workflow.Stage       `json:"stage"`
	PausedFrom   workflow.Status      `json:"paused_from,omitempty"`
	Nudges       int                  `json:"nudges,omitempty"`
	Meeting      *meetingJSON         `json:"meeting,omitempty"`
	NextAction   string               `json:"next_action,omitempty"`
	NextActionAt *time.Time           `json:"next_action_at,omitempty"`
	Timers       map[string]time.Time `json:"timers,omitempty"`
	CreatedAt    time.Time            `json:"created_at"`
	UpdatedAt    time.Time            `json:"updated_at"`
	History      []entryJSON          `json:"history,omitempty"`
}

type meetingJSON struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Place string    `json:"place,omitempty"`
}

type entryJSON struct {
	At        time.Time       `json:"at"`
	Kind      string          `json:"kind"`
	From      workflow.Status `json:"from,omitempty"`
	To        workflow.Status `json:"to,omitempty"`
	Why       string          `json:"why,omitempty"`
	Detail    string          `json:"detail,omitempty"`
	MessageID string          `json:"message_id,omitempty"`
	Source    string          `json:"source,omitempty"`
}

func toJSON(c *store.Contact, history []store.Entry) contactJSON {
	s := c.State
	j := contactJSON{
		ID: c.ID, Name: c.Name, Email: c.Email, Company: c.Company, Role: c.Role, Field: c.Field,
		Source: c.Source, URL: c.URL, IntroducedBy: c.IntroducedBy, TimeZone: c.TimeZone,
		Notes: c.Notes, Tags: c.Tags, Status: s.Status, Stage: s.Status.Stage(),
		PausedFrom: s.PausedFrom, Nudges: s.Nudges,
		CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC(),
	}
	if m := s.Meeting; m != nil {
		j.Meeting = &meetingJSON{Start: m.Start.UTC(), End: m.End.UTC(), Place: m.Place}
	}
	if n := s.Next(); n.What != "" {
		j.NextAction = n.What
		if !n.At.IsZero() {
			at := n.At.UTC()
			j.NextActionAt = &at
		}
	}
	for k, at := range s.Timers {
		if j.Timers == nil {
			j.Timers = map[string]time.Time{}
		}
		j.Timers[string(k)] = at.UTC()
	}
	for _, e := range history {
		j.History = append(j.History, entryJSON{At: e.At.UTC(), Kind: e.Kind, From: e.From, To: e.To,
			Why: e.Why, Detail: e.Detail, MessageID: e.MessageID, Source: e.Source})
	}
	return j
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
