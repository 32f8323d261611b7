package contacts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// MeetingEvent maps a calendar invitation, update, cancellation or answer
// about contact c to the workflow's meeting events, or says why it has
// none. A REQUEST (or PUBLISH) schedules the meeting, or moves it when one
// is scheduled and the invitation is newer (a higher SEQUENCE, or the
// same with other times); a REPLY that accepts the owner's invitation
// schedules it too; a CANCEL of the meeting rapport knows, or a REPLY
// declining it, cancels it. An invitation without a start is only an
// answer.
func MeetingEvent(c *store.Contact, cal *classify.Calendar) (*workflow.Event, string) {
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
		if declined(cal) && sameEvent && c.State.Status == workflow.StatusScheduled {
			// They accepted, then declined the same meeting: it is off.
			return &workflow.Event{Kind: workflow.EventMeetingCancelled}, ""
		}
		if !accepted(cal) {
			return &workflow.Event{Kind: workflow.EventReplyReceived}, ""
		}
	case "REQUEST", "PUBLISH", "":
	default:
		return &workflow.Event{Kind: workflow.EventReplyReceived}, ""
	}
	kind := workflow.MeetingEventKind(c.State)
	if kind == workflow.EventMeetingMoved && sameEvent && cal.Sequence == current.Sequence &&
		current.Start.Equal(cal.Start) && current.End.Equal(cal.End) {
		return nil, "the meeting is already recorded"
	}
	return &workflow.Event{Kind: kind, Meeting: meeting}, ""
}

func accepted(cal *classify.Calendar) bool {
	for _, a := range cal.Attendees {
		if strings.EqualFold(a.PartStat, "ACCEPTED") {
			return true
		}
	}
	return false
}

func declined(cal *classify.Calendar) bool {
	for _, a := range cal.Attendees {
		if strings.EqualFold(a.PartStat, "DECLINED") {
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

// Invite applies a calendar invitation the owner forwarded to rapport (or
// one they sent, with rapport in copy): the meeting is with the one
// contact among its organizer and attendees.
func (ctl *Controller) Invite(ctx context.Context, tx *store.Tx, cal *classify.Calendar, messageID string, now time.Time) (*Outcome, error) {
	o := &Outcome{}
	owner := map[string]bool{}
	for _, a := range ctl.ownerAddresses() {
		owner[a] = true
	}
	var found []*store.Contact
	seen := map[string]bool{}
	people := []string{cal.Organizer}
	for _, a := range cal.Attendees {
		people = append(people, a.Email)
	}
	for _, p := range people {
		p = ascii.Lower(strings.TrimSpace(p))
		if p == "" || owner[p] || seen[p] {
			continue
		}
		seen[p] = true
		c, err := tx.ContactByEmail(ctx, p)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		found = append(found, c)
	}
	switch len(found) {
	case 0:
		o.fail("", "the invitation is with no contact rapport knows", "add them first (add Name <address>), then forward it again")
		return o, nil
	case 1:
	default:
		var names []string
		for _, c := range found {
			names = append(names, candidate(c))
		}
		o.fail("", fmt.Sprintf("the invitation is with %d contacts, so nothing changed", len(found)), "write scheduled #id DATE TIME for the one you meet", names...)
		return o, nil
	}
	c := found[0]
	o.about(c.ID)
	ev, why := MeetingEvent(c, cal)
	if ev == nil {
		o.fail("", fmt.Sprintf("%s: %s", label(c), why), "")
		return o, nil
	}
	if ev.Kind == workflow.EventReplyReceived {
		o.fail("", fmt.Sprintf("%s: the invitation has no meeting time rapport can use", label(c)), "write scheduled #"+fmt.Sprint(c.ID)+" 2026-12-03 15:00 instead")
		return o, nil
	}
	ev.MessageID, ev.Why = messageID, "an invitation you forwarded"
	return o, ctl.apply(ctx, tx, o, "", c, *ev, now)
}
