package daemon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"rapport/authres"
	"rapport/classify"
	"rapport/command"
	"rapport/outbox"
	"rapport/store"
)

// approval handles the owner's answer to a notice_approve: "send", "skip",
// or their own text. The answer is recognised by the notice it replies
// to, whose Message-ID is random and was mailed only to the owner; the
// From must be one of the owner's addresses, and (unless
// commands.require_auth is off) authenticated by their provider.
//
// It returns handled false when the message answers no such notice.
func (in *ingester) approval(ctx context.Context, tx *store.Tx, m *classify.Message) (handled bool, event, note string, err error) {
	var notice *store.Outgoing
	for _, k := range threadKeys(m) {
		o, err := tx.OutgoingByMessageID(ctx, k)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return false, "", "", err
		}
		if o.Template == "notice_approve" && o.About != 0 {
			notice = o
			break
		}
	}
	if notice == nil {
		return false, "", "", nil
	}
	if ok, why := in.authenticated(m); !ok {
		in.log.Warn("ignored an answer to a notice that the owner's provider did not authenticate",
			"from", m.From.Email, "message_id", m.MessageID, "reason", why)
		return true, "", "ignored, not authenticated: " + why, nil
	}
	reply := outbox.ReadReply(m.Text)
	now := in.now()
	if reply.Decision == outbox.DecideEdit && commandsOnly(reply.Text, notice.ContactID, now) {
		// "met", "pause until 2027-01-10": commands about the contact, not
		// a new text for the draft, which stays as it is.
		return false, "", "", nil
	}
	id := notice.About
	switch reply.Decision {
	case outbox.DecideNothing:
		return true, "", "no answer above the quoted notice", nil
	case outbox.DecideSkip:
		err = outbox.Skip(ctx, tx, id, now)
		event = "skipped"
	case outbox.DecideSend:
		_, err = outbox.Approve(ctx, tx, id, nil, nil, now)
		event = "approved"
	case outbox.DecideEdit:
		_, err = outbox.Approve(ctx, tx, id, nil, &reply.Text, now)
		event = "approved as edited"
	}
	var ph *outbox.PlaceholderError
	switch {
	case errors.As(err, &ph):
		// The edit is kept; ask again, showing it, so the owner sees what
		// is left to replace.
		if in.drafter != nil {
			o, err := tx.Outgoing(ctx, id)
			if err != nil {
				return true, "", "", err
			}
			if err := in.drafter.AskApproval(ctx, tx, o); err != nil {
				return true, "", "", err
			}
		}
		return true, "", ph.Error(), nil
	case errors.Is(err, store.ErrOutboxChanged):
		return true, "", fmt.Sprintf("outbox %d is no longer a draft", id), nil
	case err != nil:
		return true, "", "", err
	}
	if event == "approved" || event == "approved as edited" {
		tx.OnCommit(in.kick)
	}
	return true, event, fmt.Sprintf("outbox %d", id), nil
}

// authenticated reports whether the owner's provider vouched for m's
// From domain (see package authres), or the check is off.
func (in *ingester) authenticated(m *classify.Message) (bool, string) {
	if !in.requireAuth {
		return true, "commands.require_auth is off"
	}
	return authres.Verified(m.AuthHeader, in.authServIDs, m.From.Email)
}

// commandsOnly reports whether the owner's answer to a notice_approve is
// a few command lines rather than their own version of the draft: every
// line of it reads as a command about the contact. A letter never does:
// its first line ("Hi Sam,") is no command.
func commandsOnly(text string, scope int64, now time.Time) bool {
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			lines++
		}
	}
	if lines == 0 || lines > 3 {
		return false
	}
	cmds, errs := command.Parse("", text, command.Options{Scope: scope, Now: now})
	return len(cmds) == lines && len(errs) == 0
}
