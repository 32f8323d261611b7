package authres_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/mail/authres"
	"github.com/rapport-mail/rapport/mail/classify"
)

// TestProviders reads whole messages through classify, as the daemon does,
// and checks the verdict on the owner's own mail and on forgeries in the
// header layouts of the big providers and of a self-hosted Postfix. The
// fixtures are written in the shape of those providers' headers (names,
// addresses and signatures changed): Gmail writes its field below its own
// Received field; Fastmail writes four under one authserv-id, the verdicts
// in the fourth; iCloud writes none on mail between its users and one per
// method, under different names, on mail from outside; Microsoft 365
// writes one that names no server.
func TestProviders(t *testing.T) {
	tests := []struct {
		name, file string
		trusted    []string
		want       bool
		why        string
	}{
		{"gmail, own mail", "gmail_own.eml", []string{"mx.google.com"}, true,
			"dmarc=pass for gmail.com in the Authentication-Results from mx.google.com"},
		{"gmail, forged by a sender outside", "gmail_forged.eml", []string{"mx.google.com"}, false,
			"no Authentication-Results of a trusted server above the Received field from mail.attacker.example (203.0.113.66)"},
		{"fastmail, own mail", "fastmail_own.eml", []string{"messagingengine.com"}, true,
			"dmarc=pass for fastmail.com in the Authentication-Results from mx6.messagingengine.com"},
		{"fastmail, own mail, one server trusted", "fastmail_own.eml", []string{"mx6.messagingengine.com"}, true,
			"dmarc=pass for fastmail.com"},
		{"fastmail, own mail, another server trusted", "fastmail_own.eml", []string{"mx1.messagingengine.com"}, false,
			"only from mx6.messagingengine.com"},
		{"fastmail, forged below its verdict", "fastmail_forged.eml", []string{"messagingengine.com"}, false,
			"the topmost Authentication-Results from mx6.messagingengine.com does not prove alex@fastmail.com: dmarc=fail; dkim=none; spf=pass alone"},
		{"icloud, own mail", "icloud_own.eml", []string{"icloud.com"}, false,
			"no Authentication-Results field"},
		{"icloud, own gmail address", "icloud_from_gmail.eml", []string{"icloud.com"}, false,
			"above the Received field from mail-wm1-f41.google.com (209.85.128.41); the one from bimi.icloud.com below it"},
		{"microsoft 365, own mail", "m365_own.eml", []string{"outlook.com"}, false,
			"names no server (Microsoft 365 writes it so)"},
		{"postfix with rspamd, own mail from a phone", "postfix_rspamd_own.eml", []string{"mail.owner.example"}, true,
			"auth=pass for alex@owner.example in the Authentication-Results from mail.owner.example"},
		{"postfix with opendkim and opendmarc, own gmail address", "postfix_opendkim_from_gmail.eml", []string{"mail.owner.example"}, true,
			"dmarc=pass for gmail.com"},
		{"postfix without a stamp, forged by a sender outside", "postfix_forged_nostamp.eml", []string{"mail.owner.example"}, false,
			"above the Received field from mail.attacker.example (203.0.113.66); the one from mail.owner.example below it"},
		{"postfix with opendmarc, forged below its verdict", "postfix_forged_below_stamp.eml", []string{"mail.owner.example"}, false,
			"does not prove alex@owner.example: dmarc=fail; dkim=none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			m := classify.Parse(raw)
			ok, why := authres.Verified(m.AuthHeader, tt.trusted, m.From.Email)
			if ok != tt.want || !strings.Contains(why, tt.why) {
				t.Errorf("Verified(%s, From %s) = %v, %q; want %v, with %q", tt.file, m.From.Email, ok, why, tt.want, tt.why)
			}
		})
	}
}
