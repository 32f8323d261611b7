// Package oauthsasl is the client side of SASL XOAUTH2 and OAUTHBEARER
// with one access token, for IMAP and SMTP alike. go-sasl has no XOAUTH2,
// and its OAUTHBEARER client ends the exchange on the server's error
// without the response the mechanism requires, which leaves the command
// hanging; this one answers the error challenge (XOAUTH2: an empty
// response; OAUTHBEARER: 0x01, RFC 7628 section 3.2.3), so that the server
// refuses with its own words, and keeps the error for the message.
package oauthsasl

import (
	"fmt"
	"strings"
)

// Mechanisms.
const (
	XOAuth2     = "XOAUTH2"
	OAuthBearer = "OAUTHBEARER"
)

// Client logs in as one user with one token. It implements go-sasl's
// sasl.Client.
type Client struct {
	Mech string
	// IR is the initial response; it holds the token.
	IR []byte
	// Failure is the server's error challenge (a JSON object), once
	// received.
	Failure []byte
}

// New returns the client logging in as user with token by mech, XOAuth2
// or OAuthBearer. The initial responses are those of Google's and
// Microsoft's XOAUTH2 documents and of RFC 7628 section 3.1 (the user as
// authorization identity, as aerc sends it; no host or port).
func New(mech, user, token string) *Client {
	ir := "user=" + user + "\x01auth=Bearer " + token + "\x01\x01"
	if mech == OAuthBearer {
		// RFC 5801 section 4: "," and "=" in the authzid are escaped.
		authzid := strings.NewReplacer("=", "=3D", ",", "=2C").Replace(user)
		ir = "n,a=" + authzid + ",\x01auth=Bearer " + token + "\x01\x01"
	}
	return &Client{Mech: mech, IR: []byte(ir)}
}

// Start returns the mechanism and the initial response.
func (c *Client) Start() (string, []byte, error) { return c.Mech, c.IR, nil }

// Next answers a challenge: the only one is the server's error.
func (c *Client) Next(challenge []byte) ([]byte, error) {
	if c.Failure != nil {
		return nil, fmt.Errorf("%s: unexpected second challenge from the server", c.Mech)
	}
	c.Failure = append([]byte{}, challenge...)
	if c.Mech == OAuthBearer {
		return []byte{0x01}, nil
	}
	return []byte{}, nil
}
