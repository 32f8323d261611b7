package classify

import (
	"time"

	"github.com/rapport-mail/rapport/mail/authres"
)

// Kind is what a message is, decided in this order of precedence: bounce,
// auto_reply, calendar, forward, bulk, personal. Malformed is for input
// that cannot be read as a message at all.
type Kind string

// The kinds.
const (
	KindBounce    Kind = "bounce"     // a delivery failure report
	KindAutoReply Kind = "auto_reply" // an out-of-office or other automatic answer, or a read receipt
	KindCalendar  Kind = "calendar"   // carries a calendar invitation, update, cancellation or reply
	KindForward   Kind = "forward"    // forwards another message, attached or inline
	KindBulk      Kind = "bulk"       // a mailing list or a notification
	KindPersonal  Kind = "personal"   // anything else: written by a person
	KindMalformed Kind = "malformed"  // unreadable; Message.Reason says why
)

// Address is a mailbox: a display name (decoded) and a bare address, as
// written (compare addresses case-insensitively).
type Address struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email"`
}

// Message is what rapport understands of one raw message. Every string is
// UTF-8. Message IDs are written without angle brackets.
type Message struct {
	Kind   Kind   `json:"kind"`
	Reason string `json:"reason,omitempty"` // why this kind, in a few words (the signal); for malformed, what is wrong

	From       Address   `json:"from"`
	To         []Address `json:"to,omitempty"`
	Cc         []Address `json:"cc,omitempty"`
	ReplyTo    []Address `json:"reply_to,omitempty"`
	Subject    string    `json:"subject"`
	Date       time.Time `json:"date,omitzero"` // keeps the sender's UTC offset; zero when missing or unreadable
	MessageID  string    `json:"message_id,omitempty"`
	InReplyTo  []string  `json:"in_reply_to,omitempty"`
	References []string  `json:"references,omitempty"`

	// AutoSubmitted is the Auto-Submitted keyword (RFC 3834) in lower
	// case, "" when the field is absent: any value but "no" says a program
	// wrote the message.
	AutoSubmitted string `json:"auto_submitted,omitempty"`

	// AuthHeader holds the Received and Authentication-Results fields in
	// their order (the receiving side's first), up to the last
	// Authentication-Results field: what authres.Verified needs to tell the
	// receiving server's fields from ones a sender forged below them.
	AuthHeader []authres.HeaderField `json:"auth_header,omitempty"`

	// Text is the human-readable body as plain text: the first inline
	// text/plain part, or the HTML part turned into text when there is no
	// plain part. Empty from ParseHeader.
	Text string `json:"-"`

	Bounce    *Bounce    `json:"bounce,omitempty"`
	AutoReply *AutoReply `json:"auto_reply,omitempty"`
	Calendar  *Calendar  `json:"calendar,omitempty"`
	Forward   *Forward   `json:"forward,omitempty"`

	// Booking is set when a scheduling service wrote the message (see
	// Booking); the kind stays what the message is otherwise (a calendar
	// invitation, or personal or bulk mail without one).
	Booking *Booking `json:"booking,omitempty"`
	// BookingLinks are the links to booking pages the message's own text
	// offers (SchedulingLinks), for the owner to book through.
	BookingLinks []string `json:"booking_links,omitempty"`
}

// Bounce is a delivery failure.
type Bounce struct {
	Recipients []string `json:"recipients"`           // the failed addresses, lower-cased (a report's Final- and, when different, Original-Recipient); never nil, may be empty
	Action     string   `json:"action,omitempty"`     // failed, delayed, … (RFC 3464)
	Status     string   `json:"status,omitempty"`     // the enhanced status code, e.g. 5.1.1
	Permanent  bool     `json:"permanent"`            // false for delays and 4.x.x
	Diagnostic string   `json:"diagnostic,omitempty"` // the remote server's words
	// OriginalMessageID is the Message-ID of the message that bounced, when
	// the report includes its headers: the surest way to match a bounce.
	OriginalMessageID string `json:"original_message_id,omitempty"`
	// Delayed says the report is only a warning: the server still holds
	// the message and keeps trying (Action: delayed, RFC 3464 §2.3.3, or
	// a warning's subject). A report neither Delayed nor Permanent says
	// the message was given up on with a temporary status (Action: failed
	// with 4.x.x, as a server writes when its retry period ran out): the
	// message did not arrive, though the address may still be good.
	Delayed bool `json:"delayed,omitempty"`
}

// AutoReply is an automatic answer.
type AutoReply struct {
	ReturnDate time.Time `json:"return_date,omitzero"` // the day they are back (midnight UTC of that date); zero when not found
	Receipt    bool      `json:"receipt,omitempty"`    // a read receipt (MDN), not an absence
}

// Calendar is the first event of a text/calendar part. When the part is
// missing or unreadable and the kind came from the subject ("Accepted:
// …"), only Method and Summary are set.
type Calendar struct {
	Method    string    `json:"method"` // REQUEST, REPLY, CANCEL, … ("" when the part had none)
	UID       string    `json:"uid"`
	Sequence  int       `json:"sequence"`
	Status    string    `json:"status,omitempty"` // CONFIRMED, TENTATIVE, CANCELLED
	Start     time.Time `json:"start"`            // in the event's own zone (TZID) when it had one
	End       time.Time `json:"end"`
	AllDay    bool      `json:"all_day,omitempty"`
	Organizer string    `json:"organizer,omitempty"` // bare address, lower-cased
	// OrganizerName is the organizer's display name (CN), when given.
	OrganizerName string `json:"organizer_name,omitempty"`
	// ZoneUnknown is set when the event's TZID could not be resolved: Start
	// and End were read as UTC and may be off by hours.
	ZoneUnknown bool       `json:"zone_unknown,omitempty"`
	Attendees   []Attendee `json:"attendees,omitempty"`
	Summary     string     `json:"summary,omitempty"`
	Location    string     `json:"location,omitempty"`
	URL         string     `json:"url,omitempty"` // a meeting link found in the event
}

// Attendee is one participant and their answer.
type Attendee struct {
	Email    string `json:"email"`
	Name     string `json:"name,omitempty"`
	PartStat string `json:"partstat,omitempty"` // ACCEPTED, DECLINED, TENTATIVE, NEEDS-ACTION
}

// Forward is the message that was forwarded.
type Forward struct {
	From      Address   `json:"from"`
	To        []Address `json:"to,omitempty"`
	Cc        []Address `json:"cc,omitempty"`
	Subject   string    `json:"subject,omitempty"`
	Date      time.Time `json:"date,omitzero"`
	MessageID string    `json:"message_id,omitempty"`
	Body      string    `json:"-"`
	Attached  bool      `json:"attached"`       // attached as message/rfc822, not inline
	Note      string    `json:"note,omitempty"` // what the forwarder wrote above the forward
}
