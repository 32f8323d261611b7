package classify

import (
	"strings"
	"testing"
)

// rawMail builds a raw message from header lines and a body.
func rawMail(body string, header ...string) []byte {
	return []byte(strings.Join(header, "\r\n") + "\r\n\r\n" + strings.ReplaceAll(body, "\n", "\r\n"))
}

// daemon is the header of a typical non-standard bounce to the owner.
func daemon(subject string) []string {
	return []string{
		"From: Mail Delivery System <MAILER-DAEMON@mx.example.net>",
		"To: alex@owner.example",
		"Subject: " + subject,
		"Date: Thu, 07 Mar 2024 09:00:00 +0000",
		"Return-Path: <>",
	}
}

// TestBounceRecipients covers the formats mail servers report failed
// recipients in.
func TestBounceRecipients(t *testing.T) {
	tests := []struct {
		name      string
		raw       []byte
		want      string // comma-separated, in order
		permanent bool
	}{
		{"X-Failed-Recipients", rawMail("A message that you sent could not be delivered.\n",
			append(daemon("Mail delivery failed: returning message to sender"), "X-Failed-Recipients: Omar@Clinic.example, dana@clinic.example")...),
			"omar@clinic.example,dana@clinic.example", true},
		{"sendmail fatal errors", rawMail(`The original message was received at Thu, 7 Mar 2024 09:00:00 GMT

   ----- The following addresses had permanent fatal errors -----
<lena@uni.example>
    (reason: 550 5.1.1 <lena@uni.example>... User unknown)

   ----- Transcript of session follows -----
... while talking to mx.uni.example.:
>>> RCPT To:<lena@uni.example>
<<< 550 5.1.1 <lena@uni.example>... User unknown
`, daemon("Returned mail: see transcript for details")...), "lena@uni.example", true},
		{"postfix text", rawMail(`This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<sam@corp.example>: host mx.corp.example[192.0.2.1] said: 550 5.7.1
    Relaying denied (in reply to RCPT TO command)
`, daemon("Undelivered Mail Returned to Sender")...), "sam@corp.example", true},
		{"exim", rawMail(`This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  priya@hospital.example
    host mx.hospital.example [192.0.2.2]
    SMTP error from remote mail server after RCPT TO:<priya@hospital.example>:
    550 5.1.1 User unknown
`, daemon("Mail delivery failed: returning message to sender")...), "priya@hospital.example", true},
		{"qmail", rawMail(`Hi. This is the qmail-send program at mx.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<kim@example.org>:
192.0.2.3 does not like recipient.
Remote host said: 550 No such user
`, daemon("failure notice")...), "kim@example.org", true},
		{"exchange 2003", rawMail(`Your message

  To:      kim@example.org
  Subject: Hello
  Sent:    Thu, 7 Mar 2024 09:00:00 +0000

did not reach the following recipient(s):

kim@example.org on Thu, 7 Mar 2024 09:00:05 +0000
    The e-mail address could not be found.
`, "From: System Administrator <postmaster@example.org>", "To: alex@owner.example", "Subject: Undeliverable: Hello"), "kim@example.org", true},
		{"lotus domino", rawMail(`Your message

  Subject: Hello

was not delivered to:

  jo@example.jp

because:

  User jo (jo@example.jp) not listed in Domino Directory
`, "From: Postmaster@example.jp", "To: alex@owner.example", "Subject: DELIVERY FAILURE: User jo (jo@example.jp) not listed in Domino Directory"), "jo@example.jp", true},
		{"gmail text", rawMail(`Delivery to the following recipient failed permanently:

     ghost@example.com

Technical details of permanent failure:
The email account that you tried to reach does not exist.
`, "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>", "To: alex@owner.example", "Subject: Delivery Status Notification (Failure)"), "ghost@example.com", true},
		{"rcpt to line", rawMail(`Error: Invalid user address

Message details:
  Subject: Test message
  MAIL FROM: alex@owner.example
  RCPT TO: 123@vtext.example.com
  From: alex@owner.example
`, "From: post_master@vtext.example.com", "To: alex@owner.example", "Subject: Re:Test message"), "123@vtext.example.com", true},
		{"delayed text", rawMail(`This is the mail system at host mx.example.net.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

<slow@example.org>: connect to mx.example.org[192.0.2.4]:25: Connection timed out; delayed
`, daemon("Delayed Mail (still being retried)")...), "slow@example.org", false},
		{"report relayed by a list", rawMail(`Hi. This is the qmail-send program at crm.example.com.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<3454@qq.example>:
Remote host said: 550 SPF check failed
`, "From: dev-list@lists.example.net", "To: dev-list@lists.example.net", "Subject: Re: build broken", "List-Id: <dev.lists.example.net>"), "3454@qq.example", true},
		{"amazon ses json", rawMail(`{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bouncedRecipients":[{"emailAddress":"gone@example.com","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}]},"mail":{"commonHeaders":{"messageId":"<sent-1@owner.example>"}}}
`, "From: no-reply@sns.amazonaws.com", "To: alex@owner.example", "Subject: AWS Notification Message"), "gone@example.com", true},
		{"dsn without blank lines", rawMail(`--b
Content-Type: text/plain

Delivery failed.
--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
Final-Recipient: rfc822; <One@Example.com>
Action: failed
Status: 5.1.1
Final-Recipient: rfc822;two@example.com
Action: delayed
Status: 4.4.1
--b--
`, "From: postmaster@example.net", "To: alex@owner.example", "Subject: Delivery Status Notification", "Content-Type: multipart/report; report-type=delivery-status; boundary=b"), "one@example.com,two@example.com", true},
		{"delayed dsn", rawMail(`--b
Content-Type: message/delivery-status

Final-Recipient: rfc822; wait@example.com
Action: delayed
Status: 4.4.7
--b--
`, "From: postmaster@example.net", "To: alex@owner.example", "Subject: Warning: message delayed", "Content-Type: multipart/report; report-type=delivery-status; boundary=b"), "wait@example.com", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Parse(tt.raw)
			if m.Kind != KindBounce {
				t.Fatalf("Parse().Kind = %s (%s), want bounce", m.Kind, m.Reason)
			}
			if got := strings.Join(m.Bounce.Recipients, ","); got != tt.want {
				t.Errorf("Recipients = %s, want %s", got, tt.want)
			}
			if m.Bounce.Permanent != tt.permanent {
				t.Errorf("Permanent = %v (action %q, status %q), want %v", m.Bounce.Permanent, m.Bounce.Action, m.Bounce.Status, tt.permanent)
			}
		})
	}
}

// TestPrecedence checks the order of the kinds where several apply, and
// the signals that must not be over-read.
func TestPrecedence(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte
		want Kind
	}{
		{"DSN returning an invitation is a bounce", readFixture(t, "dsn_invitation.eml"), KindBounce},
		{"bounce with Re: subject and auto-replied is a bounce", rawMail(`Hi. This is the qmail-send program.
I'm afraid I wasn't able to deliver your message to the following addresses.

<kim@example.org>:
Sorry, no mailbox here by that name.
`, "From: MAILER-DAEMON@mx.example.net", "To: alex@owner.example", "Subject: Re: Hello", "Auto-Submitted: auto-replied", "In-Reply-To: <x@owner.example>"), KindBounce},
		{"Outlook mail with only X-Auto-Response-Suppress is personal", rawMail("Hi Alex,\n\nThursday works for me.\n\nSam\n",
			"From: Sam Lee <sam@corp.example>", "To: alex@owner.example", "Subject: RE: Coffee", "X-Auto-Response-Suppress: All",
			"X-MS-Has-Attach:", "X-MS-TNEF-Correlator:", "Thread-Topic: Coffee", "In-Reply-To: <c1@owner.example>"), KindPersonal},
		{"Exchange inbox rule with suppress is an auto-reply", rawMail("I am out of the office.\n",
			"From: Sam Lee <sam@corp.example>", "To: alex@owner.example", "Subject: Coffee", "X-Auto-Response-Suppress: All",
			"X-MS-Exchange-Inbox-Rules-Loop: sam@corp.example"), KindAutoReply},
		{"Auto-Submitted no is personal", rawMail("Sure.\n", "From: a@example.com", "Subject: Re: x", "Auto-Submitted: no"), KindPersonal},
		{"auto-reply before calendar", rawMail("Out until Monday.\n", "From: a@example.com", "Subject: Automatic reply: Invitation: Coffee", "Auto-Submitted: auto-replied",
			"Content-Type: text/calendar; method=REQUEST"), KindAutoReply},
		{"read receipt is not a bounce", readFixture(t, "mdn_read.eml"), KindAutoReply},
		{"ARF complaint is bulk, not bounce nor forward", readFixture(t, "arf_complaint.eml"), KindBulk},
		{"success DSN is bulk", rawMail("--b\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; ok@example.com\nAction: delivered\nStatus: 2.0.0\n--b--\n",
			"From: postmaster@example.net", "Subject: Delivery Status Notification (Success)", "Content-Type: multipart/report; report-type=delivery-status; boundary=b"), KindBulk},
		{"calendar before forward", rawMail("BEGIN:VCALENDAR\nMETHOD:REPLY\nBEGIN:VEVENT\nUID:1\nDTSTART:20240319T090000Z\nATTENDEE;PARTSTAT=ACCEPTED:mailto:a@example.com\nEND:VEVENT\nEND:VCALENDAR\n",
			"From: a@example.com", "Subject: Fwd: Accepted: Coffee", "Content-Type: text/calendar; method=REPLY"), KindCalendar},
		{"forward subject without original", rawMail("FYI\n", "From: a@example.com", "Subject: WG: Termin"), KindForward},
		{"reply to a forward is personal", rawMail("Thanks!\n", "From: a@example.com", "Subject: Re: Fwd: Termin"), KindPersonal},
		{"italian reply of a forward is personal", rawMail("Grazie\n", "From: a@example.it", "Subject: R: R: I: riunione"), KindPersonal},
		{"digest is not a forward", rawMail("--d\n\nFrom: x@example.com\nSubject: one\n\nbody\n--d--\n", "From: list@example.com", "Subject: Digest", "Content-Type: multipart/digest; boundary=d"), KindPersonal},
		{"list reply with In-Reply-To is personal", rawMail("Agreed.\n", "From: kim@example.org", "Subject: Re: [ni] meetup", "List-Id: <ni.lists.example>", "In-Reply-To: <q@owner.example>"), KindPersonal},
		{"no-reply sender is bulk", rawMail("Your order shipped.\n", "From: Shop <no-reply@shop.example>", "Subject: Order", "In-Reply-To: <q@owner.example>"), KindBulk},
		{"mailer daemon without bounce text is not a bounce", rawMail("zukünftig karl@hanz.de\n", "From: <foo@bar.net>", "Subject: kitununulinitoquekegu", "Return-Path: <>", "Auto-Submitted: auto-replied"), KindAutoReply},
		{"auto-generated notification is bulk", rawMail("Kim commented on your document.\n", "From: Docs <comments@docs.example>", "Subject: New comment", "Auto-Submitted: auto-generated"), KindBulk},
		{"auto-generated answer is an auto-reply", rawMail("I am away.\n", "From: kim@example.org", "Subject: Coffee", "Auto-Submitted: auto-generated", "In-Reply-To: <q@owner.example>"), KindAutoReply},
		{"reply about an absence is personal", rawMail("Yes, she is back on Monday.\n", "From: kim@example.org", "Subject: Re: Jane is out of the office?", "In-Reply-To: <q@owner.example>"), KindPersonal},
		{"localised out-of-office subject alone", rawMail("Danke für Ihre Nachricht.\n", "From: kim@example.de", "Subject: Abwesenheitsnotiz: Kaffee"), KindAutoReply},
		{"forwarded bounce text is a forward", rawMail("Kim, any idea?\n\n---------- Forwarded message ---------\nFrom: MAILER-DAEMON@mx.example.net\nDate: Thu, 7 Mar 2024 09:00:00 +0000\nSubject: failure notice\nTo: alex@owner.example\n\nHi. This is the qmail-send program at mx.example.net.\n",
			"From: alex@owner.example", "To: kim@example.org", "Subject: Fwd: failure notice"), KindForward},
		{"human mentioning a bounce is personal", rawMail("My mail to Kim could not be delivered, do you have her new address?\n", "From: a@example.com", "Subject: Undeliverable address?"), KindPersonal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if m := Parse(tt.raw); m.Kind != tt.want {
				t.Fatalf("Parse().Kind = %s (%s), want %s", m.Kind, m.Reason, tt.want)
			}
		})
	}
}
