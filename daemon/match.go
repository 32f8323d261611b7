package daemon

import (
	"context"
	"strings"

	"rapport/classify"
	"rapport/internal/ascii"
	"rapport/store"
	"rapport/workflow"
)

// How a message was matched to a contact, or why it was not.
const (
	matchThread  = "threads to a message of theirs"
	matchSender  = "comes from their address"
	matchBounced = "reports their address failed"

	noOwner    = "the owner's own mail"
	noBulk     = "bulk mail never changes a contact"
	noStranger = "belongs to no contact"
	noOutsider = "someone outside their organisation wrote in their thread"
)

// match finds the contact a message belongs to: the thread it replies to
// (In-Reply-To, References, or the returned message of a bounce), else
// its sender's address, else for a bounce the failed address. A reply in
// the thread from a colleague at the contact's domain counts as theirs.
// The owner's own mail and bulk mail never match. A stranger (known to
// match nothing, see ingester.strangers) is not looked up again. It
// returns the contact (nil for none) and how it matched or why not.
func (in *ingester) match(ctx context.Context, tx *store.Tx, m *classify.Message, stranger bool) (*store.Contact, string, error) {
	from := ascii.Lower(m.From.Email)
	switch {
	case in.owner[from]:
		return nil, noOwner, nil
	case m.Kind == classify.KindBulk:
		return nil, noBulk, nil
	case stranger:
		return nil, noStranger, nil
	}
	id, err := tx.ContactForThread(ctx, threadKeys(m))
	if err != nil {
		return nil, "", err
	}
	how := matchThread
	if id == 0 && from != "" {
		if id, err = tx.ContactIDByEmail(ctx, from); err != nil {
			return nil, "", err
		}
		how = matchSender
	}
	if id == 0 && m.Bounce != nil {
		for _, r := range m.Bounce.Recipients {
			if id, err = tx.ContactIDByEmail(ctx, r); err != nil {
				return nil, "", err
			}
			if id != 0 {
				how = matchBounced
				break
			}
		}
	}
	if id == 0 {
		return nil, noStranger, nil
	}
	c, err := tx.Contact(ctx, id)
	if err != nil {
		return nil, "", err
	}
	if how == matchThread {
		machine := m.Kind == classify.KindBounce || m.Kind == classify.KindAutoReply
		if !machine && !sameDomain(from, c.Email) {
			return nil, noOutsider, nil
		}
	}
	return c, how, nil
}

// threadKeys are the message keys a message refers to: In-Reply-To,
// References, and the returned message of a bounce.
func threadKeys(m *classify.Message) []string {
	refs := append(append([]string(nil), m.InReplyTo...), m.References...)
	if m.Bounce != nil && m.Bounce.OriginalMessageID != "" {
		refs = append(refs, m.Bounce.OriginalMessageID)
	}
	for i := range refs {
		refs[i] = ascii.Lower(refs[i])
	}
	return refs
}

// sameDomain reports whether two addresses share their domain.
func sameDomain(a, b string) bool {
	_, da, ok1 := strings.Cut(a, "@")
	_, db, ok2 := strings.Cut(ascii.Lower(b), "@")
	return ok1 && ok2 && da != "" && da == db
}

// waitingOn reports whether rapport is waiting for the contact's answer.
func waitingOn(c *store.Contact) bool {
	s := c.State.Status
	if s == workflow.StatusPaused {
		s = c.State.PausedFrom
	}
	return s == workflow.StatusRequested || s == workflow.StatusNudged
}
