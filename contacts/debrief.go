package contacts

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// addressish finds the addresses a line names: "Ana Ruiz <ana@x.org>",
// "ana@x.org".
var addressish = regexp.MustCompile(`(?:[^<>,;:()"\n]*<[^<>\s]+@[^<>\s]+>)|[^\s<>,;:()"]+@[^\s<>,;:()"]+\.[A-Za-z]{2,}`)

// Debrief keeps the owner's answer to the debrief notice about contact id:
// the answer goes on the contact's timeline and into their notes; each
// person it names with an address becomes a contact introduced by this one
// (the referral chain grows), drafted like any new contact; and the
// pending thank-you is written again with what the owner learned, when
// their words can be quoted to the contact (templates.Learned), and the
// people the contact suggested (outbox.Drafter.Redraft), then offered
// again for approval (or, in direct mode and with nothing left to fill,
// queued). When their words cannot be quoted, the receipt says why and
// the owner writes that part. What they learned is also kept for the
// weekly look back, and a "Good questions: 2, 5" line marks those
// questions of the bank as good with this contact (a number the bank
// lacks is answered on the receipt).
func (ctl *Controller) Debrief(ctx context.Context, tx *store.Tx, id int64, text string, now time.Time) (*Outcome, error) {
	o := &Outcome{}
	c, err := tx.Contact(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		o.fail("", fmt.Sprintf("contact #%d no longer exists", id), "")
		return o, nil
	}
	if err != nil {
		return nil, err
	}
	o.about(c.ID)
	answer := strings.TrimSpace(outbox.Unquoted(text))
	if answer == "" {
		o.fail("", fmt.Sprintf("%s: rapport found no answer in your mail", label(c)), "write your answers above the quoted questions, or between them")
		return o, nil
	}
	if err := ctl.Tracker.Note(ctx, tx, c, "debrief: "+strings.Join(strings.Fields(answer), " "), now, store.SourceMail); err != nil {
		return nil, err
	}
	o.Changed = true
	o.ok("", fmt.Sprintf("%s: your debrief is kept in their notes and timeline", label(c)))
	if err := ctl.referrals(ctx, tx, o, c, answer, now); err != nil {
		return nil, err
	}
	if nums, wrong, found := goodAnswer(answer); found {
		if err := ctl.markGood(ctx, tx, o, "", c, nums, wrong, now); err != nil {
			return nil, err
		}
	}
	said := learnedAnswer(withoutGood(text), withoutGood(answer))
	if note := learnedNote(said); note != "" {
		if err := tx.AddLearned(ctx, &store.Learned{ContactID: c.ID, At: now, Text: note}); err != nil {
			return nil, err
		}
	}
	learned, why := templates.Learned(said, outbox.Person(c))
	if err := ctl.fillThankYou(ctx, tx, o, c, learned, why, now); err != nil {
		return nil, err
	}
	return o, nil
}

// referrals adds the people the answer names with an address.
func (ctl *Controller) referrals(ctx context.Context, tx *store.Tx, o *Outcome, by *store.Contact, answer string, now time.Time) error {
	seen := map[string]bool{ascii.Lower(by.Email): true}
	for _, a := range ctl.ownerAddresses() {
		seen[a] = true
	}
	for _, line := range strings.Split(answer, "\n") {
		for _, m := range addressish.FindAllString(line, -1) {
			addr, err := mail.ParseAddress(strings.TrimLeft(strings.TrimSpace(m), "-*•0123456789. "))
			if err != nil {
				continue
			}
			email := ascii.Lower(addr.Address)
			if seen[email] {
				continue
			}
			seen[email] = true
			p, isNew, err := ctl.referred(ctx, tx, addr, by, now)
			if err != nil {
				return err
			}
			what := "already known (" + p.State.Status.Label() + ")"
			if isNew {
				what = "added, suggested by " + label(by)
			}
			var details []string
			if p.State.Status == workflow.StatusNew {
				details = ctl.draftRequest(ctx, tx, p, false, now)
			}
			ref := workflow.Event{Kind: workflow.EventReferralAdded, Referral: p.ID, Why: "suggested " + short(p.Name, 80)}
			if _, err := ctl.Tracker.Apply(ctx, tx, by, ref, now, store.SourceMail); err != nil {
				var refused *workflow.TransitionError
				if !errors.As(err, &refused) {
					return err
				}
			}
			o.ok("", fmt.Sprintf("%s <%s>: %s", label(p), short(p.Email, 80), what), details...)
		}
	}
	return nil
}

// referred returns the contact with addr's address, or adds them as
// introduced by by.
func (ctl *Controller) referred(ctx context.Context, tx *store.Tx, addr *mail.Address, by *store.Contact, now time.Time) (*store.Contact, bool, error) {
	email := ascii.Lower(addr.Address)
	name := strings.TrimSpace(addr.Name)
	if name == "" {
		name = email
	}
	added, err := ctl.Tracker.AddContact(ctx, tx, AddRequest{
		Contact: store.Contact{Name: short(name, 100), Email: email, Company: companyFor(email), IntroducedBy: by.ID,
			Field: by.Field, Source: "a suggestion from " + short(by.Name, 80)},
		Existing: Refuse, Source: store.SourceMail, Why: "suggested by #" + fmt.Sprint(by.ID) + " in your debrief",
	}, now)
	var dup *store.DuplicateError
	switch {
	case errors.As(err, &dup) && added != nil:
		// Already a contact: the first to suggest them is kept.
		_, err = LinkIntroducer(ctx, tx, added.Contact, by.ID, now)
		return added.Contact, false, err
	case err != nil:
		return nil, false, err
	}
	return added.Contact, added.New, nil
}

// learnedAnswer is the owner's answer to "What did you learn?" when they
// answered between the quoted questions, else their whole answer.
func learnedAnswer(text, answer string) string {
	var lines []string
	taking := false
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(l)
		quoted := strings.HasPrefix(t, ">")
		switch {
		case quoted && strings.Contains(strings.ToLower(t), "what did you learn"):
			taking = true
		case quoted && len(lines) > 0:
			return strings.Join(lines, "\n")
		case taking && !quoted:
			if t == "" && len(lines) > 0 {
				return strings.Join(lines, "\n")
			}
			if t != "" {
				lines = append(lines, t)
			}
		}
	}
	if len(lines) > 0 {
		return strings.Join(lines, "\n")
	}
	return answer
}

// fillThankYou writes the contact's pending thank-you again after their
// debrief (see Debrief) and says so on the receipt: learned is what the
// owner learned, "" when their words cannot be quoted, for the reason why.
func (ctl *Controller) fillThankYou(ctx context.Context, tx *store.Tx, o *Outcome, c *store.Contact, learned, why string, now time.Time) error {
	drafts, err := tx.ListOutbox(ctx, store.OutboxFilter{ContactID: c.ID, Audience: store.AudienceContact,
		Statuses: []string{store.OutboxDraft}})
	if err != nil {
		return err
	}
	for i := range drafts {
		d := &drafts[i]
		if d.Template != workflow.TemplateThankYou {
			continue
		}
		edited, changed, err := ctl.redraft(ctx, tx, d, learned, now)
		if err != nil {
			return err
		}
		still := strings.Contains(edited.Body, outbox.PlaceholderLearned)
		if still && why != "" {
			o.ok("", fmt.Sprintf("%s: the thank-you still needs what you learned, in your words to them: rapport did not quote your answer, which %s", label(c), why))
		}
		if !changed {
			return nil
		}
		what := "the thank-you now says what you learned"
		if still || learned == "" {
			what = "the thank-you now thanks them for the people they suggested"
		}
		if ctl.Config.Workflow.SendMode == "direct" {
			if _, err := outbox.Approve(ctx, tx, d.ID, nil, nil, now); err == nil {
				if ctl.Kick != nil {
					tx.OnCommit(ctl.Kick)
				}
				o.ok("", fmt.Sprintf("%s: %s, and is queued", label(c), what))
				return nil
			} else if !isPlaceholder(err) {
				return err
			}
		}
		if ctl.Drafter != nil {
			if err := ctl.Drafter.AskApproval(ctx, tx, edited); err != nil {
				return err
			}
		}
		o.ok("", fmt.Sprintf("%s: %s; approve it by answering the notice that follows", label(c), what))
		return nil
	}
	return nil
}

// redraft writes the thank-you d again with the Drafter, or, without one,
// only puts learned in place of its placeholder.
func (ctl *Controller) redraft(ctx context.Context, tx *store.Tx, d *store.Outgoing, learned string, now time.Time) (*store.Outgoing, bool, error) {
	if ctl.Drafter != nil {
		return ctl.Drafter.Redraft(ctx, tx, d, learned)
	}
	body, ok := outbox.FillLearned(d.Body, learned)
	if !ok {
		return d, false, nil
	}
	edited, err := outbox.Edit(ctx, tx, d.ID, nil, &body, now)
	return edited, err == nil, err
}

func isPlaceholder(err error) bool {
	var ph *outbox.PlaceholderError
	return errors.As(err, &ph)
}
