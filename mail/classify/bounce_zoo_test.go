package classify

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// zooCase is one failure report of the bounce zoo (testdata/bounces): a
// report shaped like the one a mail server family writes, in the
// charsets and transfer encodings they use, with decoy addresses (the
// returned message's From, Cc, Reply-To and signature, help desks) that
// must never be taken for the failed recipient.
type zooCase struct {
	file       string
	recipients []string // exactly, in order
	permanent  bool
	status     string // "" when the report holds none
	diagnostic string // must be part of Bounce.Diagnostic; "" when the report says nothing more
}

var bounceZoo = []zooCase{
	{"qmail.eml", []string{"kim@example.org", "lee@example.com"}, true, "5.1.1", "550 5.1.1 <kim@example.org>: Recipient address rejected: User unknown in virtual mailbox table"},
	{"yahoo.eml", []string{"kim@example.org"}, true, "5.2.2", "Mailbox full"},
	{"exim_qp.eml", []string{"kim@example.org"}, true, "5.1.1", "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking"},
	{"mailru_koi8r.eml", []string{"kim@example.org"}, true, "5.2.2", "552 5.2.2 <kim@example.org>: Mailbox quota exceeded"},
	{"postfix_text.eml", []string{"kim@example.org"}, true, "5.1.1", "550 5.1.1 <kim@example.org>: Recipient address rejected: User unknown in local recipient table"},
	{"postfix_ja_iso2022jp.eml", []string{"taro@example.co.jp"}, true, "5.1.1", "550 5.1.1 <taro@example.co.jp>... User Unknown"},
	{"sendmail.eml", []string{"kim@example.org"}, true, "5.1.1", "550 5.1.1 <kim@example.org>... User unknown"},
	{"exchange2003.eml", []string{"dana@corp.example"}, true, "5.1.1", "The e-mail account does not exist at the organization"},
	{"exchange_de_qp.eml", []string{"kim@example.org"}, true, "5.1.1", "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"},
	{"exchange_fr_base64.eml", []string{"kim@example.org"}, true, "5.1.10", "550 5.1.10 RESOLVER.ADR.RecipientNotFound"},
	{"office365_text.eml", []string{"kim@example.org"}, true, "5.1.10", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient kim@example.org not found"},
	{"proofpoint_base64_dsn.eml", []string{"kim@example.org"}, true, "5.1.10", "550 5.1.10 RESOLVER.ADR.RecipientNotFound"},
	{"dsn_qp.eml", []string{"kim@example.org"}, true, "5.2.2", "552 5.2.2 <kim@example.org>: Mailbox full, quota exceeded for this recipient"},
	{"domino_sjis.eml", []string{"taro@example.co.jp"}, true, "", "Domino ディレクトリには見つかりません"},
	{"notes.eml", []string{"kim@notes.example.com"}, true, "", "User not listed in public Name & Address Book"},
	{"groupwise.eml", []string{"kim@gw.example.edu"}, true, "", "user not found"},
	{"courier.eml", []string{"kim@example.org"}, true, "5.1.1", "550 5.1.1 <kim@example.org>: Recipient address rejected: User unknown"},
	{"messagingserver.eml", []string{"kim@example.org"}, true, "5.1.1", "550 5.1.1 <kim@example.org>... User unknown"},
	{"x400.eml", []string{"kim.lee@example.de"}, true, "", "unrecognised-OR-name"},
	{"gmail_old.eml", []string{"kim@example.org"}, true, "5.1.1", "550 5.1.1 The email account that you tried to reach does not exist"},
	{"gmail_new.eml", []string{"kim@example.org"}, true, "5.1.1", "550 5.1.1 <kim@example.org>: Recipient address rejected"},
	{"verizon.eml", []string{"5551234567@vtext.example.com"}, true, "", "No valid recipients"},
	{"sendgrid.eml", []string{"kim@example.org"}, true, "5.7.1", "550 5.7.1 Service unavailable; client host blocked"},
	{"opensmtpd.eml", []string{"kim@example.org"}, true, "5.1.1", "550 5.1.1 <kim@example.org>: Recipient address rejected: User unknown"},
	{"exim_delay.eml", []string{"kim@example.org"}, false, "4.7.1", "451 4.7.1 <kim@example.org>: Recipient address rejected: greylisted"},
	{"exchange_delay.eml", []string{"kim@example.org"}, false, "4.4.7", "400 4.4.7 Message delayed"},
	{"postfix_delay_dsn.eml", []string{"kim@example.org"}, false, "4.4.1", "Connection timed out"},
	{"postfix_quota_delay_dsn.eml", []string{"kim@example.org"}, false, "4.2.2", "452 4.2.2 <kim@example.org>: Mailbox full, try again later"},
	{"postfix_expired_dsn.eml", []string{"kim@example.org"}, false, "4.2.2", "452 4.2.2 <kim@example.org>: Mailbox full, try again later"},
	{"exim_retry_timeout.eml", []string{"kim@example.org"}, false, "4.7.1", "451 4.7.1 <kim@example.org>: Recipient address rejected: greylisted"},
	{"exchange_expired_dsn.eml", []string{"kim@example.org"}, false, "4.4.7", "550 4.4.7 QUEUE.Expired; message expired"},
	{"iso2022jp_empty_subject.eml", []string{"hanako@example.ne.jp"}, true, "5.1.1", "550 5.1.1 <hanako@example.ne.jp>: User unknown"},
	{"iso2022jp_no_subject.eml", []string{"hanako@example.ne.jp"}, true, "", "お届けできません"},
	{"kddi_noreply.eml", []string{"jiro@example.ne.jp"}, true, "", "As their mailbox is full"},
	{"amazonses_sns.eml", []string{"kim@example.org"}, true, "5.1.1", "550 5.1.1 <kim@example.org>: Recipient address rejected: User unknown"},
	{"euckr_unknown_words.eml", []string{"minsu@example.kr"}, true, "", "사용자 없음"},
}

// zooNotBounces are messages about bounces that are not bounces.
var zooNotBounces = []struct {
	file string
	want Kind
}{
	{"neg_forward_inline.eml", KindForward},                // a person forwards a bounce, "Fwd:"
	{"neg_forward_attached.eml", KindForward},              // the same, the bounce attached
	{"neg_reply_quoting_550.eml", KindPersonal},            // a reply quoting "550 … User unknown"
	{"neg_autoreply_empty_return_path.eml", KindAutoReply}, // "will not be delivered", Return-Path <>
}

func readZoo(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "bounces", name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return raw
}

// TestBounceZoo holds every report of the zoo to its failed recipients,
// permanence, status and the remote server's words.
func TestBounceZoo(t *testing.T) {
	for _, tt := range bounceZoo {
		t.Run(strings.TrimSuffix(tt.file, ".eml"), func(t *testing.T) {
			m := Parse(readZoo(t, tt.file))
			if m.Kind != KindBounce {
				t.Fatalf("Kind = %s (%s), want bounce", m.Kind, m.Reason)
			}
			b := m.Bounce
			if !slices.Equal(b.Recipients, tt.recipients) {
				t.Errorf("Recipients = %q, want %q", b.Recipients, tt.recipients)
			}
			if b.Permanent != tt.permanent {
				t.Errorf("Permanent = %v (action %q, status %q), want %v", b.Permanent, b.Action, b.Status, tt.permanent)
			}
			if b.Status != tt.status {
				t.Errorf("Status = %q, want %q", b.Status, tt.status)
			}
			if !strings.Contains(b.Diagnostic, tt.diagnostic) {
				t.Errorf("Diagnostic = %q, want it to hold %q", b.Diagnostic, tt.diagnostic)
			}
			if tt.diagnostic != "" && len(b.Diagnostic) > maxServerWords+4 {
				t.Errorf("Diagnostic is %d bytes, want at most about %d", len(b.Diagnostic), maxServerWords)
			}
		})
	}
}

// TestBounceZooNegatives checks messages that speak of bounces without
// being one.
func TestBounceZooNegatives(t *testing.T) {
	for _, tt := range zooNotBounces {
		t.Run(strings.TrimSuffix(tt.file, ".eml"), func(t *testing.T) {
			if m := Parse(readZoo(t, tt.file)); m.Kind != tt.want {
				t.Fatalf("Kind = %s (%s), want %s", m.Kind, m.Reason, tt.want)
			}
		})
	}
}

// TestBounceZooComplete keeps the fixtures and the tables in step.
func TestBounceZooComplete(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "bounces", "*.eml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	known := map[string]bool{}
	for _, c := range bounceZoo {
		known[c.file] = true
	}
	for _, c := range zooNotBounces {
		known[c.file] = true
	}
	for _, f := range files {
		if !known[filepath.Base(f)] {
			t.Errorf("%s has no expectation in bounceZoo or zooNotBounces", f)
		}
	}
}
