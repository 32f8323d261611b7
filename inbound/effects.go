package inbound

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/internal/textclean"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/mail/zoneguess"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// apply turns a message matched to c, recorded under key, into its
// workflow event and applies it. It returns the event applied ("" for
// none) and a note on why nothing happened. A refused event is not an
// error: the message stays recorded and the refusal is the note.
func (in *Handler) apply(ctx context.Context, tx *store.Tx, c *store.Contact, m *classify.Message, how, key string) (event, note string, err error) {
	// First, so that the event's timers already count in their zone.
	if err := in.learnZone(ctx, tx, c, m, how); err != nil {
		return "", "", err
	}
	if how == matchOtherAddress {
		if err := in.learnAddress(ctx, tx, c, m); err != nil {
			return "", "", err
		}
	}
	if err := in.signOfLife(ctx, tx, c, m); err != nil {
		return "", "", err
	}
	var ev *workflow.Event
	switch {
	case how == matchBooking:
		ev, note = bookingEvent(c, m)
	case soft(m):
		ev, note, err = in.softBounce(ctx, tx, c, m, how, key)
		if err != nil {
			return "", "", err
		}
	default:
		ev, note = eventFor(c, m)
	}
	if ev == nil {
		return "", note, nil
	}
	ev.MessageID = m.MessageID
	if ev.Why == "" {
		ev.Why = describe(m, how)
	}
	_, err = in.Track.Apply(ctx, tx, c, *ev, in.Now(), store.SourceMail)
	var refused *workflow.TransitionError
	if errors.As(err, &refused) {
		in.Log.Info("message not applied", "contact", c.ID, "kind", m.Kind, "reason", refused.Error())
		return "", refused.Error(), nil
	}
	if err != nil {
		return "", "", err
	}
	return string(ev.Kind), "", nil
}

// eventFor decides the workflow event of a message, or says why it has
// none. A bounce that is not permanent is softBounce's to decide.
func eventFor(c *store.Contact, m *classify.Message) (*workflow.Event, string) {
	switch m.Kind {
	case classify.KindBounce:
		return &workflow.Event{Kind: workflow.EventBounceReceived, Bounce: outbox.ReportedBounce(m.Bounce, c.Email)}, ""
	case classify.KindAutoReply:
		if m.AutoReply != nil && m.AutoReply.Receipt {
			return nil, "a read receipt"
		}
		ev := &workflow.Event{Kind: workflow.EventAutoReplyReceived}
		if m.AutoReply != nil {
			ev.ReturnDate = m.AutoReply.ReturnDate
		}
		return ev, ""
	case classify.KindCalendar:
		return contacts.MeetingEvent(c, m.Calendar)
	case classify.KindBulk:
		return nil, noBulk
	}
	// Personal mail, a contact forwarding something, or mail rapport could
	// not read (malformed, undecodable, over the size cap; see
	// Handler.unreadable): when in doubt they answered, and no nudge may
	// follow an answer. Whom it copied is for the notice's proposals.
	ev := &workflow.Event{Kind: workflow.EventReplyReceived}
	for _, a := range m.Cc {
		ev.Copied = append(ev.Copied, textclean.Mailbox(a.Name, a.Email))
	}
	return ev, ""
}

// describe says in a few words what the message was, for the timeline.
func describe(m *classify.Message, how string) string {
	what := map[classify.Kind]string{
		classify.KindBounce: "bounce", classify.KindAutoReply: "automatic reply",
		classify.KindCalendar: "calendar", classify.KindForward: "forward",
	}[m.Kind]
	if what == "" {
		what = "mail"
	}
	s := fmt.Sprintf("%s from %s", what, m.From.Email)
	if m.Subject != "" {
		s += fmt.Sprintf(": %q", oneLine(m.Subject, 80))
	}
	switch how {
	case matchThread:
		if m.From.Email != "" {
			s += " (in the thread)"
		}
	case matchOtherAddress:
		s += " (in the thread, from another address of theirs)"
	case matchColleague:
		s += " (in the thread: a colleague)"
	case matchOtherContact:
		s += " (in the thread: another contact)"
	case matchBooking:
		s += fmt.Sprintf(" (a %s booking by them)", m.Booking.Service)
	}
	return s
}

// learnAddress makes the sender of m, who answered in c's thread from an
// address rapport did not know, one of c's addresses, and says so in the
// history with the one line that undoes it.
func (in *Handler) learnAddress(ctx context.Context, tx *store.Tx, c *store.Contact, m *classify.Message) error {
	addr := m.From.Email
	added, err := tx.AddAddress(ctx, c.ID, addr, "answered in their thread from it", in.Now())
	if err != nil || !added {
		return err
	}
	in.Log.Info("a contact answered from another address; it is now one of theirs", "contact", c.ID, "address", addr)
	return tx.AppendHistory(ctx, &store.Entry{
		ContactID: c.ID, At: in.Now(), Kind: store.EntryEdited, From: c.State.Status, To: c.State.Status,
		Why:       describe(m, matchOtherAddress),
		Detail:    fmt.Sprintf("%s is now one of their addresses; reply #%d forget %s if wrong", addr, c.ID, addr),
		MessageID: m.MessageID, Source: store.SourceMail,
	})
}

// learnZone records the UTC offset of a contact's own mail and, unless the
// owner set their zone by hand, guesses it again from their latest mail:
// with more mail, zones with other daylight saving rules drop out. A new
// guess is saved on c, in tx, with a history entry.
func (in *Handler) learnZone(ctx context.Context, tx *store.Tx, c *store.Contact, m *classify.Message, how string) error {
	if !zoneEvidence(c, m, in.Now()) {
		return nil
	}
	_, offset := m.Date.Zone()
	if err := tx.AddZoneObservation(ctx, c.ID, m.Date, offset); err != nil {
		return err
	}
	if c.TimeZone != "" && !c.TimeZoneLearned {
		return nil
	}
	stored, err := tx.ZoneObservations(ctx, c.ID)
	if err != nil {
		return err
	}
	obs := make([]zoneguess.Observation, len(stored))
	for i, o := range stored {
		obs[i] = zoneguess.Observation{At: o.At, Offset: o.Offset}
	}
	_, domain, _ := strings.Cut(c.Email, "@")
	zone, used, ok := zoneguess.Recent(obs, domain, in.Track.Zone())
	if !ok || zone == c.TimeZone {
		return nil
	}
	detail := "time zone learned: " + zone
	if c.TimeZone != "" {
		detail += ", was " + c.TimeZone
	}
	detail += " (from the " + offsetsText(used) + " of their mail)"
	c.TimeZone, c.TimeZoneLearned = zone, true
	if err := tx.UpdateContact(ctx, c, in.Now()); err != nil {
		return err
	}
	in.Log.Info("time zone learned", "contact", c.ID, "zone", zone)
	return tx.AppendHistory(ctx, &store.Entry{
		ContactID: c.ID, At: in.Now(), Kind: store.EntryEdited, From: c.State.Status, To: c.State.Status,
		Why: describe(m, how), Detail: detail, MessageID: m.MessageID, Source: store.SourceMail,
	})
}

// zoneEvidence reports whether the Date of m tells the zone of c: mail
// the contact wrote themselves (not a colleague's in their thread, not a
// bounce, not bulk mail), dated with an offset some zone has.
//
// An offset of 0 is left out: classify cannot tell "+0000" from "-0000"
// (RFC 5322's "zone unknown") nor from a Date with no zone or an
// abbreviation it does not know, and many servers stamp every Date in
// UTC. A contact at +0000 in winter is learned from their summer mail
// (+0100 in London, Dublin or Lisbon) instead.
func zoneEvidence(c *store.Contact, m *classify.Message, now time.Time) bool {
	switch m.Kind {
	case classify.KindPersonal, classify.KindAutoReply, classify.KindCalendar, classify.KindForward:
	default:
		return false
	}
	if c.Email == "" || !ascii.EqualFold(m.From.Email, c.Email) || m.Date.IsZero() {
		return false
	}
	// A Date from a clock set in the future would stay the newest and
	// push real observations out.
	if m.Date.After(now.Add(24 * time.Hour)) {
		return false
	}
	_, offset := m.Date.Zone()
	if offset == 0 {
		return false
	}
	// An offset no zone has (+0537) would only contradict the others.
	_, ok := zoneguess.Guess([]zoneguess.Observation{{At: m.Date, Offset: offset}}, "", nil)
	return ok
}

// offsetsText lists the distinct offsets of obs (newest first), oldest
// first: "+0100 and +0200".
func offsetsText(obs []zoneguess.Observation) string {
	var list []string
	seen := map[int]bool{}
	for _, o := range slices.Backward(obs) {
		if !seen[o.Offset] {
			seen[o.Offset] = true
			list = append(list, zoneguess.FormatOffset(o.Offset))
		}
	}
	if len(list) < 2 {
		return strings.Join(list, "")
	}
	return strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1]
}
