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
// that the owner then drafts. With via, the contact who suggested them is
// their introducer (the request names them) and keeps a "suggested" entry
// in their own history; a via that names no single contact changes
// nothing.
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
	req := AddRequest{Contact: want, Existing: Refuse, Note: cmd.Fields["note"], Source: store.SourceMail, Why: "added by mail"}
	var by *store.Contact
	if !cmd.Via.IsZero() {
		var err error
		if by, err = ctl.via(ctx, tx, o, cmd); err != nil || by == nil {
			return err
		}
		req.Contact.IntroducedBy = by.ID
		if req.Contact.Field == "" {
			req.Contact.Field = by.Field
		}
		if req.Contact.Source == "" {
			req.Contact.Source = "a suggestion from " + short(by.Name, 80)
		}
		req.Referral = referralVerb
		req.Why = fmt.Sprintf("added by mail, suggested by #%d", by.ID)
	}
	added, err := ctl.Tracker.AddContact(ctx, tx, req, now)
	var dup *store.DuplicateError
	if errors.As(err, &dup) && added != nil {
		o.about(added.Contact.ID)
		if by != nil {
			return ctl.suggestedKnown(ctx, tx, o, cmd.Raw, added.Contact, by, now)
		}
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
	what := fmt.Sprintf("%s <%s> added", label(c), short(c.Email, 80))
	if by != nil {
		what += ", suggested by " + label(by)
	}
	o.ok(cmd.Raw, what, ctl.draftRequest(ctx, tx, c, false, now)...)
	return nil
}

// referralVerb is the word of the entry a via writes in the suggester's
// history: "suggested Maria López", as a debrief's suggestions.
const referralVerb = "suggested"

// via finds the contact an add's via names. When none or several match
// it adds the failed line, naming the via, and returns nil.
func (ctl *Controller) via(ctx context.Context, tx *store.Tx, o *Outcome, cmd command.Command) (*store.Contact, error) {
	query := cmd.Via.Query
	if cmd.Via.ID != 0 {
		query = fmt.Sprintf("#%d", cmd.Via.ID)
	}
	by, err := Find(ctx, tx, query)
	var fe *FindError
	switch {
	case !errors.As(err, &fe):
		return by, err
	case fe.ByID && len(fe.Matches) == 0:
		o.fail(cmd.Raw, fmt.Sprintf("via %s: there is no contact %s, so no one was added", short(query, 60), short(query, 60)),
			"check the number in the notice or the digest, or write the add without via")
	case len(fe.Matches) == 0:
		o.fail(cmd.Raw, fmt.Sprintf("via %s: no contact has that address, so no one was added", short(query, 80)),
			"write the #id of the contact who suggested them, as in via #9")
	default:
		o.fail(cmd.Raw, fmt.Sprintf("via %s: %d contacts match, so no one was added", short(query, 80), len(fe.Matches)),
			fmt.Sprintf("write the #id instead, as in via #%d", fe.Matches[0].ID))
	}
	return nil, nil
}

// suggestedKnown records that by suggested c, who is already a contact:
// by becomes c's introducer unless c has one (the first is kept), and by's
// history says whom they suggested. No request is drafted: c's own
// workflow goes on.
func (ctl *Controller) suggestedKnown(ctx context.Context, tx *store.Tx, o *Outcome, raw string, c, by *store.Contact, now time.Time) error {
	if by.ID == c.ID {
		o.fail(raw, fmt.Sprintf("%s cannot have suggested themselves", label(by)), "write the #id of the contact whose mail named them")
		return nil
	}
	linked, err := LinkIntroducer(ctx, tx, c, by.ID, now)
	if err != nil {
		return err
	}
	ref := workflow.Event{Kind: workflow.EventReferralAdded, Referral: c.ID, Why: referralVerb + " " + shortName(c.Name)}
	if _, err := ctl.Tracker.Apply(ctx, tx, by, ref, now, store.SourceMail); err != nil {
		var refused *workflow.TransitionError
		if !errors.As(err, &refused) {
			return err
		}
	}
	o.Changed = true
	what := fmt.Sprintf("%s is already a contact (%s): noted as suggested by %s", label(c), c.State.Status.Label(), label(by))
	if !linked && c.IntroducedBy != by.ID {
		what += fmt.Sprintf("; #%d stays their introducer", c.IntroducedBy)
	}
	o.ok(raw, what)
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
