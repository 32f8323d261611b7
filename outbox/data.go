package outbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/internal/textclean"
	"github.com/rapport-mail/rapport/internal/when"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// Person returns the template fields of a stored contact. A name stored
// RFC 2047-encoded (by an older rapport, or an import) is decoded first,
// so that its first name can be found.
func Person(c *store.Contact) templates.Person {
	name := textclean.Name(c.Name)
	return templates.Person{
		ID: c.ID, Name: name, FirstName: templates.FirstName(name), Email: c.Email,
		Company: c.Company, Role: c.Role, Field: c.Field, Source: c.Source, Notes: c.Notes,
	}
}

// ContactData builds the data a template about c executes with: the owner,
// the contact, who introduced them, whom they suggested (the contacts
// they introduced), the meeting (in the owner's zone and theirs) and,
// when rapport has written to them, the last message of the thread. zone
// is the owner's. What the owner learned (.Learned) is the caller's: only
// a debrief knows it.
func ContactData(ctx context.Context, tx *store.Tx, c *store.Contact, owner templates.Owner, zone *time.Location) (templates.Data, error) {
	d := templates.Data{Owner: owner, Contact: Person(c)}
	if c.IntroducedBy != 0 {
		ic, err := tx.Contact(ctx, c.IntroducedBy)
		switch {
		case err == nil:
			p := Person(ic)
			d.IntroducedBy = &p
		case !errors.Is(err, store.ErrNotFound):
			return d, err
		}
	}
	d.Meeting = MeetingData(c, c.State.Meeting, zone)
	suggested, err := tx.ContactsIntroducedBy(ctx, c.ID)
	if err != nil {
		return d, err
	}
	for i := range suggested {
		d.Suggested = append(d.Suggested, Person(&suggested[i]))
	}
	conv, err := tx.Conversation(ctx, c.ID, conversationRead)
	if err != nil {
		return d, err
	}
	var others []store.Address
	for _, m := range conv {
		if m.Kind == "bounce" {
			continue
		}
		t := templates.Thread{Subject: m.Subject, From: owner.Name, Body: m.Text}
		if m.Direction == store.DirectionIn {
			// For the owner's eyes and quotes, not a header: no encoded words.
			t.From = textclean.Mailbox(c.Name, m.Sender)
			if m.Sender != "" && !ascii.EqualFold(m.Sender, c.Email) && others == nil {
				if others, err = tx.Addresses(ctx, c.ID); err != nil {
					return d, err
				}
			}
			t.Sender = senderNote(c, m.Sender, others)
		}
		at := m.Date
		if at.IsZero() || m.Direction == store.DirectionOut {
			at = m.Recorded
		}
		t.Date = at.In(zone)
		d.Messages = append(d.Messages, t)
	}
	if n := len(d.Messages); n > conversationShown {
		d.Messages = d.Messages[n-conversationShown:]
	}
	if n := len(d.Messages); n > 0 {
		last := d.Messages[n-1]
		d.Thread = &last
	}
	return d, nil
}

// TemplateData returns the data template name executes with for contact
// c, as the Drafter builds it when it writes that template: ContactData
// and, for mail to the contact, nudge (which follow-up it is) and the
// thread it answers: for intro_reply the mail that introduced them, which
// it also returns (nil when there is none); for nudge and thank_you the
// last message of the conversation; the others start a new one, with no
// thread. A notice keeps the thread. What only the moment of writing
// knows (.Draft, .Bounce, .Receipt, .Digest) is left to the caller.
func TemplateData(ctx context.Context, tx *store.Tx, c *store.Contact, name string, nudge int, owner templates.Owner, zone *time.Location) (templates.Data, *store.Introduction, error) {
	data, err := ContactData(ctx, tx, c, owner, zone)
	if err != nil || !templates.ToContact(name) {
		return data, nil, err
	}
	data.Nudge = nudge
	switch name {
	case workflow.TemplateNudge, workflow.TemplateThankYou:
	case workflow.TemplateIntroReply:
		in, err := tx.Introduction(ctx, c.ID)
		switch {
		case err == nil:
			// The sender was stored as a header writes it, encoded words
			// and all.
			data.Thread = &templates.Thread{Subject: in.Subject, From: textclean.Name(in.Sender), Date: in.Date.In(zone), Body: in.Body}
			return data, in, nil
		case !errors.Is(err, store.ErrNotFound):
			return data, nil, err
		}
		data.Thread = nil
	default:
		data.Thread = nil // a new conversation
	}
	return data, nil, nil
}

// conversationRead is how many recorded messages ContactData reads, and
// conversationShown how many of them (bounces left out) templates get.
const (
	conversationRead  = 6
	conversationShown = 3
)

// lastSent returns the last message sent to the contact, or nil.
func lastSent(ctx context.Context, tx *store.Tx, contactID int64) (*store.Outgoing, error) {
	sent, err := tx.ListOutbox(ctx, store.OutboxFilter{ContactID: contactID, Audience: store.AudienceContact, Statuses: []string{store.OutboxSent}})
	if err != nil || len(sent) == 0 {
		return nil, err
	}
	last := sent[0]
	for _, o := range sent[1:] {
		if !o.Sent.Before(last.Sent) {
			last = o
		}
	}
	return &last, nil
}

// MeetingData returns the template fields of meeting m with contact c
// (nil for none), in the owner's zone and theirs.
func MeetingData(c *store.Contact, m *workflow.Meeting, zone *time.Location) *templates.Meeting {
	if m == nil {
		return nil
	}
	theirs := zone
	if c != nil && c.TimeZone != "" {
		if loc, err := time.LoadLocation(c.TimeZone); err == nil {
			theirs = loc
		}
	}
	end := m.End
	if end.IsZero() {
		end = m.Start.Add(30 * time.Minute)
	}
	var who when.Person
	if c != nil {
		who = when.Contact(c.Name, c.TimeZone)
	}
	return &templates.Meeting{Start: m.Start.In(zone), End: end.In(zone), ContactStart: m.Start.In(theirs), Place: m.Place,
		When: when.Owner(zone).For(who).Span(m.Start, end)}
}

// senderNote says who wrote a contact's message from an address other
// than the one rapport writes to (see templates.Thread.Sender).
func senderNote(c *store.Contact, sender string, others []store.Address) string {
	if sender == "" || ascii.EqualFold(sender, c.Email) {
		return ""
	}
	for _, a := range others {
		if ascii.EqualFold(a.Address, sender) {
			return fmt.Sprintf("from %s, now one of their addresses; if it is not theirs, reply: forget %s", sender, sender)
		}
	}
	return fmt.Sprintf("from %s, who wrote in their thread (a colleague, or someone they passed it on to)", sender)
}
