// Package templates holds rapport's built-in message templates: the mail it
// writes to contacts and the notices it sends the owner.
//
// Each message comes from one file, NAME.txt; the daily digest's HTML part
// comes from digest.html. The owner may override any of them by putting a
// file of the same name in the template directory named by the
// configuration's paths.templates; the others keep coming from [Default].
//
// # File format
//
// A file is one Go text/template. Executed, it yields a header block, one
// empty line, and the body:
//
//	Subject: {{with .Contact.Field}}Your path into {{.}}{{else}}Your work{{end}}
//	Bcc: {{with .IntroducedBy}}{{.Email}}{{end}}
//
//	Hi {{.Contact.FirstName | default "there"}},
//	…
//
// The headers allowed are Subject (required; it must not execute to an empty
// value), Cc, Bcc and Reply-To. Each stays on one line of the file. A Cc,
// Bcc or Reply-To that executes to nothing is left out. rapport sets From,
// To, Date and Message-ID itself, and a reply's In-Reply-To and References.
// Mail goes to the contact; notices go to the owner.
//
// The body is plain text. Each paragraph is one line of the file: mail
// readers wrap it to their window, whereas hard-wrapped lines come out
// ragged once names of varying length are filled in. The digest is the
// exception: a list read at a glance, it wraps its own lines at 72
// characters with wrap, and sets no header but Subject.
//
// # The digest's HTML part
//
// digest.html is one Go html/template and nothing else: no header block
// (the HTML part goes out under the Subject of digest), the whole file is
// the HTML document. html/template escapes every value for where it
// appears, so a contact's name or words cannot add markup. It gets the
// same data and functions as digest. Mail clients ignore or strip much of
// HTML: keep all CSS in style attributes (a <style> element is for
// @media (prefers-color-scheme: dark) alone), load no image, font or
// stylesheet, and link to nothing but mailto: addresses.
//
// # Placeholders
//
// Text in square brackets, such as [what I learned] or [your update], is a
// placeholder: the owner must replace it before the message goes out, and
// rapport refuses to send a draft that still holds one. Quoted lines (those
// starting with ">") are not checked, since they are someone else's text.
// request, nudge, intro_reply and report_back hold no placeholder, so
// that they can be sent without review; thank_you and keep_in_touch hold
// one whenever
// nothing fills it (for a contact whose optional fields are empty), so
// that the owner writes what only they can: the default thank_you writes
// {{.Learned | default "[what I learned]"}}, the owner's own words once
// their debrief gives some that can be quoted.
//
// # Data
//
// Every field below is always present, possibly empty or nil, so templates
// execute with the option missingkey=error. Guard the optional ones with
// {{with}} or {{if}}.
//
//	.Owner          the person rapport works for
//	  .Name         full name: "Sam Martin"
//	  .FirstName    "Sam"; may be empty
//	  .Background   one or two sentences in the first person: "I'm a civil
//	                engineer in Lyon, thinking about a move into urban
//	                planning."; may be empty
//	  .Signature    the lines under the sign-off (name, phone, a link); may
//	                be empty
//	.Contact        the person the mail is to, or the notice is about
//	  .ID           number; notices show it as #ID, and the owner's replies
//	                to a notice are matched to the contact by it
//	  .Name         full name
//	  .FirstName    may be empty
//	  .Email        address
//	  .Company      may be empty
//	  .Role         "transport planner"; may be empty
//	  .Field        "urban planning"; may be empty
//	  .Source       how the owner found them, completing "I found your name
//	                through …": "your talk at Devoxx"; may be empty
//	  .Notes        the owner's notes; may be empty
//	.IntroducedBy   the contact who introduced them, with the same fields as
//	                .Contact, or nil
//	.Meeting        the arranged conversation, or nil
//	  .Start, .End  time.Time in the owner's zone
//	  .ContactStart .Start in the contact's zone
//	  .When         the meeting for the owner's eyes, zone labelled, the
//	                contact's clock beside it: "Tue 8 Dec 2026 15:00–15:30
//	                CET (09:00–09:30 EST for Claire)"
//	  .Place        an address, a phone number or a video link; may be empty
//	.Thread         the last message of the conversation, or nil
//	  .Subject      its subject, as sent
//	  .From         "Name <address>"
//	  .Date         time.Time in the owner's zone
//	  .Body         its plain-text body
//	  .Sender       for a contact's message from another address than
//	                .Contact.Email, who wrote it ("from x@home.example, now
//	                one of their addresses; …", or a colleague); else empty
//	  .Cc           notice_reply: the people the reply copied, a list of
//	                "Name <address>" (or a bare address); empty elsewhere
//	.Messages       the last messages of the conversation, oldest first,
//	                with the fields of .Thread (at most three; the last is
//	                .Thread); empty when there is none
//	.Nudge          which follow-up this is: 1 for the first; 0 outside nudge
//	.Suggested      the people the contact suggested the owner talk to: whom
//	                they introduced, or whom the owner's debrief named with
//	                an address; a list with the fields of .Contact, oldest
//	                first; empty when none: guard it with {{with}} or
//	                {{range}}
//	.Learned        what the owner learned from the contact, in the owner's
//	                words from the debrief, as words to the contact that
//	                read after "What stayed with me most: " ("you showed me
//	                how the planning office decides on new tram lines."); it
//	                ends with a full stop or another end mark. Empty before
//	                the debrief, and when the owner's words cannot be quoted
//	                to the contact as they are (a word or two, or words
//	                about them as he, she or they): then the owner writes it
//	.ThankYouBy     debrief: the last day the thank-you is due on, a
//	                time.Time at midnight in the owner's zone; the zero
//	                time elsewhere: {{if not .ThankYouBy.IsZero}}
//	.Met            report_back: the person the owner met, whom .Contact
//	                (the mail's recipient) introduced, with the fields of
//	                .Contact; nil for every other template. .Meeting is
//	                then the meeting with them, and .Learned what the
//	                owner learned from them, as words to .Contact about
//	                them ("he showed me how the planning office decides
//	                on new tram lines."), empty when the debrief has not
//	                come or cannot be quoted (see LearnedAbout)
//	.Held           notice_reply under the 3B7 routine: the people at
//	                .Contact's organisation whose follow-ups wait because
//	                .Contact answered, with the fields of .Contact, until
//	                the owner writes "#ID go on" or "#ID hold"; empty
//	                for every other notice
//	.Questions      the question bank's questions (see below) as they
//	                read for .Contact, in the bank's order: a list of .N
//	                (the number, for good: Q3 is 3) and .Text (one
//	                line); empty when the bank is
//	.Draft          notice_approve: the message awaiting approval
//	  .Subject, .Body
//	.Bounce         notice_bounce: the failed delivery
//	  .Recipient    the address that failed, as the delivery report names it
//	  .Status       the status code: "5.1.1", or "550" when the server gave
//	                no other; may be empty
//	  .Meaning      .Status in plain words: "no such mailbox at that
//	                address"; may be empty
//	  .Diagnostic   the server's own words, on one line; may be empty
//	.Receipt        receipt: what rapport did with a mail the owner sent it
//	  .Subject      that mail's subject, as the owner wrote it; may be empty
//	  .Results      a list, one per command line or introduced person, in
//	                order; may be empty: guard it with {{range}}
//	    .Command    what the owner wrote: "met #12"; empty for a person of a
//	                forwarded introduction
//	    .OK         false when nothing changed because of a problem
//	    .Text       what changed: "#12 Jane Doe: replied → met"; or what is
//	                wrong
//	    .Hint       for a problem, what to write instead; may be empty
//	    .Details    a list of more lines: a status report, the candidates
//	                of an ambiguous name; may be empty
//	  .Help         the command help, when asked for or a command was
//	                unknown; else empty
//	.Digest         digest and digest.html: the daily digest; about no
//	                single contact
//	  .Date         time.Time: the day, at midnight in the owner's zone
//	  .Since        time.Time: the previous digest; zero for the first
//	  .Today        the groups (below) of "Needs you today", in this order:
//	                replies, drafts, meetings, thank_yous, uncertain,
//	                returning; an empty one is left out
//	  .Waiting      a group, key "waiting": requests out, next nudges
//	  .NextToAsk    a group, key "next_to_ask": whom to write to next at
//	                each target company (workflow.target_companies), or
//	                at companies asked that have not answered; no items
//	                when there is nobody to suggest
//	  .Pipeline
//	    .Stages     a list of .Label and .N: contacts in each stage
//	    .Statuses   the same, for every status with contacts
//	    .Last30     the last 30 days, as a funnel: .Requested, .Replied,
//	                .Scheduled, .Met, .Thanked (numbers of contacts who
//	                reached each step), .ReplyRate (0
//	                to 1; 0 when none was requested), .MedianDaysToReply
//	                (negative when nobody replied)
//	    .AllTime    the same, for all time
//	    .Referrals  a group, key "referrals": the chains that grew
//	    .Bars       the funnel drawn, one per step (requested, replied,
//	                scheduled, met, thanked): .Label, and .Recent and .All
//	                (Last30's and AllTime's), each a measure
//	    .Templates  reply rates by request template and subject, the
//	                most sent first: .Label, .Sent, .Replied, .Rate (0 to
//	                1) and .Bar, a measure
//	    a measure:  .N, .Shown (its label: "12", "42%"), .Width (its
//	                share in percent, 0 to 100) and .Text (that share in
//	                '#', ten for all)
//	  .Problems     groups, in this order: bounces, commands, templates,
//	                offline; an empty one is left out
//	  .Nothing      true when nothing needs the owner today (.Today is
//	                empty)
//	  .Week         the weekly look back, on digest.weekly_day; nil on
//	                the other days. .From and .To (time.Time) bound the
//	                week; .Learned (what the owner learned, from their
//	                debriefs), .Met and .Referrals (the people they were
//	                referred to) are groups; .Tree lists who led to whom,
//	                each line with .Depth (0 to 8), .Indent (two spaces
//	                per level), .ID, .Name and .New (introduced this
//	                week); .TreeAll is true when .Tree is the whole tree,
//	                false when only the chains that grew; .TreeMore counts
//	                the lines left out; .Questions are the bank's
//	                questions marked good this week: .N, .Text (the words
//	                when marked) and .Names ("#42 Claire Moreau"); .Quiet
//	                is true when the week has nothing to look back on.
//	                The built-in digest shows it with {{template "week" .}}
//	                from a partial file of its own
//	  .CommandTo    the address a tapped command goes to; empty when
//	                there is none, and then no link is made
//	  .CommandTag   the subject tag such a mail needs; may be empty
//	  a group:      .Key (stable: for HTML ids), .Title, .Items, .More,
//	                the number of items left out, .All, the command
//	                that answers with the whole list ("list waiting"; may
//	                be empty), and .AllMailto, .All as a mailto: link
//	                (empty without .CommandTo or .More)
//	  an item:      .ID (the contact's #id; 0 for none), .Name (may be
//	                empty), .Text (one line), .Quote (one line of what
//	                they wrote; may be empty), .Actions (the commands
//	                that act on it, each .Command: "#12 met", .Label:
//	                "met", and .Mailto: a mailto: link that sends
//	                .Command, empty without .CommandTo) and .Do (the
//	                first .Command; may be empty)
//
// # Functions
//
// Besides text/template's built-ins:
//
//	default D V    V, or D when V is empty: {{.Contact.FirstName | default "there"}}
//	date L T       time T in Go layout L: {{date "Mon 2 Jan 15:04" .Meeting.Start}}
//	join SEP LIST  the strings of LIST separated by SEP: {{join ", " .List}}
//	quote TEXT     TEXT with "> " before each line (">" before an empty one)
//	               and no final newline: {{quote .Thread.Body}}
//	wrap W IND T   each line of T broken at spaces to at most W characters,
//	               the lines it adds starting with IND; words (an #id, an
//	               address) are never split: {{wrap 72 "    " .Text}}
//	add N…         the sum of the numbers: {{add $n (len .Items) .More}}
//	percent F      a fraction as a whole percentage: 0.4167 is "42%"
//	days F         a number of days to one decimal, "2.5 days", "1 day";
//	               "—" when negative: {{days .MedianDaysToReply}}
//	names LIST     the names of a list of people as a sentence gives them:
//	               "Ana Ruiz", "Ana Ruiz and Marc Dubois", "Ana Ruiz, Marc
//	               Dubois and Lena Vogel": {{names .Suggested}}
//	bookingLinks T the links to booking pages (Calendly, Cal.com, Google
//	               appointment schedules, Microsoft Bookings, …) that text T
//	               offers, outside its quoted part, at most three: {{range
//	               bookingLinks .Thread.Body}}book via link: {{.}}{{end}}
//	readReply B D C E… what a reply's body B, written at D and copied
//	               to the list C (.Thread.Cc), reads like, from its own
//	               words (not its quote): .Meaning is "yes", "no",
//	               "later" or "" when in doubt; for "later", .Until is the
//	               day to ask again and .Days the days to it (zero when
//	               the reply names none); .Referrals are the people it
//	               points to ({{.Name}}, {{.Email}}): the addresses its
//	               text gives, then the people of C its text names; never
//	               the addresses E…: {{with readReply .Thread.Body
//	               .Thread.Date .Thread.Cc .Contact.Email}}{{.Meaning}}
//	               {{end}}. A proposal for the owner to confirm, never a
//	               decision
//
// # Templates
//
// To contacts:
//
//	request        the first message, asking for a 20 to 30 minute conversation
//	nudge          the follow-up when the request got no answer
//	intro_reply    the answer to a mutual contact's introduction, to both
//	thank_you      within a day of the meeting; written again once the
//	               owner's debrief says what they learned and whom the
//	               contact suggested, unless the owner has edited it
//	keep_in_touch  months later, an update on what came of the advice
//	report_back    to whoever introduced a contact the owner met, the
//	               morning after the meeting: how it went ("close the
//	               loop"); it gets .Met, and reads well without .Learned,
//	               so it holds no placeholder and may go without review
//
// To the owner:
//
//	notice_reply              a contact answered
//	notice_approve            a draft waits for approval
//	notice_bounce             a contact's address failed
//	notice_no_response        no answer after the follow-up
//	notice_meeting_cancelled  a meeting is off
//	prep_brief                before a meeting: who, and what to ask
//	debrief                   after a meeting: how it went, whom to see next
//	receipt                   the answer to a mail the owner sent rapport
//	                          (commands, a forwarded introduction): what
//	                          became of each line; it gets .Receipt, and
//	                          is about no single contact
//	digest                    the daily digest, plain text; it gets .Digest
//	digest.html               the daily digest's HTML part, from the same
//	                          data (see above)
//
// # The question bank
//
// questions.txt holds the questions the prep brief offers, one per line
// as "N: question", numbered by the owner for good: the debrief asks
// which worked well ("Good questions: 2, 5"), the owner may mark them
// later by mail ("#12 good 2 5"), and the weekly look back lists them. A
// question may use the fields above, as a template does. The owner's
// questions.txt, in the template directory, replaces the built-in one
// whole; [Load] checks it as it checks a template, and [ParseBank] gives
// the rules.
//
// # Loading and rendering
//
// [Load] reads the defaults and the owner's directory and checks every
// template before anything is sent: its header block, its syntax, the
// fields it names, and a render for a rich sample contact and for one
// whose optional fields are all empty or nil (for the digest: one with
// nothing in it); it reports every problem at once with its file and
// line. [Set.Render] executes one template for real data into a
// [Message], and [Set.RenderDigest] both parts of the digest. [Live] keeps the last good [Set] while the
// owner edits the directory. Each header line and the body execute as
// separate templates, so that nothing in the data can turn into a header;
// a variable or {{define}} in one of them is not seen by the others.
// [Placeholders] gives the exact rule for what counts as a placeholder.
package templates

import (
	"embed"
	"io/fs"
	"slices"
	"strings"
)

// Default holds the built-in templates at its root: one NAME.txt file per
// template, and digest.html; an owner's template directory overrides them
// file by file.
//
//go:embed *.txt *.html
var Default embed.FS

// Names returns the names of the built-in templates, sorted: the file
// names in [Default] without ".txt", and "digest.html" as it is (see
// [FileName]). It does no I/O beyond the embedded files.
func Names() []string {
	entries, err := fs.ReadDir(Default, ".")
	if err != nil {
		// The embedded root always exists; failing here is a build bug.
		panic("templates: read embedded directory: " + err.Error())
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if name, ok := strings.CutSuffix(e.Name(), ".txt"); ok {
			names = append(names, name)
		} else if isHTML(e.Name()) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names
}

// FileName returns the name of the file that holds the template called
// name, in [Default] and in an owner's directory: NAME.txt, or the name
// itself for an HTML template ("digest.html").
func FileName(name string) string {
	if isHTML(name) {
		return name
	}
	return name + ".txt"
}

// isHTML reports whether the template called name is an html/template
// file rather than a message with headers.
func isHTML(name string) bool { return strings.HasSuffix(name, ".html") }
