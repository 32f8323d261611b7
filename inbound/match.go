package inbound

import (
	"context"
	"strings"

	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/mail/intro"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// How a message was matched to a contact, or why it was not.
const (
	matchThread  = "threads to a message of theirs"
	matchSender  = "comes from their address"
	matchBounced = "reports their address failed"
	// The thread names a message rapport sent the contact, but the sender
	// is not one of their addresses: another address of theirs (home,
	// phone), a colleague at their organisation, or another contact they
	// brought in. Each is an answer in their thread.
	matchOtherAddress = "answers in their thread from another address"
	matchColleague    = "a colleague answers in their thread"
	matchOtherContact = "another contact answers in their thread"

	noOwner    = "the owner's own mail"
	noBulk     = "bulk mail never changes a contact"
	noStranger = "belongs to no contact"
)

// inThread reports a match by the thread, whoever wrote.
func inThread(how string) bool {
	switch how {
	case matchThread, matchOtherAddress, matchColleague, matchOtherContact:
		return true
	}
	return false
}

// match finds the contact a message belongs to: the thread it replies to
// (In-Reply-To, References, or the returned message of a bounce), else
// its sender's address (any of the contact's addresses), else for a
// bounce the failed address. Mail in a contact's thread is theirs whoever
// sends it: only rapport and the contact had the Message-ID it answers,
// and an answer must never be followed by a nudge. The owner's own mail
// and bulk mail never match. A stranger (known to match nothing, see
// Handler.strangers) is not looked up again. It returns the contact (nil
// for none) and how it matched or why not.
func (in *Handler) match(ctx context.Context, tx *store.Tx, m *classify.Message, stranger bool) (*store.Contact, string, error) {
	from := ascii.Lower(m.From.Email)
	switch {
	case in.Owner[from]:
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
	fromID := int64(0)
	if from != "" {
		if fromID, err = tx.ContactIDByEmail(ctx, from); err != nil {
			return nil, "", err
		}
	}
	if id == 0 {
		id, how = fromID, matchSender
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
	machine := m.Kind == classify.KindBounce || m.Kind == classify.KindAutoReply
	if how == matchThread && !machine && from != "" && fromID != c.ID {
		switch {
		case sameOrganisation(from, c.Email):
			how = matchColleague
		case fromID != 0:
			how = matchOtherContact
		default:
			how = matchOtherAddress
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

// sameOrganisation reports whether two addresses share their domain, and
// it is not a webmail domain that strangers share.
func sameOrganisation(a, b string) bool {
	_, da, ok1 := strings.Cut(ascii.Lower(a), "@")
	_, db, ok2 := strings.Cut(ascii.Lower(b), "@")
	return ok1 && ok2 && da != "" && da == db && !intro.Webmail(da)
}

// waitingOn reports whether rapport is waiting for the contact's answer.
func waitingOn(c *store.Contact) bool {
	s := c.State.Status
	if s == workflow.StatusPaused {
		s = c.State.PausedFrom
	}
	return s == workflow.StatusRequested || s == workflow.StatusNudged
}
