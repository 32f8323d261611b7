package contacts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"rapport/internal/ascii"
	"rapport/mail/command"
	"rapport/mail/intro"
	"rapport/store"
	"rapport/workflow"
)

// add records the contact an add command names and drafts the request
// (or queues it, in direct mode): the same start as an imported contact
// that the owner then drafts.
func (ctl *Controller) add(ctx context.Context, tx *store.Tx, o *Outcome, cmd command.Command, now time.Time) error {
	email := ascii.Lower(cmd.Email)
	want := store.Contact{
		Name: cmd.Name, Email: email,
		Company: cmd.Fields["company"], Role: cmd.Fields["role"], Field: cmd.Fields["field"],
		Source: cmd.Fields["source"], TimeZone: cmd.Fields["tz"],
	}
	if want.Company == "" {
		want.Company = companyFor(email)
	}
	added, err := ctl.Tracker.AddContact(ctx, tx, AddRequest{Contact: want, Existing: Refuse,
		Note: cmd.Fields["note"], Source: store.SourceMail, Why: "added by mail"}, now)
	var dup *store.DuplicateError
	if errors.As(err, &dup) && added != nil {
		o.about(added.Contact.ID)
		o.fail(cmd.Raw, fmt.Sprintf("%s already has %s", label(added.Contact), short(email, 80)),
			fmt.Sprintf("write note #%d … to add to what rapport knows", added.Contact.ID))
		return nil
	}
	if err != nil {
		return err
	}
	c := added.Contact
	o.about(c.ID)
	o.Changed = true
	o.ok(cmd.Raw, fmt.Sprintf("%s <%s> added", label(c), short(c.Email, 80)), ctl.draftRequest(ctx, tx, c, false, now)...)
	return nil
}

// draftRequest writes the first mail to a new contact: the request, or
// with intro the answer to their introduction. It returns what happened,
// for the receipt; a refusal is said, not returned.
func (ctl *Controller) draftRequest(ctx context.Context, tx *store.Tx, c *store.Contact, intro bool, now time.Time) []string {
	if c.Email == "" {
		return []string{"no address, so no request drafted"}
	}
	what := "request"
	if intro {
		what = "reply to the introduction"
	}
	before := c.State.Clone()
	err := tx.Savepoint(ctx, func() error {
		_, err := ctl.Tracker.Apply(ctx, tx, c, workflow.Event{Kind: workflow.EventRequestDrafted, Intro: intro, Why: "added by mail"}, now, store.SourceMail)
		return err
	})
	if err != nil {
		c.State = before
	}
	var refused *workflow.TransitionError
	switch {
	case errors.As(err, &refused):
		return []string{"no " + what + " drafted: " + refused.Reason}
	case err != nil:
		// A template that cannot be written for this contact: the contact
		// stays, in new, and the owner drafts again once it is fixed.
		return []string{fmt.Sprintf("no %s drafted: %v (fix it, then run rapport draft #%d)", what, err, c.ID)}
	}
	if ctl.Config.Workflow.SendMode == "direct" {
		return []string{what + " queued: it goes out in the send window unless you write skip #" + fmt.Sprint(c.ID)}
	}
	return []string{what + " drafted: approve it by answering the notice that follows, or write send #" + fmt.Sprint(c.ID)}
}

// companyFor guesses a company from an address's domain, "" for webmail.
func companyFor(email string) string { return intro.Company(email) }
