package contacts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/mail/command"
	"github.com/rapport-mail/rapport/mail/intro"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
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

// draftRequest drafts the first mail to a contact added by mail (see
// Tracker.DraftRequest) and says what happened, for the receipt; a
// refusal is said, not returned.
func (ctl *Controller) draftRequest(ctx context.Context, tx *store.Tx, c *store.Contact, intro bool, now time.Time) []string {
	what := "request"
	if intro {
		what = "reply to the introduction"
	}
	o, err := ctl.Tracker.DraftRequest(ctx, tx, c, intro, "added by mail", now, store.SourceMail)
	var refused *workflow.TransitionError
	switch {
	case errors.Is(err, ErrNoAddress):
		return []string{"no address, so no request drafted"}
	case errors.As(err, &refused):
		return []string{"no " + what + " drafted: " + refused.Reason}
	case err != nil:
		// A template that cannot be written for this contact: the contact
		// stays, in new, and the owner drafts again once it is fixed.
		return []string{fmt.Sprintf("no %s drafted: %v (fix it, then run rapport draft #%d)", what, err, c.ID)}
	case o != nil && o.Status == store.OutboxApproved:
		return []string{what + " queued: it goes out in the send window unless you write skip #" + fmt.Sprint(c.ID)}
	}
	return []string{what + " drafted: approve it by answering the notice that follows, or write send #" + fmt.Sprint(c.ID)}
}

// companyFor guesses a company from an address's domain, "" for webmail.
func companyFor(email string) string { return intro.Company(email) }
