// Package command reads the commands the owner writes to rapport by mail:
// "met Jane Doe", "#12 drop", "scheduled 2026-12-03 15:00 Europe/Berlin".
// It is pure: no store, no clock (the caller passes the time), and no I/O
// but the read of the system's zone database when a line names a zone
// (through [time.LoadLocation], for names shaped like "Area/City" only).
// It does not resolve contacts either: a [Who] says how the owner named
// one, and the caller looks it up.
//
// # Where commands are read
//
// The subject, once reply tags ("Re:", "AW:", "SV:" …) and a leading tag
// in brackets ("[rapport]") are gone, is one command when it parses as one
// without error; otherwise it is ignored, for a subject is mostly the
// title of whatever the owner answers. A forwarded subject ("Fwd:", "WG:",
// "TR:" …) and the title of rapport's own notices ("rapport: …") are never
// commands: they were written by someone else. A subject command that the
// body repeats word for word counts once.
//
// The body's command block is the owner's first run of text outside
// quoted text. Quoted lines ("> …") and the "On … wrote:" line above them
// (or its translations, also wrapped over two lines) are skipped before it,
// so a reply written below a quoted notice or digest is read, and a quoted
// "#12 met" never is. The block starts at the first other non-empty line
// and ends at the first empty line after a command, at quoted text, at the
// header of an original a client did not quote ("-----Original
// Message-----", "From: …", a forwarded-message marker, a line of
// underscores), at a signature ("-- ", "Sent from my …"), or after
// [Options.MaxLines] lines. Commands go one per line and are returned in
// order. In the block, a line that is not a command is an [*Error] with a
// hint; when no line of the body even starts like a command (a verb, a
// verb misspelt by one letter, an #id), the body is not a command block
// and Parse reports nothing about it (the mail may be a forward: the
// caller decides). A body read after a subject command is judged alone: a
// prose body adds no errors.
//
// # Lines
//
// Verbs are case-insensitive. A line may start with a bullet ("- ", "* ",
// "• ", "1. ") and end with punctuation (".", "!", "?"; kept in free text:
// notes and the fields of add). Invalid UTF-8 becomes U+FFFD; control
// characters, tabs and Unicode spaces (no-break space included) become one
// space; bidirectional overrides and zero-width characters are removed, so
// a name cannot be made to read backwards. A line longer than 1000
// characters is an error, and only the first 256 KiB of a body are read.
// A line break inside a line (a lone CR, NEL, U+2028) makes add an error:
// its name and address end up in mail headers.
//
// # Contacts
//
// A contact ([Who]) is named by "#12", by an email address, or by part of
// a name of at most five words ("Jane Doe"). A line may also start with the
// #id, as the digest suggests: "#12 met", "#9 snooze 5d", "#3 send". When
// the mail answers a notice about one contact, [Options.Scope] names it and
// a command without a contact is about that one ("met", "pause until
// 2027-01-10"); a named contact always wins over the scope. Pronouns and
// fillers ("send it", "met her", "drop them please") name no one: they
// stand for the scoped contact, and are an error without one, so that "it"
// is never looked up as a part of a name ("Initech"). So "status"
// alone is about the scoped contact, or everyone without a scope; "status
// all" is always everyone. "met with Jane Doe" and "scheduled with …" drop
// the "with". add and help are about no contact, and help ignores what
// follows it. add may name, right after the address, the contact who
// suggested the person ("add Maria López <maria@x.example> via #9", or via
// their address, never a name nor the scope): [Command.Via].
//
// note needs care, because its text follows the contact: with a scope,
// everything after "note" is the text unless it starts with an #id ("note
// #4 …" is about #4). Without a scope the contact must be an #id, an email
// address, or a name ended by a colon: "note Jane Doe: knows Ana".
//
// # Dates and times
//
// Meeting times are read in the zone named at the end of the line (an
// IANA name such as Europe/Berlin, or UTC), else in [Options.Zone]:
//
//	2026-12-03 15:00   2026-12-03T15:00   2026-12-03T15:00:00+01:00
//	3 Dec 2026 15:00   Thu 3 December 2026 at 3pm   Dec 3, 2026 3:30pm
//	today 15:00        tomorrow 10:00
//
// "today" and "tomorrow" need [Options.Now]. A weekday, when given, must
// match the date. Numeric dates with slashes or dots (03/12/2026) are
// refused as ambiguous. A time that does not exist in the zone (the hour
// skipped when clocks go forward) is an error; one that happens twice
// (when they go back) is the first. "pause … until DATE" takes
// the same dates without a time, and the date must lie after today. Snooze
// durations are a number and a unit: 36h, 5d, 2w, "5 days"; from one hour
// to 366 days.
package command
