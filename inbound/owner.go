package inbound

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/mail/command"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// ownerMail handles the owner's own mail once it is recorded: an answer to
// a notice_approve (see approval), a mail to rapport (commands, or a
// forwarded introduction), or ordinary mail rapport leaves alone. A mail
// to rapport that its provider did not authenticate changes nothing: it is
// logged and kept as a problem for the digest. Nor does an automatic
// answer (the owner's vacation responder answering a notice), nor a mail
// too big to read whole: each is a problem for the digest, never a
// command. Every mail to rapport that is read gets a receipt, in the same
// transaction, saying what became of it.
func (in *Handler) ownerMail(ctx context.Context, tx *store.Tx, m *classify.Message, tooBig bool) (event, note string, err error) {
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
	notice, err := in.noticeAnswered(ctx, tx, m)
	if err != nil {
		return "", "", err
	}
	answers := notice != nil
	if !answers && !in.forRapport(m) {
		return "", noOwner, nil
	}
	if why := automatic(m); why != "" {
		// Never a command, and never a receipt: that would answer a
		// responder, which may answer again.
		in.Log.Warn("ignored an automatic answer to rapport", "from", m.From.Email, "message_id", m.MessageID, "reason", why)
		return "", "ignored: " + why, tx.AddProblem(ctx, &store.Problem{At: in.Now(), Kind: store.ProblemIgnored,
			Detail: fmt.Sprintf("%q from %s ignored: %s; rapport takes no command from automatic mail", oneLine(m.Subject, 80), oneLine(m.From.Email, 100), why)})
	}
	if ok, why := in.authenticated(m); !ok {
		return "", "ignored, not authenticated: " + why, in.unauthenticated(ctx, tx, m, why)
	}
	if tooBig {
		why := "too big to read whole (over imap.max_message_mib)"
		in.Log.Warn("ignored mail to rapport", "message_id", m.MessageID, "reason", why)
		if err := tx.AddProblem(ctx, &store.Problem{At: in.Now(), Kind: store.ProblemIgnored,
			Detail: fmt.Sprintf("your mail %q: %s; nothing done", oneLine(m.Subject, 80), why)}); err != nil {
			return "", "", err
		}
		return "", "ignored: " + why, in.receipt(ctx, tx, m, 0, templates.ReceiptLine{Text: "nothing done: your mail is " + why,
			Hint: "send the commands in a short mail of their own"})
	}
	if answers && echoes(outbox.AboveQuote(m.Text), notice.Body) {
		// rapport's own notice, sent back unmarked by a responder or a
		// mail program: its example lines ("met", "drop") are no orders.
		why := "it holds rapport's own notice, not an answer to it"
		in.Log.Warn("ignored mail to rapport", "message_id", m.MessageID, "reason", why)
		return "", "ignored: " + why, tx.AddProblem(ctx, &store.Problem{At: in.Now(), Kind: store.ProblemIgnored,
			Detail: fmt.Sprintf("%q from %s: %s; nothing done", oneLine(m.Subject, 80), oneLine(m.From.Email, 100), why)})
	}
	if answers && notice.Template == "notice_approve" && notice.About != 0 {
		handled, event, note, err := in.approval(ctx, tx, m, notice)
		if handled || err != nil {
			return event, note, err
		}
	}
	if in.Control == nil {
		return "", "commands are not handled here", nil
	}
	now := in.Now()
	var out *contacts.Outcome
	switch {
	case answers && notice.Template == workflow.NoticeDebrief && notice.ContactID != 0:
		out, err = in.Control.Debrief(ctx, tx, notice.ContactID, m.Text, now)
		event = "debrief"
	case m.Calendar != nil && !answers:
		out, err = in.Control.Invite(ctx, tx, m.Calendar, m.MessageID, now)
		event = "invitation"
	case m.Forward != nil && !answers:
		out, err = in.Control.Introduce(ctx, tx, m.Forward, now)
		event = "introduction"
	default:
		subject, scope := in.Commands.StripTag(m.Subject), int64(0)
		if answers {
			// The subject is the notice's own, not the owner's words.
			subject, scope = "", notice.ContactID
		}
		out, err = in.Control.Commands(ctx, tx, subject, m.Text, scope, now)
		event = "commands"
	}
	if err != nil {
		return "", "", err
	}
	info := templates.ReceiptInfo{Subject: oneLine(m.Subject, 200), Results: out.Lines}
	if out.Help {
		info.Help = command.Help()
	}
	in.sendReceipt(ctx, tx, m, out.Scope(), info)
	return event, fmt.Sprintf("%d line(s)", len(out.Lines)), nil
}

// receipt answers the owner's mail m with lines, about contact #about
// (0 for none).
func (in *Handler) receipt(ctx context.Context, tx *store.Tx, m *classify.Message, about int64, lines ...templates.ReceiptLine) error {
	in.sendReceipt(ctx, tx, m, about, templates.ReceiptInfo{Subject: oneLine(m.Subject, 200), Results: lines})
	return nil
}

// sendReceipt writes the receipt, if rapport writes any here. A broken
// receipt template must not undo what the owner's mail did: the log says
// why no receipt came.
func (in *Handler) sendReceipt(ctx context.Context, tx *store.Tx, m *classify.Message, about int64, info templates.ReceiptInfo) {
	if in.Drafter == nil {
		return
	}
	if err := in.Drafter.Receipt(ctx, tx, m, about, info); err != nil {
		in.Log.Error("no receipt for the owner's mail", "message_id", m.MessageID, "err", err)
	}
}

// unauthenticated records, for the digest, mail to rapport that claims to
// be the owner's without the proof commands need. It gets no receipt: a
// forger must not make rapport write to the owner at will.
func (in *Handler) unauthenticated(ctx context.Context, tx *store.Tx, m *classify.Message, why string) error {
	in.Log.Warn("ignored mail to rapport that the owner's provider did not authenticate",
		"from", m.From.Email, "message_id", m.MessageID, "reason", why)
	return tx.AddProblem(ctx, &store.Problem{At: in.Now(), Kind: store.ProblemUnauthenticated,
		Detail: fmt.Sprintf("mail from %s (%q) ignored: %s", oneLine(m.From.Email, 100), oneLine(m.Subject, 80), why)})
}

// automatic says why m was written by a program rather than by the owner
// (RFC 3834's Auto-Submitted, a vacation or other automatic answer, a
// delivery report), or "" for mail a person wrote.
func automatic(m *classify.Message) string {
	switch {
	case m.AutoSubmitted != "" && m.AutoSubmitted != "no":
		return "Auto-Submitted: " + m.AutoSubmitted
	case m.Kind == classify.KindAutoReply:
		return "an automatic answer (" + m.Reason + ")"
	case m.Kind == classify.KindBounce:
		return "a delivery report"
	}
	return ""
}

// forRapport reports whether the owner addressed m to rapport: to one of
// commands.addresses, or with the subject tag.
func (in *Handler) forRapport(m *classify.Message) bool {
	var to []string
	for _, a := range append(append([]classify.Address(nil), m.To...), m.Cc...) {
		to = append(to, a.Email)
	}
	return in.Commands.ForRapport(to, m.Subject)
}

// noticeAnswered returns the message rapport sent the owner (a notice, a
// receipt) that m answers, or nil. Its ContactID, when not 0, is the one
// contact it was about: the scope of the owner's commands.
func (in *Handler) noticeAnswered(ctx context.Context, tx *store.Tx, m *classify.Message) (*store.Outgoing, error) {
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

// echoes reports whether text holds the notice's own first line: the
// notice came back rather than an answer to it.
func echoes(text, notice string) bool {
	for _, l := range strings.Split(notice, "\n") {
		if l = strings.TrimSpace(l); len(l) >= 20 {
			return strings.Contains(strings.Join(strings.Fields(text), " "), strings.Join(strings.Fields(l), " "))
		}
	}
	return false
}
