// Package contacts is the one layer of operations on stored contacts. The
// command line and the owner's mail both go through it, in the caller's
// transaction, so that a change, its history entry, its drafts and its
// receipt commit together or not at all.
//
//   - Tracker applies workflow events to a contact (Apply), adds contacts
//     with their duplicates found and merged (AddContact, LinkIntroducer),
//     imports the rows of a file (Import), drafts the first request
//     (DraftRequest), appends notes, and records that an outbox row left
//     (MarkSent). It is the one place where the pure workflow meets the
//     database.
//   - Mark says what a status verb the owner writes (met, scheduled,
//     pause…) means for a contact, on the command line or by mail.
//   - Record and WriteCSV are a contact as scripts and files see it: the
//     JSON of --json and export, the CSV that rapport import reads back.
//   - Controller carries out what the owner asks by mail: the commands
//     that package mail/command reads ("met #12", "pause Jane until
//     2027-01-10"), the introductions that package mail/intro finds in a
//     forwarded mail, calendar answers and debriefs. It returns what it
//     did, line by line, for the receipt. It trusts its caller to have
//     checked that the mail is the owner's.
//
// The workflow decides; this package writes what it decided. Drafting and
// notices go through the Effects interface (package outbox implements it),
// so that contacts never composes mail itself.
package contacts
