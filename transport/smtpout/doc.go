// Package smtpout hands one composed message to the owner's mail server
// over SMTP (submission with STARTTLS, implicit TLS, or plain SMTP to a
// local proxy), with github.com/wneessen/go-mail's Client and its smtp
// package.
//
// Send transmits exactly the bytes it is given, so what rapport stored is
// what the server receives, and says through an *Error what a failure
// means for the message: Temporary (not delivered; try again later),
// Permanent (not delivered; trying again will fail the same way) or
// Ambiguous (the connection failed after the whole message was sent and
// before the server answered: it may have been delivered, so it must not
// be sent again without the owner).
//
// It logs in with a password (PLAIN, LOGIN, SCRAM or CRAM-MD5) or with an
// OAuth 2.0 access token (XOAUTH2 or OAUTHBEARER) fetched anew for each
// connection. The password and the token never appear in errors or in any
// printed form of Config or Sender.
package smtpout
