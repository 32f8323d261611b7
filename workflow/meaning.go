package workflow

// The decisions that front-ends (the command line, mail commands, the
// sender) would otherwise each make: which event a verb the owner writes
// means, whether a meeting is new or moved, and which event the sending
// of a template means.

// The verbs that change a contact's status, as the owner writes them in a
// command (rapport mark, a mail command) once aliases are resolved.
const (
	VerbMet       = "met"
	VerbScheduled = "scheduled"
	VerbPause     = "pause"
	VerbResume    = "resume"
	VerbDrop      = "drop"
	VerbDeclined  = "declined"
	// VerbTier gives the contact a keep-in-touch tier (EventTierSet): it
	// changes no status, but re-plans the next keep-in-touch note.
	VerbTier = "tier"
	// VerbGoOn and VerbHold answer, for a contact held because a
	// colleague answered (3B7), whether their follow-ups go on.
	VerbGoOn = "go on"
	VerbHold = "hold"
)

// VerbEvent returns the kind of the event a verb means for a contact in
// state s, and false for a verb that means no event. Every verb but tier, go
// on and hold changes the status. "scheduled" is a
// new meeting, or the meeting moved when one is already arranged (see
// MeetingEventKind).
func VerbEvent(verb string, s State) (EventKind, bool) {
	switch verb {
	case VerbMet:
		return EventMet, true
	case VerbScheduled:
		return MeetingEventKind(s), true
	case VerbPause:
		return EventPaused, true
	case VerbResume:
		return EventResumed, true
	case VerbDrop:
		return EventDropped, true
	case VerbDeclined:
		return EventDeclined, true
	case VerbTier:
		return EventTierSet, true
	case VerbGoOn:
		return EventGoOn, true
	case VerbHold:
		return EventHold, true
	}
	return "", false
}

// MeetingEventKind says whether a meeting told for a contact in state s
// is arranged (EventMeetingScheduled) or moves the one already arranged
// (EventMeetingMoved).
func MeetingEventKind(s State) EventKind {
	if s.Status == StatusScheduled {
		return EventMeetingMoved
	}
	return EventMeetingScheduled
}

// sentEvents are the events of templates whose sending moves the contact
// on. Other messages (notices to the owner) leave it where it is.
var sentEvents = map[string]EventKind{
	TemplateRequest:     EventRequestSent,
	TemplateIntroReply:  EventRequestSent,
	TemplateNudge:       EventNudgeSent,
	TemplateThankYou:    EventThankYouSent,
	TemplateKeepInTouch: EventKeepInTouchSent,
}

// SentEvent returns the kind of the event that sending template means for
// the contact, and false for a template whose sending changes nothing.
func SentEvent(template string) (EventKind, bool) {
	k, ok := sentEvents[template]
	return k, ok
}

// FollowsUp reports whether template follows up on mail the contact has
// not answered: it must not leave once they have (the sender takes a last
// look first).
func FollowsUp(template string) bool { return template == TemplateNudge }
