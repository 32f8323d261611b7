package templates

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/rapport-mail/rapport/internal/when"
)

// Data is what a template executes with, as the package documentation
// lists it. Every field is always present; the pointers are nil when the
// part does not apply, and templates guard them with {{with}} or {{if}}.
//
// Draft is set only for notice_approve, Bounce only for notice_bounce,
// Receipt only for receipt, and Digest only for digest and digest.html:
// [Set.Render] refuses those templates without them, and [Load] checks
// every other template against data where all four are nil.
type Data struct {
	Owner        Owner
	Contact      Person
	IntroducedBy *Person  // the contact who introduced Contact, or nil
	Meeting      *Meeting // the arranged conversation, or nil
	Thread       *Thread  // the last message of the conversation, or nil
	Messages     []Thread // the last messages of the conversation, oldest first; Thread is the last
	Nudge        int      // which follow-up this is: 1 for the first; 0 outside nudge
	// Suggested are the people Contact suggested the owner talk to (whom
	// they introduced, or whom the owner's debrief named with an
	// address), oldest first; empty when none.
	Suggested []Person
	// Learned is what the owner learned from Contact, from their debrief,
	// as words the template may quote to Contact after "What stayed with
	// me most: " (see [Learned]); empty before the debrief, or when their
	// words cannot be quoted to Contact as they are. In report_back it is
	// what the owner learned from Met, as words to Contact about Met (see
	// [LearnedAbout]).
	Learned string
	// ThankYouBy is, for debrief, the last day the thank-you is due on, at
	// midnight in the owner's zone (workflow.thank_you_within after the
	// meeting); the zero time for every other template.
	ThankYouBy time.Time
	// Met is, for report_back, the person the owner met, whom Contact
	// (the mail's recipient) introduced; nil for every other template.
	Met *Person
	// Held are, for notice_reply under the 3B7 routine, the people at
	// Contact's organisation whose follow-ups now wait because Contact
	// answered, until the owner writes "#ID go on" or "#ID hold"; empty
	// otherwise.
	Held []Person
	// Questions are the question bank's questions as they read for
	// Contact, numbered for good, in the bank's order; [Set.Render] fills
	// them from [Set.Bank] when they are nil. Empty for an empty bank.
	Questions []Question
	Draft     *DraftInfo   // notice_approve: the message awaiting approval
	Bounce    *BounceInfo  // notice_bounce: the failed delivery
	Receipt   *ReceiptInfo // receipt: what became of a mail the owner sent
	Digest    *DigestInfo  // digest and digest.html: the daily digest
}

// Owner is the person rapport works for.
type Owner struct {
	Name       string // full name: "Sam Martin"
	FirstName  string // "Sam"; may be empty (see [FirstName])
	Background string // one or two sentences in the first person; may be empty
	Signature  string // the lines under the sign-off; may be empty
}

// Person is a contact: the one a mail is to or a notice is about, or the
// one who introduced them.
type Person struct {
	ID        int64  // notices show it as #ID; the owner's replies are matched by it
	Name      string // full name
	FirstName string // may be empty (see [FirstName])
	Email     string
	Company   string // may be empty
	Role      string // "transport planner"; may be empty
	Field     string // "urban planning"; may be empty
	Source    string // completes "I found your name through …"; may be empty
	Notes     string // the owner's notes; may be empty
}

// Meeting is an arranged conversation.
type Meeting struct {
	Start, End   time.Time // in the owner's zone
	ContactStart time.Time // Start in the contact's zone (the owner's when unknown)
	Place        string    // an address, a phone number or a video link; may be empty
	// When is the meeting as the owner reads it: "Tue 8 Dec 2026
	// 15:00–15:30 CET (09:00–09:30 EST for Jane)", labelled with the
	// owner's zone, the contact's clock beside it when it reads otherwise.
	When string
}

// Thread is the last message of a conversation.
type Thread struct {
	Subject string    // as sent
	From    string    // "Name <address>"
	Date    time.Time // in the owner's zone
	Body    string    // the plain-text body
	// Sender says, for a contact's message written from another address
	// than the one rapport writes to, who wrote it: "from
	// fatima@home.example, now one of their addresses; …" or "from
	// ana@acme.example, a colleague"; empty otherwise.
	Sender string
	// Cc lists the people a contact's reply copied, "Name <address>" or
	// a bare address each, for the reply notice to see whom a referral
	// brought in ("cc'ing Jo, who…"). Only the reply a notice_reply is
	// about has it: rapport does not keep the Cc of the mail it records.
	Cc []string
}

// DraftInfo is a message awaiting the owner's approval.
type DraftInfo struct {
	Subject, Body string
}

// BounceInfo is a failed delivery, as the delivery report or the
// refusing server gave it. Status, Meaning and Diagnostic are each empty
// when the report did not say.
type BounceInfo struct {
	Recipient  string // the address that failed, as the report names it
	Status     string // the status code: "5.1.1" (enhanced), or "550" when the server gave no other
	Meaning    string // Status in plain words: "no such mailbox at that address"; empty for a code without one
	Diagnostic string // the server's own words, on one line: "550 5.1.1 <claire.moreau@example.org>: user unknown"
	// Soft is how many temporary failures in a row (this one the last)
	// made rapport treat the address as failed; 0 for a permanent one.
	Soft int
}

// ReceiptInfo is what rapport did with a mail the owner sent it.
type ReceiptInfo struct {
	Subject string        // the subject of the owner's mail, as they wrote it; may be empty
	Results []ReceiptLine // what became of each command line or introduced person, in order
	Help    string        // the command help, when asked for or a command was unknown; else ""
}

// ReceiptLine is the outcome of one command line, or of one person of a
// forwarded introduction.
type ReceiptLine struct {
	Command string   // what the owner wrote ("met #12"); "" for a person of an introduction
	OK      bool     // false when nothing changed because of a problem
	Text    string   // what changed ("#12 Jane Doe: replied → met"), or what is wrong
	Hint    string   // for a problem: what to write instead; may be empty
	Details []string // more lines: a status report, the candidates of an ambiguous name
}

// contactTemplates lists the templates for mail to contacts, in the order the
// package documentation gives them; the others are notices to the owner.
var contactTemplates = []string{"request", "nudge", "intro_reply", "thank_you", "keep_in_touch", "report_back"}

// noReview lists the templates that may go out without the owner's review,
// so must hold no placeholder; mustReview those that must hold one.
var (
	noReview   = []string{"request", "nudge", "intro_reply", "report_back"}
	mustReview = []string{"thank_you", "keep_in_touch"}
)

// ToContact reports whether the template name is for mail to a contact;
// the other templates are notices to the owner.
func ToContact(name string) bool { return slices.Contains(contactTemplates, name) }

// FirstName guesses the first name in a full name, for the FirstName
// fields: the first word of a name of two words or more ("Claire" from
// "Claire Moreau"), or the word after the comma in "Moreau, Claire". It
// returns "" when unsure, so that templates fall back to their default:
// for a single word (a surname, or a name written without spaces such as
// "王小明"), and for a first word that ends in "." (a title or an initial).
func FirstName(full string) string {
	if before, after, ok := strings.Cut(full, ","); ok {
		if len(strings.Fields(before)) == 1 { // "Moreau, Claire"
			if words := strings.Fields(after); len(words) > 0 {
				return firstWord(words[0])
			}
			return ""
		}
		full = before // "Claire Moreau, PhD"
	}
	words := strings.Fields(full)
	if len(words) < 2 {
		return ""
	}
	return firstWord(words[0])
}

// firstWord returns w unless it looks like a title or an initial, or
// holds no letter.
func firstWord(w string) string {
	if strings.HasSuffix(w, ".") || !strings.ContainsFunc(w, unicode.IsLetter) {
		return ""
	}
	return w
}

var (
	sampleOwnerZone   = time.FixedZone("CET", 1*60*60)
	sampleContactZone = time.FixedZone("EST", -5*60*60)
	sampleStart       = time.Date(2026, 3, 3, 15, 0, 0, 0, sampleOwnerZone)
)

// Sample returns the built-in sample: every field of Data filled, for a
// made-up contact. [Load] renders every template with it, and
// "rapport templates preview" shows it when no contact is named. Each call
// returns a fresh copy.
func Sample() Data {
	return Data{
		Owner: Owner{
			Name:       "Sam Martin",
			FirstName:  "Sam",
			Background: "I'm a civil engineer in Lyon, and after eight years on building sites I'm thinking about a move into urban planning.",
			Signature:  "Sam Martin\n+33 6 12 34 56 78",
		},
		Contact: Person{
			ID:        42,
			Name:      "Claire Moreau",
			FirstName: "Claire",
			Email:     "claire.moreau@example.org",
			Company:   "Grand Lyon",
			Role:      "transport planner",
			Field:     "urban planning",
			Source:    "your talk at the Lyon mobility forum",
			Notes:     "Led the consultation for tram line 7.",
		},
		IntroducedBy: &Person{
			ID: 7, Name: "Marc Dubois", FirstName: "Marc", Email: "marc@example.net",
			Company: "Egis", Role: "engineer", Field: "transport", Source: "a former colleague",
		},
		Meeting: &Meeting{
			Start:        sampleStart,
			End:          sampleStart.Add(30 * time.Minute),
			ContactStart: sampleStart.In(sampleContactZone),
			When: when.Owner(sampleOwnerZone).For(when.Person{Name: "Claire", Zone: sampleContactZone}).
				Span(sampleStart, sampleStart.Add(30*time.Minute)),
			Place: "Café de la Poste, 12 rue Victor Hugo",
		},
		Thread: &Thread{
			Subject: "Your path into urban planning",
			From:    "Claire Moreau <claire.moreau@example.org>",
			Date:    time.Date(2026, 2, 20, 9, 12, 0, 0, sampleOwnerZone),
			Body:    "Hi Sam,\n\nHappy to talk. Would Tuesday at 3 work?\n\nClaire\n",
		},
		Messages: []Thread{
			{Subject: "Your path into urban planning", From: "Sam Martin <sam@example.com>",
				Date: time.Date(2026, 2, 17, 18, 40, 0, 0, sampleOwnerZone), Body: "Hi Claire,\n\nMarc Dubois suggested I write to you.\n\nSam\n"},
			{Subject: "Your path into urban planning", From: "Claire Moreau <claire.moreau@example.org>",
				Date: time.Date(2026, 2, 20, 9, 12, 0, 0, sampleOwnerZone), Body: "Hi Sam,\n\nHappy to talk. Would Tuesday at 3 work?\n\nClaire\n"},
		},

		Nudge: 1,
		Suggested: []Person{{ID: 43, Name: "Lena Vogel", FirstName: "Lena", Email: "lena@example.org", Company: "Grand Lyon",
			Role: "urban planner", Field: "urban planning", Source: "a suggestion from Claire Moreau"}},
		Learned:    "the consultation for tram line 7 was mostly about listening, not presenting.",
		ThankYouBy: time.Date(2026, 3, 4, 0, 0, 0, 0, sampleOwnerZone),
		Met: &Person{ID: 43, Name: "Lena Vogel", FirstName: "Lena", Email: "lena@example.org", Company: "Grand Lyon",
			Role: "urban planner", Field: "urban planning", Source: "a suggestion from Claire Moreau"},
		Held: []Person{{ID: 44, Name: "Paul Girard", FirstName: "Paul", Email: "paul.girard@example.org", Company: "Grand Lyon"}},
		Questions: []Question{{N: 1, Text: "How did you get started in urban planning? What was your path to where you are now?"},
			{N: 2, Text: "What does a typical day or week look like for you?"}},
		Draft: &DraftInfo{Subject: "Thank you for your time on Tuesday", Body: "Hi Claire,\n\nThank you.\n\nSam\n"},
		Bounce: &BounceInfo{Recipient: "claire.moreau@example.org", Status: "5.1.1", Meaning: "no such mailbox at that address",
			Diagnostic: "550 5.1.1 <claire.moreau@example.org>: Recipient address rejected: User unknown in virtual mailbox table"},
		Receipt: &ReceiptInfo{
			Subject: "Updates",
			Results: []ReceiptLine{
				{Command: "met #42", OK: true, Text: "#42 Claire Moreau: scheduled → met"},
				{Command: "drop Marc", Text: `"Marc" names 2 contacts, so nothing changed`, Hint: "drop #7",
					Details: []string{"#7 Marc Dubois <marc@example.net>, asked", "#51 Marc Lefèvre <marc.lefevre@example.com>, replied"}},
				{OK: true, Text: "#43 Lena Vogel <lena@example.org>: added, introduced by #42"},
				{Command: "status #42", OK: true, Text: "#42 Claire Moreau: met on Tue 3 Mar",
					Details: []string{"thank-you note: waiting for your approval"}},
				{Command: "mett #42", Text: `"mett" is not a command`, Hint: "met #42"},
			},
			Help: "Write one command per line, at the start of your mail.\n\n  met Jane Doe\n      you had the conversation\n  drop #7\n      stop for good",
		},
		Digest: sampleDigest(),
	}
}

// sparse returns the sample with every optional part empty or nil, as the
// template name would get it at its sparsest: Draft and Bounce stay only
// for the notice that needs them, the Bounce with its recipient alone,
// Receipt only for receipt, with no
// subject, no result and no help, and Digest only for the digest, with
// nothing in it (see sparseDigest).
func sparse(name string) Data {
	d := Sample()
	d.Owner = Owner{Name: d.Owner.Name}
	d.Contact = Person{ID: d.Contact.ID, Name: d.Contact.Name, Email: d.Contact.Email}
	d.IntroducedBy, d.Meeting, d.Thread, d.Messages, d.Nudge = nil, nil, nil, nil, 0
	d.Suggested, d.Learned, d.Met, d.Questions = nil, "", nil, []Question{} // an empty bank: nil would be filled from it
	d.Held = nil
	d.ThankYouBy = time.Time{}
	if name != "notice_approve" {
		d.Draft = nil
	}
	if name == "notice_bounce" {
		d.Bounce = &BounceInfo{Recipient: d.Bounce.Recipient} // a report that said nothing more
	} else {
		d.Bounce = nil
	}
	if name == "receipt" {
		d.Receipt = &ReceiptInfo{}
	} else {
		d.Receipt = nil
	}
	if isDigest(name) {
		d.Digest = sparseDigest()
	} else {
		d.Digest = nil
	}
	return d
}

// DigestInfo is the daily digest: what needs the owner today, who is
// waiting, the pipeline and the problems. Every item about a contact
// carries its #id, the handle the owner's reply uses.
type DigestInfo struct {
	Date  time.Time // the day, at midnight in the owner's zone
	Since time.Time // the previous digest; zero for the first
	// Today are the parts of "Needs you today", in this order: replies,
	// drafts, meetings, thank_yous, uncertain, returning. A part with
	// nothing in it is left out.
	Today   []DigestGroup
	Waiting DigestGroup // key "waiting": requests out, and when the next nudge goes
	// NextToAsk is key "next_to_ask": whom to write to next, one line per
	// target company in order of interest, or per company asked that has
	// not answered when the owner named no targets; no items when nobody
	// is to be suggested.
	NextToAsk DigestGroup
	Pipeline  DigestPipeline
	// Problems are, in this order: bounces, commands (mail to rapport that
	// was not authenticated), templates, offline (hours without a mailbox
	// connection). A part with nothing in it is left out.
	Problems []DigestGroup
	// Nothing is true when nothing needs the owner today (Today is empty).
	Nothing bool
	// CommandTo is the address a tapped command goes to: the first of
	// commands.addresses, or the owner's own address when CommandTag is
	// set. "" leaves the HTML part without links: the owner replies by
	// hand, as the commands shown say.
	CommandTo string
	// CommandTag, when not "", starts the subject of every tapped
	// command ("[rapport] #5 send"): mail to the owner's own address is
	// for rapport only with the tag.
	CommandTag string
	// Week is the weekly look back, on the owner's chosen day
	// (digest.weekly_day); nil on the other days.
	Week *DigestWeek
}

// DigestGroup is one part of the digest.
type DigestGroup struct {
	Key   string // stable, for HTML ids and tests: "replies", "drafts", "waiting", …
	Title string // "Replies waiting for your answer"
	Items []DigestItem
	More  int // items left out to keep the digest short
	// All is the command that answers with the whole list ("list
	// waiting"), offered beside "… and N more"; "" when there is none.
	All string
	// AllMailto is All as a mailto link; filled when the digest renders,
	// "" without CommandTo or All.
	AllMailto string
}

// DigestItem is one line of the digest.
type DigestItem struct {
	ID    int64  // the contact's #id; 0 for a line about no contact
	Name  string // the contact's name; "" for none
	Text  string // what there is to know, one line: "replied Tue 1 Dec"
	Quote string // one line of what they wrote; may be empty
	// Do is the command of the first of Actions ("#12 met"), for
	// templates written before Actions; may be empty. An item with Do and
	// no Actions gets one action of Do when the digest renders.
	Do string
	// Actions are the commands that act on the item, the likeliest
	// first: "#12 met", "#12 snooze 3d". The HTML part makes each one a
	// link that opens a ready mail; the text part shows the lines.
	Actions []DigestAction
}

// DigestAction is one command the owner can send about an item.
type DigestAction struct {
	Command string // the line rapport reads: "#5 send"
	Label   string // the button's words: "send"; the command without its #id when empty
	// Mailto opens a mail to DigestInfo.CommandTo whose subject and body
	// are Command (RFC 6068); filled when the digest renders, "" without
	// CommandTo.
	Mailto string
}

// DigestPipeline is the state of the whole outreach.
type DigestPipeline struct {
	Stages    []DigestCount // identify, arrange, follow-up, closed: contacts in each
	Statuses  []DigestCount // every status with contacts, in the workflow's order
	Last30    DigestFunnel  // the last 30 days
	AllTime   DigestFunnel
	Referrals DigestGroup // key "referrals": the chains that grew since the last digest
	// Bars are the funnel drawn: one per step (requested, replied,
	// scheduled, met, thanked), Last30 beside AllTime; filled from them
	// when the digest renders.
	Bars []DigestBar
	// Templates are the reply rates of the requests, by the template and
	// subject they went with, the most sent first; at most a few, the
	// rest summed in the last.
	Templates []DigestRate
}

// DigestBar is one step of the funnel in both periods.
type DigestBar struct {
	Label       string        // "replied"
	Recent, All DigestMeasure // in Last30 and in AllTime
}

// DigestMeasure is a number and its bar: Width is its share of the
// whole (a step's of the period's requests, a rate's of 100%) in percent,
// from 0 to 100, for bars drawn to scale; Text is that share in '#', ten
// for all, at least one for anything above 0.
type DigestMeasure struct {
	N     int    // the count: contacts, or a percentage
	Shown string // what the bar is labelled with: "12", "42%"
	Width int
	Text  string
}

// DigestRate is how many of the contacts a request template or subject
// went to replied.
type DigestRate struct {
	Label   string // "request: “Coffee next week?”", or "request (12 other subjects)"
	Sent    int    // contacts it went to
	Replied int    // of those, contacts who replied
	// Rate is Replied / Sent, from 0 to 1, filled when the digest
	// renders, and Bar draws it.
	Rate float64
	Bar  DigestMeasure
}

// DigestCount is a number of contacts under a label.
type DigestCount struct {
	Label string
	N     int
}

// DigestFunnel counts contacts who reached each step of the outreach in a
// period: requested → replied → scheduled → met → thanked.
type DigestFunnel struct {
	Requested, Replied, Scheduled, Met, Thanked int
	// ReplyRate is Replied / Requested, from 0 to 1; 0 when none was
	// requested.
	ReplyRate float64
	// MedianDaysToReply is the median time from the request to the first
	// reply, in days; negative when nobody replied.
	MedianDaysToReply float64
}
