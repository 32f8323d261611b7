// Package inbound decides what an incoming message means, and applies it
// in the caller's transaction: the road a message takes from the moment
// it is fetched until its effects are committed.
//
// Transport stays with the caller (package daemon fetches from IMAP, in
// batches, and commits each batch with its folder's checkpoint); here is
// meaning, testable with no server:
//
//   - handler.go: Handle, a batch of one folder: sends it answers are
//     settled, strangers found in one query, each message recorded once.
//   - match.go: which contact a message belongs to: its thread, whoever
//     writes it, else the sender's address, else a bounce's failed
//     address.
//   - effects.go: the workflow event a contact's message means, and what
//     it teaches (their time zone, another address of theirs).
//   - owner.go and approve.go: the owner's own mail: proof of the owner
//     (package authres), commands, approvals, forwarded introductions,
//     receipts; automatic mail never commands.
//   - sent.go: HandleSent, the owner's Sent folder: mail they wrote to a
//     contact from their own mail program moves the contact as rapport's
//     own mail would; rapport's own copies and mail to others move nothing.
//   - softbounce.go: a bounce that is not permanent: a delay is only
//     noted; a soft failure counts for the address (package store), and
//     the third in a row is the bounce event.
//   - worth.go: which bodies are worth fetching, from headers alone.
//
// Nothing rapport reads and leaves for a reason the owner would care
// about is left in silence: it becomes a store.Problem for the digest, or
// a receipt.
package inbound
