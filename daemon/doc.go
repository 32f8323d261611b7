// Package daemon is rapport's long-running service. It watches the owner's
// mailbox over IMAP (IDLE, with polling as a fallback), understands every
// new message and applies its effects to the contacts it belongs to.
//
// The rule that everything else rests on: a message's effects and the
// folder's checkpoint (UIDVALIDITY and the highest UID handled) commit in
// the same database transaction, and every message is recorded once by
// its Message-ID. A crash at any instant therefore neither loses a
// message nor applies one twice: after a restart, the watcher fetches
// again from the last committed UID, and messages recorded before are
// recognised and skipped.
package daemon
