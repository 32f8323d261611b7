package workflow

import (
	"strings"
	"time"
)

// EventKind names what happened to a contact. The string values are stored
// in the history table and must not change.
type EventKind string

// The events.
const (
	EventAdded             EventKind = "added"               // the contact became known
	EventRequestDrafted    EventKind = "request_drafted"     // the request was written
	EventRequestSent       EventKind = "request_sent"        // the request left
	EventNudgeSent         EventKind = "nudge_sent"          // a follow-up left
	EventReplyReceived     EventKind = "reply_received"      // they answered
	EventAutoReplyReceived EventKind = "auto_reply_received" // an out-of-office answer; Event.ReturnDate when it said
	EventBounceReceived    EventKind = "bounce_received"     // their address failed for good
	EventMeetingScheduled  EventKind = "meeting_scheduled"   // a meeting time is known; Event.Meeting
	EventMeetingMoved      EventKind = "meeting_moved"       // the meeting moved; Event.Meeting
	EventMeetingCancelled  EventKind = "meeting_cancelled"   // the meeting is off
	EventMet               EventKind = "met"                 // the meeting happened
	EventThankYouSent      EventKind = "thank_you_sent"      // the thank-you left
	EventKeepInTouchSent   EventKind = "keep_in_touch_sent"  // a keep-in-touch note left
	EventReferralAdded     EventKind = "referral_added"      // they introduced someone; Event.Referral
	EventDeclined          EventKind = "declined"            // they said no
	EventPaused            EventKind = "paused"              // on hold; Event.Until when it should resume by itself
	EventResumed           EventKind = "resumed"             // back from paused
	EventDropped           EventKind = "dropped"             // the owner stopped
	EventTimerFired        EventKind = "timer_fired"         // a timer came due; Event.Timer
	// EventSentByHand is mail the owner wrote to the contact from their
	// own mail program that is neither their request nor a thank-you nor
	// a keep-in-touch note (see HandSentEvent): a follow-up, or mail that
	// changes nothing.
	EventSentByHand EventKind = "sent_by_hand"
	// EventTierSet is the owner giving the contact a keep-in-touch tier
	// (Event.Tier; TierNone removes it).
	EventTierSet EventKind = "tier_set"
	// EventColleagueReplied is, under the 3B7 routine, someone at the
	// contact's organisation (Event.Colleague) answering while the
	// contact is still waiting: their follow-ups are held.
	EventColleagueReplied EventKind = "colleague_replied"
	// EventGoOn is the owner releasing a held contact: the follow-ups go
	// on, as late as they were held.
	EventGoOn EventKind = "go_on"
	// EventHold is the owner ending a held contact's follow-ups: no nudge
	// and no one else at the organisation asked on their account; they
	// still count as no answer when the wait ends.
	EventHold EventKind = "hold"
)

// EventKinds lists every event kind.
func EventKinds() []EventKind {
	return []EventKind{
		EventAdded, EventRequestDrafted, EventRequestSent, EventNudgeSent,
		EventReplyReceived, EventAutoReplyReceived, EventBounceReceived,
		EventMeetingScheduled, EventMeetingMoved, EventMeetingCancelled,
		EventMet, EventThankYouSent, EventKeepInTouchSent, EventReferralAdded,
		EventDeclined, EventPaused, EventResumed, EventDropped, EventTimerFired,
		EventSentByHand, EventTierSet, EventColleagueReplied, EventGoOn, EventHold,
	}
}

// Label returns k for humans: "request sent" for request_sent.
func (k EventKind) Label() string { return strings.ReplaceAll(string(k), "_", " ") }

// Event is one thing that happened to a contact, with the facts the
// transition needs. Only the fields its Kind names are read.
type Event struct {
	Kind EventKind

	Meeting    *Meeting  // EventMeetingScheduled, EventMeetingMoved
	ReturnDate time.Time // EventAutoReplyReceived: when they are back; zero when the answer did not say
	Until      time.Time // EventPaused: resume by itself then; zero to stay paused
	Timer      TimerKind // EventTimerFired
	Referral   int64     // EventReferralAdded: the contact they introduced
	Tier       Tier      // EventTierSet: the new tier; TierNone for none
	Bounce     *Bounce   // EventBounceReceived: what failed; nil when nothing is known
	Colleague  int64     // EventColleagueReplied: the colleague who answered
	// Copied, for EventReplyReceived, lists the people the reply copied
	// ("Name <address>" each), for the reply notice to see whom a
	// referral brought in. It does not steer the transition.
	Copied []string
	// Intro, for EventRequestDrafted, writes the request as an answer to
	// the mail that introduced the contact (TemplateIntroReply).
	Intro bool
	// ByHand, for EventRequestSent, EventThankYouSent and
	// EventKeepInTouchSent, says the owner sent it from their own mail
	// program: what rapport drafted for that step is withdrawn, not sent
	// as well.
	ByHand bool

	// Introducer is who introduced the contact, as the operations layer
	// (contacts.Tracker.Apply) finds them in the store for EventMet and
	// EventTimerFired; nil when no one did, or for other events. It
	// decides whether a report back is planned and drafted.
	Introducer *Introducer

	// Why and MessageID do not steer the transition; they are kept in the
	// contact's history.
	Why       string // a short human reason ("imported from connections.csv line 4")
	MessageID string // the message that caused the event, if any
}

// Bounce is a failed delivery, as a delivery report (RFC 3464) or the
// sending server's refusal told it. The text comes from other people's
// servers: it is for the owner to read in a notice's body, never to be
// put in a header.
type Bounce struct {
	Recipient string // the address that failed, as the report gave it; "" when it gave none
	// Status is the enhanced status code ("5.1.1", RFC 3463), else the
	// SMTP reply code ("550"); "" when there was none.
	Status     string
	Diagnostic string // the server's own words; "" when there were none
	// Soft is how many temporary failures in a row made rapport treat
	// the address as failed; 0 for a permanent failure.
	Soft int
}

// Introducer is the contact who introduced another, as far as writing to
// them goes.
type Introducer struct {
	ID      int64
	Status  Status
	HasMail bool // they have an address to write to
}

// reachable reports whether a report back may be written to in: they
// have an address, which has not bounced, and the owner has not dropped
// them. Other statuses (a declined or silent introducer included) still
// deserve to hear how their introduction went.
func (in *Introducer) reachable() bool {
	return in != nil && in.ID != 0 && in.HasMail && in.Status != StatusBounced && in.Status != StatusDropped
}

// Meeting is an arranged conversation.
type Meeting struct {
	Start, End time.Time
	Place      string // a place, a phone number or a video link; may be empty
	UID        string // the calendar UID when it came from an invitation
	Sequence   int    // the invitation's SEQUENCE
}
