package digest

import (
	"context"
	"fmt"

	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// held lists the contacts whose follow-ups wait for the owner's word
// because someone at their company answered (the 3B7 routine), each with
// go on and hold: until the owner answers, nothing more is sent to them,
// so the digest asks every day.
func (b *builder) held(ctx context.Context) (templates.DigestGroup, error) {
	list, err := b.tx.HeldContacts(ctx)
	if err != nil {
		return templates.DigestGroup{}, err
	}
	var by []int64
	for _, c := range list {
		by = append(by, c.State.HeldBy)
	}
	if err := b.contacts(ctx, by); err != nil {
		return templates.DigestGroup{}, err
	}
	var items []templates.DigestItem
	for i := range list {
		c := &list[i]
		who := fmt.Sprintf("#%d", c.State.HeldBy)
		if o := b.names[c.State.HeldBy]; o != nil {
			who = fmt.Sprintf("%s (#%d)", o.Name, o.ID)
		}
		it := item(c, fmt.Sprintf("%s, at the same company, answered %s: follow up with them as planned, or leave them be?",
			who, b.when(c, c.State.HeldAt)))
		act(&it, workflow.VerbGoOn, workflow.VerbHold)
		items = append(items, it)
	}
	return b.capped("held", "Waiting for your word since a colleague answered", items, len(list)), nil
}
