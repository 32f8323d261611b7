// Package daemon is rapport's long-running service. It watches the owner's
// mailbox with package imapwatch (IDLE, with polling as a fallback), one
// watcher per folder, whose Sink is the ingester: it hands each batch of
// new mail to package inbound, which decides what it means. It sends the
// outbox within the send window, fires the workflow's timers, writes the
// daily digest, and runs the service's lifecycle (Serve: generations,
// reload with rollback on SIGHUP, sd_notify). ARCHITECTURE.md follows a
// message and a nudge through it.
//
// The rule that everything else rests on: a message's effects and the
// folder's checkpoint (UIDVALIDITY and the highest UID handled) commit in
// the same database transaction, batch after batch in UID order, and
// every message is recorded once by its Message-ID. A crash at any
// instant therefore neither loses a message nor applies one twice: after
// a restart, the watcher fetches again from the last committed UID, and
// messages recorded before are recognised and skipped.
package daemon
