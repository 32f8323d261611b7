package contacts

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"rapport/internal/ascii"
	"rapport/outbox"
	"rapport/store"
	"rapport/workflow"
)

// placeholderLearned is the placeholder of the default thank-you that the
// debrief fills.
const placeholderLearned = "[what I learned]"

// maxLearned bounds the words taken from the debrief into the thank-you.
const maxLearned = 400

// addressish finds the addresses a line names: "Ana Ruiz <ana@x.org>",
// "ana@x.org".
var addressish = regexp.MustCompile(`(?:[^<>,;:()"\n]*<[^<>\s]+@[^<>\s]+>)|[^\s<>,;:()"]+@[^\s<>,;:()"]+\.[A-Za-z]{2,}`)

// Debrief keeps the owner's answer to the debrief notice about contact id:
// the answer goes on the contact's timeline and into their notes; each
// person it names with an address becomes a contact introduced by this one
// (the referral chain grows), drafted like any new contact; and its first
// lines fill the "what I learned" part of the pending thank-you, which is
// then offered again for approval (or, in direct mode and with nothing
// left to fill, queued).
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
	if learned := learnedPart(learnedAnswer(text, answer)); learned != "" {
		if err := ctl.fillThankYou(ctx, tx, o, c, learned, now); err != nil {
			return nil, err
		}
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

// learnedPart is what fills the thank-you: the first paragraph of the
// answer without the lines that name people, cut to maxLearned, its first
// letter lowered (it follows "What stayed with me most was") unless it
// starts a name or "I", and without a final full stop.
func learnedPart(answer string) string {
	var words []string
	for _, line := range strings.Split(answer, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			if len(words) > 0 {
				break
			}
			continue
		}
		if strings.Contains(t, "@") || strings.HasSuffix(t, "?") {
			continue // a person, or the question itself
		}
		words = append(words, strings.Fields(strings.TrimLeft(t, "-*• "))...)
	}
	s := strings.Join(words, " ")
	if r := []rune(s); len(r) > maxLearned {
		s = string(r[:maxLearned-1]) + "…"
	}
	s = strings.TrimRight(s, ". ")
	first, size := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[size:])
	if unicode.IsUpper(first) && unicode.IsLower(next) && !strings.HasPrefix(s, "I ") {
		s = string(unicode.ToLower(first)) + s[size:]
	}
	// A placeholder in the answer would be read as one still to fill.
	return strings.NewReplacer("[", "(", "]", ")").Replace(s)
}

// fillThankYou puts learned into the contact's pending thank-you.
func (ctl *Controller) fillThankYou(ctx context.Context, tx *store.Tx, o *Outcome, c *store.Contact, learned string, now time.Time) error {
	drafts, err := tx.ListOutbox(ctx, store.OutboxFilter{ContactID: c.ID, Audience: store.AudienceContact,
		Statuses: []string{store.OutboxDraft}})
	if err != nil {
		return err
	}
	for _, d := range drafts {
		if d.Template != workflow.TemplateThankYou || !strings.Contains(d.Body, placeholderLearned) {
			continue
		}
		body := strings.Replace(d.Body, placeholderLearned, learned, 1)
		edited, err := outbox.Edit(ctx, tx, d.ID, nil, &body, now)
		if err != nil {
			return err
		}
		if ctl.Config.Workflow.SendMode == "direct" {
			if _, err := outbox.Approve(ctx, tx, d.ID, nil, nil, now); err == nil {
				if ctl.Kick != nil {
					tx.OnCommit(ctl.Kick)
				}
				o.ok("", fmt.Sprintf("%s: the thank-you now says what you learned, and is queued", label(c)))
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
		o.ok("", fmt.Sprintf("%s: the thank-you now says what you learned; approve it by answering the notice that follows", label(c)))
		return nil
	}
	return nil
}

func isPlaceholder(err error) bool {
	var ph *outbox.PlaceholderError
	return errors.As(err, &ph)
}
