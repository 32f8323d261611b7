package contacts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/mail/command"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// maxCandidates is how many contacts an ambiguous name lists.
const maxCandidates = 8

// Commands reads the commands in a mail's subject and text and applies
// them in order, each line on its own: a line that fails changes nothing
// and does not stop the others. scope is the contact of the notice the
// mail answers, 0 for none. subject is "" when it must not be read (the
// mail answers a notice: its subject is the notice's).
func (ctl *Controller) Commands(ctx context.Context, tx *store.Tx, subject, text string, scope int64, now time.Time) (*Outcome, error) {
	o := &Outcome{}
	cmds, errs := command.Parse(subject, text, command.Options{Zone: ctl.zone(), Scope: scope, Now: now})
	if len(cmds) == 0 && len(errs) == 0 {
		o.fail("", "rapport found no command in your mail", "write one command per line at the top, such as met #12")
		o.Help = true
		return o, nil
	}
	// Errors and commands come back apart; put them in the owner's order.
	ei := 0
	flush := func(line int) {
		for ; ei < len(errs) && errs[ei].Line < line; ei++ {
			e := errs[ei]
			o.fail(e.Raw, e.Msg, e.Hint)
			if strings.HasPrefix(e.Msg, "unknown command") {
				o.Help = true
			}
		}
	}
	for _, c := range cmds {
		if c.Line > 0 {
			flush(c.Line)
		}
		if err := ctl.run(ctx, tx, o, c, now); err != nil {
			return nil, err
		}
	}
	flush(int(^uint(0) >> 1))
	return o, nil
}

// run carries out one command.
func (ctl *Controller) run(ctx context.Context, tx *store.Tx, o *Outcome, cmd command.Command, now time.Time) error {
	raw := cmd.Raw
	switch cmd.Verb {
	case command.VerbHelp:
		o.ok(raw, "the commands rapport understands are below")
		o.Help = true
		return nil
	case command.VerbAdd:
		return ctl.add(ctx, tx, o, cmd, now)
	case command.VerbList:
		return ctl.list(ctx, tx, o, cmd)
	case command.VerbStatus:
		if cmd.Who.IsZero() {
			return ctl.statusAll(ctx, tx, o, raw)
		}
	}
	c, err := ctl.resolve(ctx, tx, o, cmd)
	if err != nil || c == nil {
		return err
	}
	o.about(c.ID)
	switch cmd.Verb {
	case command.VerbStatus:
		o.ok(raw, statusLine(c, ctl.zone()), ctl.statusDetails(ctx, tx, c)...)
		return nil
	case command.VerbNote:
		if err := ctl.Tracker.Note(ctx, tx, c, cmd.Text, now, store.SourceMail); err != nil {
			return err
		}
		o.Changed = true
		o.ok(raw, fmt.Sprintf("%s: note kept", label(c)))
		return nil
	case command.VerbSend, command.VerbSkip:
		return ctl.decide(ctx, tx, o, cmd, c, now)
	case command.VerbForget:
		return ctl.forget(ctx, tx, o, cmd, c, now)
	case command.VerbGood:
		return ctl.good(ctx, tx, o, cmd, c, now)
	case command.VerbDraft:
		lines := ctl.draftRequest(ctx, tx, c, false, now)
		if c.State.Status == workflow.StatusDrafted {
			o.Changed = true
			o.ok(raw, label(c), lines...)
		} else {
			o.fail(raw, label(c)+": "+lines[0], "")
		}
		return nil
	}
	m := Mark{Verb: string(cmd.Verb), At: cmd.At, Until: cmd.Until, Tier: cmd.Tier, Why: "by mail: " + short(raw, 100)}
	if cmd.Verb == command.VerbSnooze {
		// Nothing happens for the contact until then: a pause that ends
		// by itself, with the timers shifted by as much.
		m.Verb, m.Until = workflow.VerbPause, now.Add(cmd.Snooze)
	}
	ev, ok := m.Event(c)
	if !ok {
		o.fail(raw, fmt.Sprintf("rapport cannot carry out %s by mail", cmd.Verb), "write help for the list of commands")
		return nil
	}
	return ctl.apply(ctx, tx, o, raw, c, ev, now)
}

// resolve finds the contact cmd names. When none or several match, it
// adds the failed line and returns nil.
func (ctl *Controller) resolve(ctx context.Context, tx *store.Tx, o *Outcome, cmd command.Command) (*store.Contact, error) {
	raw, query := cmd.Raw, cmd.Who.Query
	if cmd.Who.ID != 0 {
		query = fmt.Sprintf("#%d", cmd.Who.ID)
	}
	c, err := Find(ctx, tx, query)
	var fe *FindError
	switch {
	case !errors.As(err, &fe):
		return c, err
	case fe.ByID && len(fe.Matches) == 0:
		o.fail(raw, fe.Error(), "check the number in the digest or a notice, or write status for the list")
	case len(fe.Matches) == 0:
		o.fail(raw, fmt.Sprintf("no contact matches %q", short(query, 60)), "write their #id, their email address, or status for the list")
	default:
		var details []string
		for i := range fe.Matches {
			if i == maxCandidates {
				details = append(details, fmt.Sprintf("… and %d more", len(fe.Matches)-i))
				break
			}
			details = append(details, candidate(&fe.Matches[i]))
		}
		o.fail(raw, fmt.Sprintf("%q matches %d contacts, so nothing changed", short(query, 60), len(fe.Matches)),
			fmt.Sprintf("write the #id instead, as in %s #%d", cmd.Verb, fe.Matches[0].ID), details...)
	}
	return nil, nil
}

// candidate describes a contact among several: "#12 Jane Doe <jane@x.org>, Acme (replied)".
func candidate(c *store.Contact) string {
	s := label(c)
	if c.Email != "" {
		s += " <" + short(c.Email, 80) + ">"
	}
	if c.Company != "" {
		s += ", " + short(c.Company, 60)
	}
	return s + " (" + c.State.Status.Label() + ")"
}

// decide approves or withdraws the contact's waiting draft.
func (ctl *Controller) decide(ctx context.Context, tx *store.Tx, o *Outcome, cmd command.Command, c *store.Contact, now time.Time) error {
	drafts, err := tx.ListOutbox(ctx, store.OutboxFilter{ContactID: c.ID, Audience: store.AudienceContact, Statuses: []string{store.OutboxDraft}})
	if err != nil {
		return err
	}
	switch len(drafts) {
	case 0:
		o.fail(cmd.Raw, fmt.Sprintf("%s has no draft waiting for you", label(c)), "")
		return nil
	case 1:
	default:
		o.fail(cmd.Raw, fmt.Sprintf("%s has %d drafts waiting", label(c), len(drafts)), "answer the approval notice of the one you mean with send or skip")
		return nil
	}
	d := drafts[0]
	if cmd.Verb == command.VerbSkip {
		if err := outbox.Skip(ctx, tx, d.ID, now); err != nil {
			return err
		}
		o.Changed = true
		o.ok(cmd.Raw, fmt.Sprintf("%s: %s %q will not be sent", label(c), d.Template, short(d.Subject, 60)))
		return nil
	}
	_, err = outbox.Approve(ctx, tx, d.ID, nil, nil, now)
	var ph *outbox.PlaceholderError
	if errors.As(err, &ph) {
		o.fail(cmd.Raw, fmt.Sprintf("%s: the %s still holds %s", label(c), d.Template, strings.Join(ph.Placeholders, ", ")),
			"reply to its approval notice with your own text, written above the quoted draft")
		return nil
	}
	if err != nil {
		return err
	}
	if ctl.Kick != nil {
		tx.OnCommit(ctl.Kick)
	}
	o.Changed = true
	o.ok(cmd.Raw, fmt.Sprintf("%s: %s %q approved, it goes out in the send window", label(c), d.Template, short(d.Subject, 60)))
	return nil
}

// forget takes back an address rapport learned for c from mail (see
// store.AddAddress): later mail from it is no longer theirs.
func (ctl *Controller) forget(ctx context.Context, tx *store.Tx, o *Outcome, cmd command.Command, c *store.Contact, now time.Time) error {
	err := tx.ForgetAddress(ctx, c.ID, cmd.Email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		o.fail(cmd.Raw, fmt.Sprintf("%s is not one of %s's addresses", cmd.Email, label(c)), fmt.Sprintf("status #%d lists them", c.ID))
		return nil
	case errors.Is(err, store.ErrMainAddress):
		o.fail(cmd.Raw, fmt.Sprintf("%s is the address rapport writes to %s", cmd.Email, label(c)), "correct it with rapport edit, or drop them")
		return nil
	case err != nil:
		return err
	}
	o.Changed = true
	o.ok(cmd.Raw, fmt.Sprintf("%s: %s is no longer one of their addresses", label(c), cmd.Email))
	return tx.AppendHistory(ctx, &store.Entry{ContactID: c.ID, At: now, Kind: store.EntryEdited,
		From: c.State.Status, To: c.State.Status, Why: "by mail: " + short(cmd.Raw, 100),
		Detail: cmd.Email + " forgotten: not one of their addresses", Source: store.SourceMail})
}
