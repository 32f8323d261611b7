package oauthsasl

import (
	"bytes"
	"testing"

	"github.com/emersion/go-sasl"
)

var _ sasl.Client = (*Client)(nil)

func TestInitialResponses(t *testing.T) {
	if _, ir, _ := New(XOAuth2, "alex@example.com", "tok").Start(); string(ir) != "user=alex@example.com\x01auth=Bearer tok\x01\x01" {
		t.Errorf("XOAUTH2 initial response %q", ir)
	}
	if _, ir, _ := New(OAuthBearer, "a=b,c@example.com", "tok").Start(); string(ir) != "n,a=a=3Db=2Cc@example.com,\x01auth=Bearer tok\x01\x01" {
		t.Errorf("OAUTHBEARER initial response %q", ir)
	}
}

// The server's error is answered once, as each mechanism wants, and kept.
func TestErrorChallenge(t *testing.T) {
	for mech, want := range map[string][]byte{XOAuth2: {}, OAuthBearer: {0x01}} {
		c := New(mech, "alex@example.com", "tok")
		resp, err := c.Next([]byte(`{"status":"401"}`))
		if err != nil || !bytes.Equal(resp, want) || string(c.Failure) != `{"status":"401"}` {
			t.Errorf("%s: Next = %q, %v; failure %q", mech, resp, err, c.Failure)
		}
		if _, err := c.Next([]byte("again")); err == nil {
			t.Errorf("%s: a second challenge was answered", mech)
		}
	}
}
