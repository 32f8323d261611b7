package outbox

import (
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
)

// Record is an outbox message as scripts see it: rapport outbox list
// --json and outbox show --json. Times are RFC 3339 in UTC. Its JSON
// names are a promise to the owner's scripts: add fields, never rename
// one.
type Record struct {
	ID           int64      `json:"id"`
	ContactID    int64      `json:"contact_id,omitempty"`
	Template     string     `json:"template"`
	Audience     string     `json:"audience"`
	Notice       bool       `json:"notice"`
	Status       string     `json:"status"`
	MessageID    string     `json:"message_id"`
	InReplyTo    string     `json:"in_reply_to,omitempty"`
	References   []string   `json:"references,omitempty"`
	To           string     `json:"to"`
	Cc           string     `json:"cc,omitempty"`
	Bcc          string     `json:"bcc,omitempty"`
	ReplyTo      string     `json:"reply_to,omitempty"`
	Subject      string     `json:"subject"`
	Body         string     `json:"body"`
	Placeholders []string   `json:"placeholders,omitempty"`
	Nudge        int        `json:"nudge,omitempty"`
	About        int64      `json:"about,omitempty"`
	NotBefore    *time.Time `json:"not_before,omitempty"`
	Attempts     int        `json:"attempts"`
	LastError    string     `json:"last_error,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	SentAt       *time.Time `json:"sent_at,omitempty"`
}

// NewRecord returns o as a Record; Placeholders are those its body still
// holds (see templates.Placeholders).
func NewRecord(o *store.Outgoing) Record {
	opt := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		u := t.UTC()
		return &u
	}
	return Record{
		ID: o.ID, ContactID: o.ContactID, Template: o.Template, Audience: o.Audience,
		Notice: o.Audience == store.AudienceOwner, Status: o.Status, MessageID: o.MessageID,
		InReplyTo: o.InReplyTo, References: o.Refs, To: o.To, Cc: o.Cc, Bcc: o.Bcc, ReplyTo: o.ReplyTo,
		Subject: o.Subject, Body: o.Body, Placeholders: templates.Placeholders(o.Body),
		Nudge: o.Nudge, About: o.About, NotBefore: opt(o.NotBefore), Attempts: o.Attempts,
		LastError: o.LastError, CreatedAt: o.Created.UTC(), UpdatedAt: o.Updated.UTC(), SentAt: opt(o.Sent),
	}
}
