package contacts

import (
	"context"
	"fmt"

	"github.com/rapport-mail/rapport/mail/command"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// maxListLines bounds the answer to list: far more than the digest shows
// (it cuts a list at ten), few enough that the receipt stays a mail.
const maxListLines = 1000

// listStatuses are the statuses of the contacts in each list but drafts.
var listStatuses = map[string][]workflow.Status{
	command.ListReplies:   {workflow.StatusReplied},
	command.ListThankYous: {workflow.StatusMet},
	command.ListWaiting:   {workflow.StatusRequested, workflow.StatusNudged},
}

// list answers with the whole of one of the digest's lists, one line a
// contact, in the digest's order: the latest replies first, the longest
// waiting first.
func (ctl *Controller) list(ctx context.Context, tx *store.Tx, o *Outcome, cmd command.Command) error {
	var lines []string
	total := 0
	if cmd.List == command.ListDrafts {
		page, err := tx.OutboxPage(ctx, store.AudienceContact, store.OutboxDraft, maxListLines)
		if err != nil {
			return err
		}
		if total, err = tx.CountOutbox(ctx, store.AudienceContact, store.OutboxDraft); err != nil {
			return err
		}
		ids := make([]int64, len(page))
		for i, d := range page {
			ids[i] = d.ContactID
		}
		found, err := tx.ContactsByID(ctx, ids)
		if err != nil {
			return err
		}
		for _, d := range page {
			who := fmt.Sprintf("#%d", d.ContactID)
			if c, ok := found[d.ContactID]; ok {
				who = label(c)
			}
			lines = append(lines, fmt.Sprintf("%s: %s %q; %s #%d to send it", who, d.Template, short(d.Subject, 60), command.VerbSend, d.ContactID))
		}
	} else {
		statuses, ok := listStatuses[cmd.List]
		if !ok {
			o.fail(cmd.Raw, fmt.Sprintf("there is no list %q", cmd.List), "write help for the lists")
			return nil
		}
		counts, err := tx.CountByStatus(ctx)
		if err != nil {
			return err
		}
		for _, s := range statuses {
			total += counts[s]
		}
		found, err := tx.ContactsInStatus(ctx, statuses, cmd.List == command.ListReplies, maxListLines)
		if err != nil {
			return err
		}
		for i := range found {
			lines = append(lines, statusLine(&found[i], ctl.zone()))
		}
	}
	if total > len(lines) {
		lines = append(lines, fmt.Sprintf("… and %d more: rapport lists %d", total-len(lines), maxListLines))
	}
	noun := "contacts"
	if total == 1 {
		noun = "contact"
	}
	o.ok(cmd.Raw, fmt.Sprintf("%s: %d %s", cmd.List, total, noun), lines...)
	return nil
}
