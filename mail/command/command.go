package command

import (
	"fmt"
	"strconv"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// Verb names what a command asks for. The string values appear in
// receipts and must not change.
type Verb string

// The verbs. Aliases are accepted when reading ("schedule", "dropped",
// "decline") but a [Command] always carries one of these.
const (
	VerbAdd       Verb = "add"                  // record a new contact: Name, Email, Fields
	VerbMet       Verb = workflow.VerbMet       // the conversation happened
	VerbScheduled Verb = workflow.VerbScheduled // a meeting is arranged: At, Zone
	VerbPause     Verb = workflow.VerbPause     // on hold; Until when it should resume by itself
	VerbResume    Verb = workflow.VerbResume    // back from pause
	VerbDrop      Verb = workflow.VerbDrop      // the owner stops
	VerbDeclined  Verb = workflow.VerbDeclined  // they said no
	VerbNote      Verb = "note"                 // keep Text in the contact's timeline
	VerbStatus    Verb = "status"               // report one contact, or everyone when Who is zero
	VerbHelp      Verb = "help"                 // answer with [Help]
	VerbSnooze    Verb = "snooze"               // ask again about the contact's next step after Snooze
	VerbSend      Verb = "send"                 // approve the draft waiting for Who (see below)
	VerbSkip      Verb = "skip"                 // do not send the draft waiting for Who
	VerbForget    Verb = "forget"               // Email is not one of Who's addresses after all
	VerbGood      Verb = "good"                 // Questions of the owner's bank worked well with Who
	VerbList      Verb = "list"                 // answer with the whole of one of the digest's lists: List
	VerbTier      Verb = "tier"                 // how often to keep in touch with Who: Tier
	// VerbGoOn and VerbHold answer, for a contact whose follow-ups wait
	// because a colleague answered (the 3B7 routine), whether they go on.
	VerbGoOn Verb = workflow.VerbGoOn
	VerbHold Verb = workflow.VerbHold
	// VerbDraft writes the request to Who, someone added and not yet
	// asked, as rapport draft does.
	VerbDraft Verb = "draft"
)

// For send and skip, Who is the number as written ("#3 send"): whether it
// counts contacts or outbox entries is the caller's convention, and the
// digest must print the same kind of number it accepts.

// Verbs lists every verb in the order the help text shows them.
func Verbs() []Verb {
	return []Verb{
		VerbAdd, VerbDraft, VerbMet, VerbScheduled, VerbPause, VerbResume, VerbDrop,
		VerbDeclined, VerbNote, VerbSnooze, VerbSend, VerbSkip, VerbForget, VerbGood, VerbTier, VerbGoOn, VerbHold,
		VerbStatus, VerbList, VerbHelp,
	}
}

// Command is one command the owner wrote. Only the fields its Verb names
// are set; every string is valid UTF-8 on one line, without control,
// bidirectional or zero-width characters.
type Command struct {
	Verb Verb
	// Who is the contact the command is about. It is zero for add, help
	// and list, and for status about everyone.
	Who Who

	Name   string            // add: the contact's name, spaces collapsed
	Email  string            // add, forget: a plain addr-spec (name@domain), as written
	Fields map[string]string // add: company, role, field, note, tz, source; nil when none
	// Via is, for add, the contact who suggested the person added ("add
	// … via #9"): the new contact is recorded as introduced by them and
	// the request names them. Zero for none; never scoped.
	Via  Who
	Text string // note: the text, as written
	// Questions are, for good, the numbers of the question bank's
	// questions, in the order written, each once, from 1 to 999.
	Questions []int

	At   time.Time      // scheduled: the meeting's start, in Zone
	Zone *time.Location // scheduled: the zone At was read in; pause: the zone of Until
	// Until is, for pause, the start of the day the contact resumes by
	// itself, in Zone; zero to stay paused.
	Until  time.Time
	Snooze time.Duration // snooze: how long to wait
	List   string        // list: one of [Lists]
	// Tier is, for tier, the contact's new keep-in-touch tier;
	// workflow.TierNone removes it.
	Tier workflow.Tier

	Line int    // 0 for the subject, else the line of the body, from 1
	Raw  string // the cleaned line the command was read from
}

// Who names a contact as the owner wrote it. At most one of ID and Query
// is set; both are empty when the command is about no contact.
type Who struct {
	ID     int64  // from "#12" (or the scope); 0 when not given by number
	Query  string // an email address or a part of a name, for the caller to look up
	Scoped bool   // ID came from [Options.Scope], not from the line
}

// IsZero reports whether w names no contact.
func (w Who) IsZero() bool { return w.ID == 0 && w.Query == "" }

// String returns w as the owner would write it: "#12" or the query.
func (w Who) String() string {
	if w.ID != 0 {
		return "#" + strconv.FormatInt(w.ID, 10)
	}
	return w.Query
}

// Error is a line of the command block that could not be read.
type Error struct {
	Line int    // the line of the body, from 1
	Raw  string // the cleaned line, shortened when it is long
	Msg  string // what is wrong, lower case: "met whom?"
	Hint string // what to write instead; may be empty
}

// Error returns "line 3: met whom? (write …)".
func (e *Error) Error() string {
	s := fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// Options is what Parse needs to know beyond the mail.
type Options struct {
	// Zone is the owner's time zone: meeting times without a zone and
	// pause dates are read in it. Nil means UTC.
	Zone *time.Location
	// Scope is the contact the mail answers a notice about, or 0. Commands
	// that name no contact are about it.
	Scope int64
	// Now is the current time, for "today", "tomorrow" and to refuse a
	// pause until a past date. Zero turns both off: "today" is then an
	// error, and any until date is accepted.
	Now time.Time
	// MaxLines is how many lines of the command block are read, counted
	// from its first line (quoted text above it is not counted, only bounded
	// by the 256 KiB read); 0 or less means 50. It is capped at 1000.
	MaxLines int
}
