package classify

import (
	"strings"
	"testing"
)

// TestBounceDelayedOrGivenUp holds the three answers a report gives to
// "did the message arrive?" apart: a warning that the server is still
// trying (Delayed), a message given up on with a temporary status
// (neither: a soft failure, the address may still be good), and a
// permanent failure. A full mailbox is read by its status: 4.2.2 is
// temporary, 5.2.2 permanent.
func TestBounceDelayedOrGivenUp(t *testing.T) {
	tests := []struct {
		name      string
		raw       []byte
		delayed   bool
		permanent bool
		status    string
	}{
		{"postfix warning, server unreachable", readZoo(t, "postfix_delay_dsn.eml"), true, false, "4.4.1"},
		{"postfix warning, mailbox full", readZoo(t, "postfix_quota_delay_dsn.eml"), true, false, "4.2.2"},
		{"exim warning, greylisted", readZoo(t, "exim_delay.eml"), true, false, "4.7.1"},
		{"exchange warning, text only", readZoo(t, "exchange_delay.eml"), true, false, "4.4.7"},
		{"postfix gave up, mailbox full 4.2.2", readZoo(t, "postfix_expired_dsn.eml"), false, false, "4.2.2"},
		{"exim retry timeout, greylisted", readZoo(t, "exim_retry_timeout.eml"), false, false, "4.7.1"},
		{"exchange queue expired", readZoo(t, "exchange_expired_dsn.eml"), false, false, "4.4.7"},
		{"mailbox full 5.2.2", readZoo(t, "dsn_qp.eml"), false, true, "5.2.2"},
		{"no such user 5.1.1", readZoo(t, "postfix_text.eml"), false, true, "5.1.1"},
		{"status 4.x.x without an action", rawMail("--b\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; kim@example.org\nStatus: 4.2.2\n--b--\n",
			"From: postmaster@example.net", "To: alex@owner.example", "Subject: Delivery Status Notification",
			"Content-Type: multipart/report; report-type=delivery-status; boundary=b"), true, false, "4.2.2"},
		{"failed and delayed recipients: the failure counts", rawMail("--b\nContent-Type: message/delivery-status\n\n"+
			"Final-Recipient: rfc822; kim@example.org\nAction: delayed\nStatus: 4.4.1\n\n"+
			"Final-Recipient: rfc822; lee@example.org\nAction: failed\nStatus: 4.2.2\n--b--\n",
			"From: postmaster@example.net", "To: alex@owner.example", "Subject: Delivery Status Notification",
			"Content-Type: multipart/report; report-type=delivery-status; boundary=b"), false, false, "4.2.2"},
		{"SES transient bounce", rawMail(`{"notificationType":"Bounce","bounce":{"bounceType":"Transient","bouncedRecipients":[{"emailAddress":"kim@example.org","action":"failed","status":"4.2.2","diagnosticCode":"smtp; 452 4.2.2 mailbox full"}]}}
`, "From: no-reply@sns.amazonaws.com", "To: alex@owner.example", "Subject: AWS Notification Message"), false, false, "4.2.2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Parse(tt.raw)
			if m.Kind != KindBounce {
				t.Fatalf("Kind = %s (%s), want bounce", m.Kind, m.Reason)
			}
			b := m.Bounce
			if b.Delayed != tt.delayed || b.Permanent != tt.permanent || b.Status != tt.status {
				t.Errorf("Delayed, Permanent, Status = %v, %v, %q (action %q); want %v, %v, %q",
					b.Delayed, b.Permanent, b.Status, b.Action, tt.delayed, tt.permanent, tt.status)
			}
			if b.Delayed && b.Permanent {
				t.Error("a report cannot be both a delay and a permanent failure")
			}
			if !strings.Contains(strings.Join(b.Recipients, ","), "@example.org") {
				t.Errorf("Recipients = %q, want the failed address", b.Recipients)
			}
		})
	}
}
