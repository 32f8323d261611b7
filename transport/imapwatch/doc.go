// Package imapwatch is rapport's IMAP transport. It knows servers, not
// contacts: it connects, watches folders, fetches mail and hands it over
// with the folder's checkpoint; what the mail means is its caller's.
//
//   - Dialer opens authenticated sessions in the configured TLS mode, with
//     a password (LOGIN) or an OAuth access token (XOAUTH2, OAUTHBEARER),
//     and bounds every step so that a silent server is noticed. Errors
//     never hold a secret.
//   - ProbeIMAP checks an account as the watcher will use it, for rapport
//     doctor and config check, and reports the step that failed.
//   - Watcher follows one folder: IDLE with a poll as the safety net (or
//     polling alone), a NOOP that proves a quiet connection alive, and
//     reconnection after a jittered backoff. After SELECT it catches up
//     from the checkpoint its Sink keeps, reading the lookback window on a
//     first look and again when UIDVALIDITY changed. It fetches in batches:
//     the header fields its caller names first, then the bodies the Sink
//     wants, then hands the batch and its new checkpoint to Sink.Apply,
//     then tidies as the answer asks (a keyword, a move of machine mail).
//   - Mailbox runs a sender's short sessions: filing a copy in Sent,
//     finding a Message-ID there, and the last look for an answer before a
//     follow-up (LastLook: plain addresses, domains and Message-IDs).
//
// The rule its caller builds on: a batch's checkpoint travels with the
// batch, and the Sink commits both at once, so that a crash at any instant
// never moves the checkpoint past a message whose effects were not
// committed. A batch handed over again after a crash is the Sink's to
// recognise.
package imapwatch
