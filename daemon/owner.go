package daemon

import (
	"context"
	"errors"
	"fmt"

	"rapport/classify"
	"rapport/command"
	"rapport/control"
	"rapport/internal/ascii"
	"rapport/store"
	"rapport/templates"
	"rapport/workflow"
)

// ownerMail handles the owner's own mail once it is recorded: an answer to
// a notice_approve (see approval), a mail to rapport (commands, or a
// forwarded introduction), or ordinary mail rapport leaves alone. A mail
// to rapport that its provider did not authenticate changes nothing: it is
// logged and kept as a problem for the digest. Every mail to rapport that
// is carried out gets a receipt, in the same transaction.
func (in *ingester) ownerMail(ctx context.Context, tx *store.Tx, m *classify.Message) (event, note string, err error) {
	if m.MessageID != "" {
		// rapport's own mail to the owner, arrived before the sender
		// recorded it: a notice is never a command, whatever it says.
		_, err := tx.OutgoingByMessageID(ctx, ascii.Lower(m.MessageID))
		if err == nil {
			return "", "rapport's own mail", nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return "", "", err
		}
	}
	handled, event, note, err := in.approval(ctx, tx, m)
	if handled || err != nil {
		return event, note, err
	}
	notice, err := in.noticeAnswered(ctx, tx, m)
	if err != nil {
		return "", "", err
	}
	answers := notice != nil
	if !answers && !in.forRapport(m) {
		return "", noOwner, nil
	}
	if ok, why := in.authenticated(m); !ok {
		in.log.Warn("ignored mail to rapport that the owner's provider did not authenticate",
			"from", m.From.Email, "message_id", m.MessageID, "reason", why)
		p := &store.Problem{At: in.now(), Kind: store.ProblemUnauthenticated,
			Detail: fmt.Sprintf("mail from %s (%q) ignored: %s", oneLine(m.From.Email, 100), oneLine(m.Subject, 80), why)}
		return "", "ignored, not authenticated: " + why, tx.AddProblem(ctx, p)
	}
	if in.control == nil {
		return "", "commands are not handled here", nil
	}
	now := in.now()
	var out *control.Outcome
	switch {
	case answers && notice.Template == workflow.NoticeDebrief && notice.ContactID != 0:
		out, err = in.control.Debrief(ctx, tx, notice.ContactID, m.Text, now)
		event = "debrief"
	case m.Calendar != nil && !answers:
		out, err = in.control.Invite(ctx, tx, m.Calendar, m.MessageID, now)
		event = "invitation"
	case m.Forward != nil && !answers:
		out, err = in.control.Introduce(ctx, tx, m.Forward, now)
		event = "introduction"
	default:
		subject, scope := in.commands.StripTag(m.Subject), int64(0)
		if answers {
			// The subject is the notice's own, not the owner's words.
			subject, scope = "", notice.ContactID
		}
		out, err = in.control.Commands(ctx, tx, subject, m.Text, scope, now)
		event = "commands"
	}
	if err != nil {
		return "", "", err
	}
	if in.drafter != nil {
		info := templates.ReceiptInfo{Subject: oneLine(m.Subject, 200), Results: out.Lines}
		if out.Help {
			info.Help = command.Help()
		}
		if err := in.drafter.Receipt(ctx, tx, m, out.Scope(), info); err != nil {
			// A broken receipt template must not undo the owner's commands;
			// the log says why no receipt came.
			in.log.Error("no receipt for the owner's mail", "message_id", m.MessageID, "err", err)
		}
	}
	return event, fmt.Sprintf("%d line(s)", len(out.Lines)), nil
}

// forRapport reports whether the owner addressed m to rapport: to one of
// commands.addresses, or with the subject tag.
func (in *ingester) forRapport(m *classify.Message) bool {
	var to []string
	for _, a := range append(append([]classify.Address(nil), m.To...), m.Cc...) {
		to = append(to, a.Email)
	}
	return in.commands.ForRapport(to, m.Subject)
}

// noticeAnswered returns the message rapport sent the owner (a notice, a
// receipt) that m answers, or nil. Its ContactID, when not 0, is the one
// contact it was about: the scope of the owner's commands.
func (in *ingester) noticeAnswered(ctx context.Context, tx *store.Tx, m *classify.Message) (*store.Outgoing, error) {
	for _, k := range threadKeys(m) {
		o, err := tx.OutgoingByMessageID(ctx, k)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if o.Audience == store.AudienceOwner {
			return o, nil
		}
	}
	return nil, nil
}
