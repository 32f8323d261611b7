// Package outbox is what happens to rapport's outgoing mail between the
// workflow deciding to write it and the sender handing it to the server:
// drafting it from a template in the transition's own transaction,
// approving, editing or skipping it, and recording that it left.
//
// The daemon's sender and the CLI both go through it, so a message is
// approved, sent or confirmed the same way whoever does it: each of the
// owner's changes starts from its own statuses (Check), and refuses the
// others with a *StatusError that says what can be done instead (Hint).
// The data a template gets is built once (TemplateData), for drafting and
// for the owner's previews (Drafter.Preview). Every function works inside
// the caller's store transaction.
package outbox
