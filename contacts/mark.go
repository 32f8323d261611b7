package contacts

import (
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// meetingLength is how long a meeting lasts when nobody says.
const meetingLength = 30 * time.Minute

// Mark is what the owner says happened to a contact, on the command line
// (rapport mark) or in a mail command ("met #12", "scheduled Jane
// 2026-12-03 15:00", "pause #3 until 2027-01-10"): a verb that
// workflow.VerbEvent knows, with what that verb needs.
type Mark struct {
	Verb string // workflow.VerbMet, VerbScheduled, VerbPause, VerbResume, VerbDrop, VerbDeclined or VerbTier
	// At is, for scheduled, the meeting's start. Length is how long it
	// lasts and Place where it is: for a meeting that moves, 0 and "" keep
	// the meeting's own; for a new one, Length 0 is 30 minutes.
	At     time.Time
	Length time.Duration
	Place  string
	// Until is, for pause, when the contact resumes by itself; zero to
	// stay paused.
	Until time.Time
	// Tier is, for tier, the contact's new keep-in-touch tier;
	// workflow.TierNone removes it.
	Tier workflow.Tier
	Why  string // for the history
}

// Event returns the workflow event m means for contact c: the kind
// workflow.VerbEvent gives for c's state (a meeting scheduled, or moved
// when one is arranged), with its meeting or its end, and m.Why. It
// returns false for a verb that changes no status.
func (m Mark) Event(c *store.Contact) (workflow.Event, bool) {
	kind, ok := workflow.VerbEvent(m.Verb, c.State)
	if !ok {
		return workflow.Event{}, false
	}
	ev := workflow.Event{Kind: kind, Until: m.Until, Tier: m.Tier, Why: m.Why}
	if kind != workflow.EventMeetingScheduled && kind != workflow.EventMeetingMoved {
		return ev, true
	}
	length, place := m.Length, m.Place
	if cur := c.State.Meeting; kind == workflow.EventMeetingMoved && cur != nil {
		if length == 0 && !cur.End.IsZero() && cur.End.After(cur.Start) {
			length = cur.End.Sub(cur.Start)
		}
		if place == "" {
			place = cur.Place
		}
	}
	if length == 0 {
		length = meetingLength
	}
	ev.Meeting = &workflow.Meeting{Start: m.At, End: m.At.Add(length), Place: place}
	return ev, true
}
