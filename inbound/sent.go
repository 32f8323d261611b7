package inbound

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The notes of the Sent folder's outcomes. They never quote the mail: mail
// to anyone but a contact is the owner's private business.
const (
	sentOwnCopy   = "rapport's own copy of what it sent"
	sentStranger  = "not to a contact"
	sentAutomatic = "an automatic message, not the owner writing"
	sentLookback  = "older mail the owner sent: recorded in the contact's thread only"
	sentSeen      = "seen before"
	// SentByHandWhy opens the history entry of mail the owner wrote from
	// their own mail program, as rapport show prints it.
	SentByHandWhy = "sent by you from your mail program"
)

// maxSentRecipients bounds how many recipients of one sent message are
// looked up: a message to a whole list is not outreach to each of them.
const maxSentRecipients = 20

// HandleSent records the mail of the owner's Sent folder, in order, and
// moves the contacts it was written to as if rapport had sent it
// (workflow.HandSentEvent; an invitation the owner sent schedules the
// meeting), in tx. The caller commits it with the folder's checkpoint, so
// that each message is applied exactly once.
//
// A contact is any address in To or Cc that belongs to one (any of their
// addresses, compared in ASCII case only). rapport's own copies, known by
// their Message-ID in the outbox, were applied when they were sent and
// are skipped; mail to no contact is neither recorded nor described in
// the outcome; automatic mail (an out-of-office answer, a read receipt)
// is not the owner writing.
//
// With lookback (the first look at the folder) the window's mail to
// contacts is recorded in their thread, so that their answers to it are
// recognised, but moves no one: what the owner did by hand before rapport
// watched their Sent folder is not replayed as events (rapport mark sets
// a contact's status by hand).
func (in *Handler) HandleSent(ctx context.Context, tx *store.Tx, folder string, msgs []Message, lookback bool) ([]Outcome, error) {
	outcomes := make([]Outcome, 0, len(msgs))
	for _, msg := range msgs {
		o, err := in.handleSentOne(ctx, tx, folder, msg, lookback)
		if err != nil {
			return nil, fmt.Errorf("%s UID %d: %w", folder, msg.UID, err)
		}
		outcomes = append(outcomes, o)
	}
	return outcomes, nil
}

func (in *Handler) handleSentOne(ctx context.Context, tx *store.Tx, folder string, msg Message, lookback bool) (Outcome, error) {
	m := msg.Parsed
	o := Outcome{Folder: folder, UID: msg.UID, Key: messageKey(m, msg.Header), Kind: m.Kind}
	to, err := in.sentTo(ctx, tx, m)
	if err != nil {
		return o, err
	}
	// A draft rapport filed in the Drafts folder, sent by the owner: the
	// draft's own event, not mail by hand (sentdraft.go).
	if d, err := in.sentDraft(ctx, tx, m, msg.Header, to); err != nil || d != nil {
		if err == nil {
			err = in.settleDraft(ctx, tx, d, m, &o)
		}
		return o, err
	}
	if m.MessageID != "" {
		_, err := tx.OutgoingByMessageID(ctx, m.MessageID)
		switch {
		case err == nil:
			// MarkSent recorded it and moved the contact when it left; its
			// copy may arrive before or after that commit, and means nothing
			// more either way.
			o.Note = sentOwnCopy
			return o, nil
		case !errors.Is(err, store.ErrNotFound):
			return o, err
		}
	}
	if len(to) == 0 {
		o.Note = sentStranger
		return o, nil
	}
	switch m.Kind {
	case classify.KindAutoReply, classify.KindBounce, classify.KindBulk:
		o.Note = sentAutomatic
		return o, nil
	}
	o.ContactID = to[0].ID
	rec := &store.Message{
		Key: o.Key, MessageID: m.MessageID, Direction: store.DirectionOut, ContactID: to[0].ID, Kind: string(m.Kind),
		Sender: m.From.Email, Subject: oneLine(m.Subject, 200), Date: m.Date, Folder: folder, UID: msg.UID,
		Recorded: in.Now(), Text: m.Text,
	}
	if len(m.InReplyTo) > 0 {
		rec.InReplyTo = m.InReplyTo[0]
	}
	isNew, err := tx.RecordMessage(ctx, rec)
	if err != nil {
		return o, err
	}
	if !isNew {
		// Seen before: applied then, unless it was the owner's copy to
		// themselves, read in the INBOX as their mail to no contact.
		prev, err := tx.MessageByKey(ctx, o.Key)
		if err != nil {
			return o, err
		}
		if prev.ContactID != 0 {
			o.Note = sentSeen
			return o, nil
		}
		if err := tx.LinkMessage(ctx, o.Key, to[0].ID); err != nil {
			return o, err
		}
	}
	o.New = true
	if lookback {
		o.Note = sentLookback
		return o, nil
	}
	for i, c := range to {
		event, note, err := in.applySent(ctx, tx, c, m)
		if err != nil {
			return o, err
		}
		if i == 0 {
			o.Event, o.Note = event, note
		}
	}
	return o, nil
}

// sentTo returns the contacts among the message's To and Cc recipients,
// each once, in the order they appear; the owner's own addresses are not
// looked up.
func (in *Handler) sentTo(ctx context.Context, tx *store.Tx, m *classify.Message) ([]*store.Contact, error) {
	var list []*store.Contact
	seenAddr, seenID := map[string]bool{}, map[int64]bool{}
	for _, a := range append(append([]classify.Address(nil), m.To...), m.Cc...) {
		addr := ascii.Lower(strings.TrimSpace(a.Email))
		if addr == "" || seenAddr[addr] || in.Owner[addr] {
			continue
		}
		if seenAddr[addr] = true; len(seenAddr) > maxSentRecipients {
			break
		}
		id, err := tx.ContactIDByEmail(ctx, addr)
		if err != nil {
			return nil, err
		}
		if id == 0 || seenID[id] {
			continue
		}
		seenID[id] = true
		c, err := tx.Contact(ctx, id)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, nil
}

// applySent applies to c what the owner's mail m means for them: an
// invitation the owner sent (or their acceptance of one) schedules or
// moves the meeting, and a cancellation cancels it; any other mail is
// the event workflow.HandSentEvent names for c's status (their request, a
// follow-up, the thank-you…), at the time the owner sent it. Refusals are
// notes, as for incoming mail.
func (in *Handler) applySent(ctx context.Context, tx *store.Tx, c *store.Contact, m *classify.Message) (event, note string, err error) {
	ev := &workflow.Event{Kind: workflow.HandSentEvent(c.State), ByHand: true}
	at := sentAt(m.Date, in.Now())
	if m.Kind == classify.KindCalendar && m.Calendar != nil {
		cal, why := contacts.MeetingEvent(c, m.Calendar)
		switch {
		case cal == nil:
			return "", why, nil
		case cal.Kind != workflow.EventReplyReceived:
			// The meeting's timers count from now, as for the contact's
			// own invitation.
			ev, at = cal, in.Now()
		}
	}
	ev.MessageID = m.MessageID
	ev.Why = SentByHandWhy
	if m.Subject != "" {
		ev.Why += fmt.Sprintf(": %q", oneLine(m.Subject, 80))
	}
	_, err = in.Track.Apply(ctx, tx, c, *ev, at, store.SourceMail)
	var refused *workflow.TransitionError
	if errors.As(err, &refused) {
		in.Log.Info("mail the owner sent not applied", "contact", c.ID, "kind", m.Kind, "reason", refused.Error())
		return "", refused.Error(), nil
	}
	if err != nil {
		return "", "", err
	}
	in.Log.Info("mail the owner sent by hand applied", "contact", c.ID, "event", ev.Kind)
	return string(ev.Kind), "", nil
}

// sentAt is when the owner sent their mail: its Date, so that a nudge
// counts from the owner's follow-up even when it is read late; now when
// the Date is missing or in the future (a clock set wrong).
func sentAt(date, now time.Time) time.Time {
	if date.IsZero() || date.After(now) {
		return now
	}
	return date
}

// SentWorth decides, for a batch of the Sent folder's messages from their
// headers, whose bodies are worth fetching: mail to a contact (its text
// joins their conversation; an invitation needs its calendar). It asks
// read once for the whole batch; HandleSent decides again.
func (in *Handler) SentWorth(ctx context.Context, read *store.Tx, heads []Head) ([]bool, error) {
	var addrs []string
	for _, h := range heads {
		for _, a := range append(append([]classify.Address(nil), h.Parsed.To...), h.Parsed.Cc...) {
			addrs = append(addrs, ascii.Lower(strings.TrimSpace(a.Email)))
		}
	}
	known, err := read.ContactAddresses(ctx, addrs)
	if err != nil {
		return nil, err
	}
	worth := make([]bool, len(heads))
	for i, h := range heads {
		if h.TooBig {
			continue
		}
		for _, a := range append(append([]classify.Address(nil), h.Parsed.To...), h.Parsed.Cc...) {
			worth[i] = worth[i] || known[ascii.Lower(strings.TrimSpace(a.Email))]
		}
	}
	return worth, nil
}
