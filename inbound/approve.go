package inbound

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/mail/authres"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/mail/command"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
)

// approval handles the owner's answer to notice, a notice_approve:
// "send", "skip", or their own text. The answer is recognised by the
// notice it replies to, whose Message-ID is random and was mailed only to
// the owner; the caller has checked that it is the owner's, authenticated
// and written by a person (see ownerMail).
//
// It returns handled false when the answer is a few commands about the
// contact rather than a decision on the draft. Every answer it handles
// gets a receipt; one that changes nothing (too late, a placeholder left,
// nothing above the quote) is also a
// problem for the digest.
func (in *Handler) approval(ctx context.Context, tx *store.Tx, m *classify.Message, notice *store.Outgoing) (handled bool, event, note string, err error) {
	reply := outbox.ReadReply(m.Text)
	now := in.Now()
	if reply.Decision == outbox.DecideEdit && commandsOnly(reply.Text, notice.ContactID, now) {
		// "met", "pause until 2027-01-10": commands about the contact, not
		// a new text for the draft, which stays as it is.
		return false, "", "", nil
	}
	id := notice.About
	said := "your answer"
	switch reply.Decision {
	case outbox.DecideNothing:
		return true, "", "no answer above the quoted notice", in.notDone(ctx, tx, m, notice,
			"nothing was done: rapport found no answer above the quoted notice", "write send, skip or your own text at the top of your reply")
	case outbox.DecideSkip:
		err = outbox.Skip(ctx, tx, id, now)
		event, said = "skipped", "skip"
	case outbox.DecideSend:
		_, err = outbox.Approve(ctx, tx, id, nil, nil, now)
		event, said = "approved", "send"
	case outbox.DecideEdit:
		_, err = outbox.Approve(ctx, tx, id, nil, &reply.Text, now)
		event, said = "approved as edited", "your text"
	}
	var ph *outbox.PlaceholderError
	switch {
	case errors.As(err, &ph):
		// The edit is kept; ask again, showing it, so the owner sees what
		// is left to replace.
		if in.Drafter != nil && reply.Decision == outbox.DecideEdit {
			o, err := tx.Outgoing(ctx, id)
			if err != nil {
				return true, "", "", err
			}
			if err := in.Drafter.AskApproval(ctx, tx, o); err != nil {
				return true, "", "", err
			}
		}
		return true, "", ph.Error(), in.notDone(ctx, tx, m, notice, "not sent: "+ph.Error(),
			"answer the approval notice with the whole text, the placeholders replaced")
	case errors.Is(err, store.ErrOutboxChanged):
		why := fmt.Sprintf("outbox %d is no longer a draft", id)
		if o, err := tx.Outgoing(ctx, id); err == nil {
			why = fmt.Sprintf("outbox %d was already %s", id, o.Status)
		}
		return true, "", why, in.notDone(ctx, tx, m, notice, "nothing was done: "+why+" (settled elsewhere, perhaps from the command line)", "")
	case err != nil:
		return true, "", "", err
	}
	if event == "approved" || event == "approved as edited" {
		tx.OnCommit(in.Kick)
	}
	done := map[string]string{"skipped": "not sent, as you asked", "approved": "approved: it leaves in the send window",
		"approved as edited": "approved with your text: it leaves in the send window"}[event]
	return true, event, fmt.Sprintf("outbox %d", id), in.receipt(ctx, tx, m, notice.ContactID,
		templates.ReceiptLine{Command: said, OK: true, Text: fmt.Sprintf("%q: %s", oneLine(notice.Subject, 80), done)})
}

// notDone answers the owner's answer to notice that changed nothing, with
// why, and keeps it as a problem for the digest.
func (in *Handler) notDone(ctx context.Context, tx *store.Tx, m *classify.Message, notice *store.Outgoing, why, hint string) error {
	in.Log.Info("an answer to an approval notice changed nothing", "message_id", m.MessageID, "reason", why)
	if err := tx.AddProblem(ctx, &store.Problem{At: in.Now(), Kind: store.ProblemIgnored,
		Detail: fmt.Sprintf("your answer to %q: %s", oneLine(notice.Subject, 80), why)}); err != nil {
		return err
	}
	return in.receipt(ctx, tx, m, notice.ContactID, templates.ReceiptLine{Text: why, Hint: hint})
}

// authenticated reports whether the owner's provider vouched for m's
// From domain (see package authres), or the check is off.
func (in *Handler) authenticated(m *classify.Message) (bool, string) {
	if !in.RequireAuth {
		return true, "commands.require_auth is off"
	}
	return authres.Verified(m.AuthHeader, in.AuthServIDs, m.From.Email)
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
