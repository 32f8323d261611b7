package inbound

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net/textproto"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The drafts send mode: rapport filed a draft in the owner's Drafts
// folder, and the owner sent it from their own mail program. Its sent
// copy settles the outbox row as sent by the owner, with the text as they
// sent it, and moves the contact once, by the draft's own event (request
// sent, nudge sent…), never also as mail written by hand.
//
// Mail programs differ in what they keep of a draft they send (see the
// README): the sent copy is recognised by, in order,
//  1. outbox.DraftField, naming the draft's Message-ID;
//  2. the draft's Message-ID, kept as the sent copy's;
//  3. else a draft to one of its recipients, still waiting, created
//     before it was sent, in the same thread: answering the same message
//     (In-Reply-To or References name the draft's In-Reply-To), or, for a
//     draft that starts a thread, starting one too with the same subject.
//
// Mail that matches none is the owner writing by hand; for a request or a
// nudge that means the same move, and the workflow withdraws the draft.

// clockSkew is how far the Date of the owner's mail program may be behind
// rapport's clock: a draft sent minutes after it was filed must not look
// older than it.
const clockSkew = 5 * time.Minute

// sentDraftNote is the outcome's note for a draft the owner sent.
const sentDraftNote = "rapport's draft, sent by the owner from their Drafts folder"

// sentDraft returns the waiting mailbox draft that the owner's sent mail m
// (its fetched header fields in header) is the sent copy of, or nil.
func (in *Handler) sentDraft(ctx context.Context, tx *store.Tx, m *classify.Message, header []byte, to []*store.Contact) (*store.MailboxDraft, error) {
	for _, id := range []string{draftFieldOf(header), m.MessageID} {
		if id == "" {
			continue
		}
		d, known, err := in.waitingDraft(ctx, tx, id)
		if d != nil || err != nil {
			return d, err
		}
		if known && id == m.MessageID {
			return nil, nil // rapport's own copy of what it sent
		}
	}
	sent := sentAt(m.Date, in.Now())
	for _, c := range to {
		list, err := tx.MailboxDraftsOf(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		for i := range list {
			d := &list[i]
			if !sent.Before(d.Created.Add(-clockSkew)) && sameThread(m, &d.Outgoing) {
				return d, nil
			}
		}
	}
	return nil, nil
}

// waitingDraft returns the mailbox draft whose outbox row has that
// Message-ID, while it is still a draft the owner may send; nil for none.
// known says whether the outbox has a row with that Message-ID at all.
func (in *Handler) waitingDraft(ctx context.Context, tx *store.Tx, messageID string) (d *store.MailboxDraft, known bool, err error) {
	o, err := tx.OutgoingByMessageID(ctx, messageID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	d, err = tx.MailboxDraftOf(ctx, o.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, true, nil
	}
	if err != nil || d.Status != store.OutboxDraft || d.State == store.DraftDone {
		return nil, true, err
	}
	return d, true, nil
}

// sameThread reports whether m continues the thread draft o was written
// in: it answers what o answers, or, when o starts a thread, it starts
// one too under o's subject (the owner may have shortened or reworded it:
// then it is mail by hand, which moves the contact the same way).
func sameThread(m *classify.Message, o *store.Outgoing) bool {
	if o.InReplyTo != "" {
		for _, id := range append(append([]string(nil), m.InReplyTo...), m.References...) {
			if ascii.Lower(id) == ascii.Lower(o.InReplyTo) {
				return true
			}
		}
		return false
	}
	return len(m.InReplyTo) == 0 && plainSubject(m.Subject) == plainSubject(o.Subject) && plainSubject(o.Subject) != ""
}

// plainSubject is a subject compared without case, runs of white space or
// the answer and forward prefixes mail programs add.
func plainSubject(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	for {
		t := s
		for _, p := range []string{"re:", "aw:", "fwd:", "fw:", "wg:", "tr:"} {
			t = strings.TrimSpace(strings.TrimPrefix(t, p))
		}
		if t == s {
			return s
		}
		s = t
	}
}

// draftFieldOf returns the Message-ID outbox.DraftField names in the
// header fields, or "".
func draftFieldOf(header []byte) string {
	if len(header) == 0 {
		return ""
	}
	r := textproto.NewReader(bufio.NewReader(bytes.NewReader(append(bytes.TrimRight(header, "\r\n"), "\r\n\r\n"...))))
	h, _ := r.ReadMIMEHeader() // what it read before a malformed line
	return strings.Trim(strings.TrimSpace(h.Get(outbox.DraftField)), "<>")
}

// settleDraft records m, the owner's sent copy of draft d, as d sent: its
// Message-ID (the contact's answers refer to it), subject and text as
// sent, at its Date; the contact moves by the draft's event, once.
func (in *Handler) settleDraft(ctx context.Context, tx *store.Tx, d *store.MailboxDraft, m *classify.Message, o *Outcome) error {
	now := in.Now()
	subject, text := m.Subject, m.Text
	if text == "" {
		text = d.Body // too big to read: what rapport drafted is the best record
	}
	if subject == "" {
		subject = d.Subject
	}
	if err := tx.SetSentAs(ctx, d.ID, m.MessageID, subject, text, now); err != nil {
		return err
	}
	row, err := tx.Outgoing(ctx, d.ID)
	if err != nil {
		return err
	}
	note, err := in.Track.MarkSent(ctx, tx, row, []string{store.OutboxDraft}, sentAt(m.Date, now), store.SourceMail)
	if err != nil {
		return err
	}
	if err := tx.DraftDoneWith(ctx, d.ID, store.DraftSentByOwner, now); err != nil {
		return err
	}
	o.ContactID, o.New, o.Note = row.ContactID, true, sentDraftNote
	if note != "" {
		o.Note += "; " + note
	} else if kind, ok := workflow.SentEvent(row.Template); ok {
		o.Event = string(kind)
	}
	in.Log.Info("the owner sent rapport's draft", "outbox", d.ID, "contact", row.ContactID, "template", row.Template)
	return nil
}
