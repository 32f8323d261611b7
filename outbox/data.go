package outbox

import (
	"context"
	"errors"
	"time"

	"rapport/store"
	"rapport/templates"
)

// Person returns the template fields of a stored contact.
func Person(c *store.Contact) templates.Person {
	return templates.Person{
		ID: c.ID, Name: c.Name, FirstName: templates.FirstName(c.Name), Email: c.Email,
		Company: c.Company, Role: c.Role, Field: c.Field, Source: c.Source, Notes: c.Notes,
	}
}

// ContactData builds the data a template about c executes with: the owner,
// the contact, who introduced them, the meeting (in the owner's zone and
// theirs) and, when rapport has written to them, the last message of the
// thread. zone is the owner's.
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
	if m := c.State.Meeting; m != nil {
		theirs := zone
		if loc, err := time.LoadLocation(c.TimeZone); c.TimeZone != "" && err == nil {
			theirs = loc
		}
		end := m.End
		if end.IsZero() {
			end = m.Start.Add(30 * time.Minute)
		}
		d.Meeting = &templates.Meeting{Start: m.Start.In(zone), End: end.In(zone), ContactStart: m.Start.In(theirs), Place: m.Place}
	}
	last, err := lastSent(ctx, tx, c.ID)
	if err != nil {
		return d, err
	}
	if last != nil {
		from := owner.Name
		d.Thread = &templates.Thread{Subject: last.Subject, From: from, Date: last.Sent.In(zone), Body: last.Body}
	}
	return d, nil
}

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
