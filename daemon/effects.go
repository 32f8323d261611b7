package daemon

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"rapport/classify"
	"rapport/store"
	"rapport/workflow"
)

// apply turns a message matched to c into its workflow event and applies
// it. It returns the event applied ("" for none) and a note on why
// nothing happened. A refused event is not an error: the message stays
// recorded and the refusal is the note.
func (in *ingester) apply(ctx context.Context, tx *store.Tx, c *store.Contact, m *classify.Message, how string) (event, note string, err error) {
	ev, note := eventFor(c, m)
	if ev == nil {
		return "", note, nil
	}
	ev.MessageID = m.MessageID
	ev.Why = describe(m, how)
	_, err = in.track.Apply(ctx, tx, c, *ev, in.now(), store.SourceMail)
	var refused *workflow.TransitionError
	if errors.As(err, &refused) {
		in.log.Info("message not applied", "contact", c.ID, "kind", m.Kind, "reason", refused.Error())
		return "", refused.Error(), nil
	}
	if err != nil {
		return "", "", err
	}
	return string(ev.Kind), "", nil
}

// eventFor decides the workflow event of a message, or says why it has
// none.
func eventFor(c *store.Contact, m *classify.Message) (*workflow.Event, string) {
	switch m.Kind {
	case classify.KindBounce:
		if m.Bounce != nil && !m.Bounce.Permanent {
			return nil, "a delivery delay, not a failure"
		}
		return &workflow.Event{Kind: workflow.EventBounceReceived}, ""
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
		return calendarEvent(c, m.Calendar)
	case classify.KindBulk:
		return nil, noBulk
	case classify.KindMalformed:
		return nil, "unreadable: " + m.Reason
	}
	// personal mail, or a contact forwarding something: they answered.
	return &workflow.Event{Kind: workflow.EventReplyReceived}, ""
}

// calendarEvent maps a contact's invitation, update, cancellation or
// acceptance to the meeting events.
func calendarEvent(c *store.Contact, cal *classify.Calendar) (*workflow.Event, string) {
	if cal == nil || cal.Start.IsZero() && cal.Method != "CANCEL" {
		return &workflow.Event{Kind: workflow.EventReplyReceived}, ""
	}
	current := c.State.Meeting
	sameEvent := current != nil && current.UID != "" && current.UID == cal.UID
	if sameEvent && cal.Sequence < current.Sequence {
		return nil, fmt.Sprintf("an older version (sequence %d) of the meeting", cal.Sequence)
	}
	meeting := &workflow.Meeting{Start: cal.Start, End: cal.End, Place: firstNonEmpty(cal.URL, cal.Location), UID: cal.UID, Sequence: cal.Sequence}
	switch cal.Method {
	case "CANCEL":
		if c.State.Status != workflow.StatusScheduled || (current != nil && current.UID != "" && !sameEvent) {
			return nil, "a cancellation of a meeting rapport does not know"
		}
		return &workflow.Event{Kind: workflow.EventMeetingCancelled}, ""
	case "REPLY":
		if !accepted(cal) {
			return &workflow.Event{Kind: workflow.EventReplyReceived}, ""
		}
	case "REQUEST", "PUBLISH", "":
	default:
		return &workflow.Event{Kind: workflow.EventReplyReceived}, ""
	}
	if c.State.Status == workflow.StatusScheduled {
		if sameEvent && cal.Sequence == current.Sequence && current.Start.Equal(cal.Start) && current.End.Equal(cal.End) {
			return nil, "the meeting is already recorded"
		}
		return &workflow.Event{Kind: workflow.EventMeetingMoved, Meeting: meeting}, ""
	}
	return &workflow.Event{Kind: workflow.EventMeetingScheduled, Meeting: meeting}, ""
}

func accepted(cal *classify.Calendar) bool {
	for _, a := range cal.Attendees {
		if strings.EqualFold(a.PartStat, "ACCEPTED") {
			return true
		}
	}
	return false
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
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
	if how == matchThread && m.From.Email != "" {
		s += " (in the thread)"
	}
	return s
}
