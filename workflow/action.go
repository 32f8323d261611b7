package workflow

import "time"

// Action is something the daemon must do after a transition. The concrete
// types are [Draft], [Notify], [SetTimer], [CancelTimer], [CancelDrafts],
// [AskColleague] and [HoldColleagues].
// [AskColleague] and [HoldColleagues] reach other contacts of the same
// organisation. A daemon carries out the actions of one transition in the same database
// transaction that records it, or records them durably to carry out later.
type Action interface{ isAction() }

// Draft asks for a message to the contact, written from a template. The
// one exception is TemplateReportBack, which goes to the contact's
// introducer and is about the contact: the Drafter looks the introducer up
// again, and writes nothing when they can no longer be written to.
type Draft struct {
	Template string // TemplateRequest, TemplateNudge, …
	Nudge    int    // for TemplateNudge: 1 for the first nudge
}

// Notify asks for a notice to the owner.
type Notify struct {
	Notice string // NoticeReply, NoticeBounce, …
	// Meeting is the meeting the notice is about when the contact's state
	// no longer holds it (NoticeMeetingCancelled); nil otherwise.
	Meeting *Meeting
	// Bounce is what failed, for NoticeBounce: the event's Bounce; nil
	// otherwise, or when nothing is known.
	Bounce *Bounce
	// Copied is, for NoticeReply, the event's Copied: the people the
	// reply copied; nil otherwise.
	Copied []string
}

// SetTimer asks for a timer to fire at At, replacing any pending timer of
// the same kind for the contact.
type SetTimer struct {
	Timer TimerKind
	At    time.Time
}

// CancelTimer asks for the contact's pending timer of that kind to be
// removed.
type CancelTimer struct {
	Timer TimerKind
}

// CancelDrafts asks for the contact's unsent outgoing messages made from
// these templates to be withdrawn (a nudge after a reply must never leave).
type CancelDrafts struct {
	Templates []string
}

// AskColleague asks, under the 3B7 routine, for the request to the next
// person at the contact's organisation not yet asked to be drafted,
// unless someone there has answered since: the operations layer knows
// who works where and picks them (warm contacts first).
type AskColleague struct{}

// HoldColleagues asks, under the 3B7 routine, for the follow-ups of
// everyone still waiting at the contact's organisation to be held
// (EventColleagueReplied on each), because the contact answered. The
// notice about the answer then asks the owner to go on or hold.
type HoldColleagues struct{}

func (AskColleague) isAction()   {}
func (HoldColleagues) isAction() {}
func (Draft) isAction()          {}
func (Notify) isAction()         {}
func (SetTimer) isAction()       {}
func (CancelTimer) isAction()    {}
func (CancelDrafts) isAction()   {}

// Template names that the workflow drafts.
const (
	TemplateRequest     = "request"
	TemplateIntroReply  = "intro_reply" // the request, as an answer to a mutual contact's introduction
	TemplateNudge       = "nudge"
	TemplateThankYou    = "thank_you"
	TemplateKeepInTouch = "keep_in_touch"
	// TemplateReportBack is the note to whoever introduced the contact,
	// saying how the meeting went ("close the loop"): see
	// TimerReportBack. It is stored as a message to the introducer.
	TemplateReportBack = "report_back"
)

// allTemplates lists every template a contact can have a pending draft of.
// A report back is among them: it is the introducer's row, withdrawn when
// the introducer is closed (bounced, dropped…).
var allTemplates = []string{TemplateRequest, TemplateIntroReply, TemplateNudge, TemplateThankYou, TemplateKeepInTouch, TemplateReportBack}

// Notices to the owner.
const (
	NoticeReply            = "reply"             // they answered
	NoticeBounce           = "bounce"            // their address failed
	NoticeNoResponse       = "no_response"       // nothing after the nudges
	NoticeMeetingCancelled = "meeting_cancelled" // the meeting is off
	NoticePrepBrief        = "prep_brief"        // the meeting is today
	NoticeDebrief          = "debrief"           // how did it go?
)

// TimerKind names a contact's timer. A contact has at most one pending
// timer of each kind.
type TimerKind string

// The timers.
const (
	TimerNudge       TimerKind = "nudge"        // time to draft a nudge
	TimerNoResponse  TimerKind = "no_response"  // time to give up waiting
	TimerPrepBrief   TimerKind = "prep_brief"   // time to brief the owner before the meeting
	TimerMeetingOver TimerKind = "meeting_over" // the meeting should be over: mark met
	TimerKeepInTouch TimerKind = "keep_in_touch"
	TimerResume      TimerKind = "resume" // end of a pause with an end date
	// TimerReportBack is time to draft the report back to the introducer
	// of a contact the owner met (TemplateReportBack): set when an
	// introduced contact reaches met, due the next morning.
	TimerReportBack TimerKind = "report_back"
	// TimerColleague is, under the 3B7 routine, time to ask the next
	// person at the contact's organisation (AskColleague): set with the
	// request, ColleagueAfter business days later.
	TimerColleague TimerKind = "colleague"
)

// TimerKinds lists every timer kind.
func TimerKinds() []TimerKind {
	return []TimerKind{TimerNudge, TimerNoResponse, TimerPrepBrief, TimerMeetingOver, TimerKeepInTouch, TimerResume, TimerReportBack, TimerColleague}
}
