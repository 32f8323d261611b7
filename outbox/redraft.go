package outbox

import (
	"context"
	"fmt"
	"strings"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// PlaceholderLearned is the placeholder of the default thank-you that the
// owner's debrief fills: what they learned.
const PlaceholderLearned = "[what I learned]"

// Redraft writes the thank-you draft o again now that the owner's debrief
// has come: learned is what they learned, as [templates.Learned] gives it
// ("" when their words cannot be quoted), and whom the contact suggested
// is read from tx (the referrals the debrief just added among them).
//
// A draft the owner has not edited since it was written is rendered anew
// from the thank_you template, so that the words that depend on the
// debrief (what stayed with them, the people suggested) read as the
// template says. In a draft the owner edited, their text is kept, and
// only a [what I learned] they left is replaced by learned.
//
// It stores the new text as an edit and returns the row as it now is, and
// whether its text changed. Asking for approval again, or approving it,
// is the caller's. It refuses a row that is not a thank-you draft.
func (d *Drafter) Redraft(ctx context.Context, tx *store.Tx, o *store.Outgoing, learned string) (*store.Outgoing, bool, error) {
	if o.Template != workflow.TemplateThankYou || o.Status != store.OutboxDraft {
		return nil, false, fmt.Errorf("redraft outbox %d: it is a %s %s, not a thank-you draft", o.ID, o.Status, o.Template)
	}
	subject, body := o.Subject, o.Body
	if o.Updated.Equal(o.Created) {
		c, err := tx.Contact(ctx, o.ContactID)
		if err != nil {
			return nil, false, err
		}
		data, _, err := TemplateData(ctx, tx, c, o.Template, o.Nudge, OwnerData(d.Config), d.Config.Location())
		if err != nil {
			return nil, false, err
		}
		data.Learned = learned
		set, err := d.Templates()
		if err != nil {
			return nil, false, err
		}
		msg, err := set.Render(o.Template, data)
		if err != nil {
			return nil, false, fmt.Errorf("%w (fix the template, then run rapport templates check)", err)
		}
		subject, body = msg.Subject, msg.Body
	}
	body, _ = FillLearned(body, learned)
	if subject == o.Subject && body == o.Body {
		return o, false, nil
	}
	var newSubject *string
	if subject != o.Subject {
		newSubject = &subject
	}
	edited, err := Edit(ctx, tx, o.ID, newSubject, &body, d.now())
	if err != nil {
		return nil, false, err
	}
	return edited, true, nil
}

// FillLearned replaces the first [what I learned] in body with learned,
// the words [templates.Learned] gives, and reports whether it did; it
// leaves body as it is when learned is "" or the placeholder is gone. A
// full stop right after the placeholder is not doubled.
func FillLearned(body, learned string) (string, bool) {
	i := strings.Index(body, PlaceholderLearned)
	if learned == "" || i < 0 {
		return body, false
	}
	rest := body[i+len(PlaceholderLearned):]
	if strings.HasPrefix(rest, ".") {
		learned = strings.TrimSuffix(learned, ".")
	}
	return body[:i] + learned + rest, true
}
