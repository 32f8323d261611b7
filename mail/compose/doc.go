// Package compose turns an outgoing message (owner, recipients, subject,
// plain-text body, an optional HTML alternative and threading headers) into
// the RFC 5322 bytes that are stored and then sent unchanged, and into its
// SMTP envelope recipients.
//
// It is pure: no I/O, no clock, no randomness except in NewMessageID and in
// the MIME boundary of a message with an HTML part. The bytes are rendered
// by github.com/wneessen/go-mail's Msg, after this package has cleaned every
// value that may come from contact data, so that no name or subject can add
// or break a header line.
package compose
