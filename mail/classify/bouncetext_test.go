package classify

import (
	"slices"
	"strings"
	"testing"
)

// TestEncapsulatedAddresses covers the X.400 and Exchange forms a gateway
// writes the failed recipient in (RFC 2156 section 4.3.4, RFC 1685).
func TestEncapsulatedAddresses(t *testing.T) {
	tests := []struct {
		name, line string
		want       []string
	}{
		{"RFC 2156 slash form", "  /C=DE/ADMD=VIAT/PRMD=EX/O=ORG/DD.RFC-822=KIM(A)EXAMPLE.DE/", []string{"KIM@EXAMPLE.DE"}},
		{"RFC 1685 semicolon form", "c=US;a= ;p=Corp;o=Mail;DDA:RFC-822=kim_lee(a)example.com;", []string{"kim_lee@example.com"}},
		{"escaped underscore and percent", "RFC-822=kim(u)lee(p)relay(a)example.com", []string{"kim_lee%relay@example.com"}},
		{"quoted value", `[RFC-822="jo(a)example.org"]INTERNET/TELEMAIL/US`, []string{"jo@example.org"}},
		{"decimal escape", "RFC822=jo(043)x(a)example.org", []string{"jo+x@example.org"}},
		{"literal at sign", "  /RFC-822=KIM.LEE@EXAMPLE.ORG/", []string{"KIM.LEE@EXAMPLE.ORG"}},
		{"Exchange IMCEA", "IMCEASMTP-kim+2Elee+40example+2Eorg@corp.example", []string{"kim.lee@example.org"}},
		{"plain address untouched", "kim@example.org", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rest := encapsulatedAddresses(tt.line)
			if !slices.Equal(got, tt.want) {
				t.Errorf("addresses = %q, want %q", got, tt.want)
			}
			if len(tt.want) > 0 && addrSpec.MatchString(rest) {
				t.Errorf("rest %q still holds an address the plain pattern would read", rest)
			}
		})
	}
}

// TestServerWords covers how reports quote the remote server's reply.
func TestServerWords(t *testing.T) {
	tests := []struct {
		name, text   string
		words, state string // "" words: no reply found
	}{
		{"postfix folded", "<kim@x.example>: host mx[192.0.2.1] said: 550 5.1.1\n    <kim@x.example>: Recipient address rejected (in reply to RCPT TO\n    command)\n",
			"550 5.1.1 <kim@x.example>: Recipient address rejected (in reply to RCPT TO command)", "5.1.1"},
		{"multi-line reply", "550-5.7.26 This mail has been blocked because\n550-5.7.26 the sender is unauthenticated.\n550 5.7.26 https://support.example/p\n",
			"550 5.7.26 This mail has been blocked because the sender is unauthenticated. https://support.example/p", "5.7.26"},
		{"qmail without enhanced code", "<kim@x.example>:\nRemote host said: 552 Error: disk quota exceeded\nGiving up on 192.0.2.1.\n",
			"552 Error: disk quota exceeded", "5.0.0"},
		{"exchange quoted", "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found'\n",
			"550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found", "5.1.10"},
		{"sendmail reason", "<kim@x.example>\n    (reason: 550 5.1.1 <kim@x.example>... User unknown)\n",
			"550 5.1.1 <kim@x.example>... User unknown", "5.1.1"},
		{"temporary", "  kim@x.example\n    host mx: 451 4.7.1 greylisted\n", "451 4.7.1 greylisted", "4.7.1"},
		{"code wrapped before its words", "<kim@x.example>: host\n    mx[192.0.2.1] said: 550\n    <kim@x.example>: User unknown\n",
			"550 <kim@x.example>: User unknown", "5.0.0"},
		{"numbers in prose are no reply", "Your message of 450 words was sent at 12:550 to 512 people.\n", "", ""},
		{"an IP address is no reply", "Connected to 192.0.2.550 but the host went away.\n", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := strings.Split(tt.text, "\n")
			r, ok := findReply(lines, 0)
			if tt.words == "" {
				if ok {
					t.Fatalf("found a reply %q in %q, want none", r.code, tt.text)
				}
				return
			}
			if !ok {
				t.Fatalf("no reply found in %q", tt.text)
			}
			if got := serverWords(lines, r, func(int) bool { return false }); got != tt.words {
				t.Errorf("words = %q, want %q", got, tt.words)
			}
			if got := r.statusOf(); got != tt.state {
				t.Errorf("status = %q, want %q", got, tt.state)
			}
		})
	}
}

// TestDeliveryStatusFieldOrder checks that an Original-Recipient written
// after Final-Recipient stays in the same recipient block, so its Status
// and Diagnostic-Code are kept (Amazon SES, Postfix).
func TestDeliveryStatusFieldOrder(t *testing.T) {
	body := "Reporting-MTA: dns; inbound.example\n\nAction: failed\nFinal-Recipient: rfc822; kim@example.org\n" +
		"Original-Recipient: rfc822; kim@example.org\nDiagnostic-Code: smtp; 550 5.1.1 Mailbox does not exist\nStatus: 5.1.1\n"
	recips := parseDeliveryStatus([]byte(body))
	if len(recips) != 1 {
		t.Fatalf("got %d recipient blocks, want 1: %+v", len(recips), recips)
	}
	if r := recips[0]; r.status != "5.1.1" || r.diagnostic != "550 5.1.1 Mailbox does not exist" || r.action != "failed" {
		t.Errorf("block = %+v, want failed, 5.1.1 and the diagnostic", r)
	}
}

// TestReportRecipientsNotFromReturnedMessage checks that only the report
// names the failed recipient: addresses of the returned message's header
// and of help desks are never taken, even when the report itself names
// no address.
func TestReportRecipientsNotFromReturnedMessage(t *testing.T) {
	returned := "--b\nContent-Type: message/rfc822\n\nFrom: Alex <assistant@owner.example>\nTo: kim@example.org\n" +
		"Subject: Hello\n\nHi\n--\nassistant@owner.example\n--b--\n"
	tests := []struct {
		name string
		raw  []byte
		want []string
	}{
		{"pasted header lines and a help desk", rawMail("Your message could not be delivered.\n\nFor help, contact helpdesk@mx.example.net.\n\n"+
			"Message details:\n  From: Alex <alex@owner.example>\n  To: Kim <kim@example.org>\n  Reply-To: team@owner.example\n"+
			"  Message-ID: <m1@owner.example>\n  Subject: Hello\n", daemon("Undeliverable: Hello")...), []string{}},
		{"the returned message's sender named in the report", rawMail("--b\nContent-Type: text/plain\n\n"+
			"Your message from assistant@owner.example could not be delivered.\n\n  Unknown address\n"+returned,
			append(daemon("Undeliverable: Hello"), "Content-Type: multipart/mixed; boundary=b")...), []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Parse(tt.raw)
			if m.Kind != KindBounce {
				t.Fatalf("Kind = %s (%s), want bounce", m.Kind, m.Reason)
			}
			if !slices.Equal(m.Bounce.Recipients, tt.want) {
				t.Errorf("Recipients = %q, want %q: the report names no failed address", m.Bounce.Recipients, tt.want)
			}
		})
	}
}

// TestDeliveryStatusX400Recipient reads a Final-Recipient an X.400
// gateway writes with its own address type.
func TestDeliveryStatusX400Recipient(t *testing.T) {
	for _, v := range []string{
		"x400; /C=DE/ADMD=VIAT/PRMD=EX/DD.RFC-822=kim(a)example.de/",
		"X400; c=US;a= ;p=Corp;o=Mail;DDA:RFC-822=kim(a)example.de;",
		"rfc822; <Kim@Example.de>",
	} {
		if got := dsnAddress(v); got != "kim@example.de" {
			t.Errorf("dsnAddress(%q) = %q, want kim@example.de", v, got)
		}
	}
}

// TestGenericStatusYieldsToReply checks that a report's generic 5.0.0
// gives way to the precise status of the server's own reply.
func TestGenericStatusYieldsToReply(t *testing.T) {
	body := "--b\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; kim@example.org\nAction: failed\nStatus: 5.0.0\n" +
		"Diagnostic-Code: smtp; 550 5.1.1 <kim@example.org>: Recipient address rejected\n--b--\n"
	m := Parse(rawMail(body, "From: MAILER-DAEMON@mx.example.net", "To: alex@owner.example", "Subject: Undelivered Mail Returned to Sender",
		"Content-Type: multipart/report; report-type=delivery-status; boundary=b"))
	if m.Bounce == nil || m.Bounce.Status != "5.1.1" {
		t.Fatalf("Bounce = %+v, want Status 5.1.1", m.Bounce)
	}
	bare := strings.Replace(body, "Status: 5.0.0\n", "", 1)
	bare = strings.Replace(bare, "550 5.1.1 <kim@example.org>: Recipient address rejected", "500 (err.nosuchuser)", 1)
	m = Parse(rawMail(bare, "From: MAILER-DAEMON@mx.example.net", "To: alex@owner.example", "Subject: Undelivered Mail Returned to Sender",
		"Content-Type: multipart/report; report-type=delivery-status; boundary=b"))
	if m.Bounce == nil || m.Bounce.Status != "5.0.0" {
		t.Fatalf("Bounce = %+v, want Status 5.0.0 from the reply's class", m.Bounce)
	}
}

// TestDeliveryStatusDiagnosticWords covers Diagnostic-Code values that
// need help: raw ISO-2022-JP from a Japanese server, and a bare number
// that the report's text explains.
func TestDeliveryStatusDiagnosticWords(t *testing.T) {
	jp := "Final-Recipient: rfc822;taro@example.co.jp\nAction: failed\nStatus: 5.0.0\n" +
		"Diagnostic-Code: X-Notes; \x1b$B%f!<%6!<\x1b(B taro \x1b$B$O8+$D$+$j$^$;$s\x1b(B\n"
	if r := parseDeliveryStatus([]byte(jp)); len(r) != 1 || r[0].diagnostic != "ユーザー taro は見つかりません" {
		t.Errorf("ISO-2022-JP Diagnostic-Code read as %+v", r)
	}
	body := "--b\nContent-Type: text/plain\n\n   ----- Transcript of session follows -----\n" +
		"<kim@example.org>... Deferred: Connection refused by mx.example.org.\n" +
		"--b\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; kim@example.org\nAction: failed\nStatus: 4.4.7\n" +
		"Diagnostic-Code: X-Unix; 77\n--b--\n"
	m := Parse(rawMail(body, "From: MAILER-DAEMON@mx.example.net", "To: alex@owner.example", "Subject: Returned mail: see transcript for details",
		"Content-Type: multipart/report; report-type=delivery-status; boundary=b"))
	if m.Bounce == nil || m.Bounce.Diagnostic != "Deferred: Connection refused by mx.example.org." {
		t.Fatalf("Bounce = %+v, want the text's words over a bare code", m.Bounce)
	}
}

// TestRequiredLiteral checks the literal each phrase is prefiltered by:
// every text the phrase matches must hold it, or the phrase would be
// skipped where it occurs.
func TestRequiredLiteral(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{`this is the qmail-send program at`, "this is the qmail-send program at"},
		{`-{3,} ?the following addresses? had (?:permanent fatal errors|delivery problems)`, "the following addresse"},
		{`your message to \S+ couldn't be delivered`, " couldn't be delivered"},
		{`did not reach the following recipient\(?s\)?`, "did not reach the following recipient"},
		{`(?m)^[ \t*=-]*(?:returned|undelivered) message\b`, " message"},
		{`Échec de la remise`, "échec de la remise"},
		{`\b55[0-4][ -]`, "55"},
	}
	for _, tt := range tests {
		if got := requiredLiteral(tt.pattern); got != tt.want {
			t.Errorf("requiredLiteral(%q) = %q, want %q", tt.pattern, got, tt.want)
		}
	}
	// Every phrase of the sets must match a text made of itself, with the
	// prefilter on: a wrong literal would make it unreachable.
	samples := map[string]string{
		`this is the (?:mail system|postfix program|postfix on [^\n]{1,40} program) at host`:      "This is the mail system at host mx.example.net.",
		`your mail (?:sent on|attempted to be delivered on):`:                                     "Your mail sent on: Thu",
		`i'm sorry to have to inform you that (?:your|the) message (?:returned below )?could not`: "I'm sorry to have to inform you that the message returned below could not",
	}
	for pattern, text := range samples {
		set := newPhraseSet([]string{pattern})
		if !set.MatchString(text) {
			t.Errorf("phrase %q does not match %q through its prefilter", pattern, text)
		}
	}
	for _, list := range [][]string{mtaSignatures, bounceTextWords} {
		for _, pattern := range list {
			depth := 0
			for _, c := range pattern {
				switch c {
				case '(':
					depth++
				case ')':
					depth--
				case '|':
					if depth == 0 {
						t.Errorf("phrase %q has an alternation outside a group: its literal would not be required", pattern)
					}
				}
			}
		}
	}
}
