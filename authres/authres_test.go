package authres

import (
	"strings"
	"testing"
)

func TestVerified(t *testing.T) {
	trusted := []string{"mx.owner.example"}
	tests := []struct {
		name   string
		fields []string
		from   string
		want   bool
	}{
		{"dkim aligned", []string{"mx.owner.example; dkim=pass (2048-bit key) header.d=owner.example header.s=s1 header.b=abc"}, "alex@owner.example", true},
		{"dkim by a parent domain", []string{"mx.owner.example 1; dkim=pass header.d=owner.example"}, "alex@mail.owner.example", true},
		{"dkim by header.i", []string{"mx.owner.example; dkim=pass header.i=@owner.example"}, "Alex@Owner.Example", true},
		{"spf aligned", []string{"mx.owner.example; spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=alex@owner.example"}, "alex@owner.example", true},
		{"dmarc", []string{"MX.Owner.Example; dkim=fail; spf=softfail; dmarc=pass header.from=owner.example"}, "alex@owner.example", true},
		{"dkim of another domain", []string{"mx.owner.example; dkim=pass header.d=mailer.example"}, "alex@owner.example", false},
		{"look-alike domain", []string{"mx.owner.example; dkim=pass header.d=evilowner.example"}, "alex@owner.example", false},
		{"failed", []string{"mx.owner.example; dkim=fail header.d=owner.example; spf=fail smtp.mailfrom=owner.example"}, "alex@owner.example", false},
		{"untrusted server", []string{"mx.attacker.example; dkim=pass header.d=owner.example"}, "alex@owner.example", false},
		{"forged inside a comment", []string{"mx.owner.example; dkim=fail (dkim=pass header.d=owner.example) header.d=owner.example"}, "alex@owner.example", false},
		{"none", []string{"mx.owner.example; none"}, "alex@owner.example", false},
		{"nothing", nil, "alex@owner.example", false},
		{"garbage", []string{";;;===((", "", "mx.owner.example; =pass; dkim"}, "alex@owner.example", false},
		{"no domain in From", []string{"mx.owner.example; dkim=pass header.d=owner.example"}, "alex", false},
	}
	for _, tt := range tests {
		got, why := Verified(tt.fields, trusted, tt.from)
		if got != tt.want {
			t.Errorf("%s: Verified() = %v (%s), want %v", tt.name, got, why, tt.want)
		}
		if why == "" {
			t.Errorf("%s: no reason given", tt.name)
		}
	}
}

// TestVerifiedSMTPAuth covers auth=pass (RFC 8601 section 2.7.4): it
// vouches for exactly the login's own address.
func TestVerifiedSMTPAuth(t *testing.T) {
	trusted := []string{"mx.owner.example"}
	const from = "alex@owner.example"
	tests := []struct {
		name   string
		fields []string
		from   string
		want   bool
	}{
		{"pass", []string{"mx.owner.example; auth=pass smtp.auth=alex@owner.example"}, from, true},
		{"pass, other case", []string{"MX.Owner.Example; auth=PASS (PLAIN) smtp.auth=Alex@OWNER.example"}, "ALEX@owner.Example", true},
		{"pass, quoted", []string{`mx.owner.example; auth=pass smtp.auth="alex@owner.example"`}, from, true},
		{"pass after other results", []string{"mx.owner.example; dkim=none; spf=fail smtp.mailfrom=mailer.example; auth=pass smtp.auth=alex@owner.example"}, from, true},
		{"pass among fields", []string{"mx.attacker.example; dkim=pass header.d=owner.example", "mx.owner.example; auth=pass smtp.auth=alex@owner.example"}, " alex@owner.example ", true},
		{"another user of the domain", []string{"mx.owner.example; auth=pass smtp.auth=mallory@owner.example"}, from, false},
		{"login without a domain", []string{"mx.owner.example; auth=pass smtp.auth=alex"}, from, false},
		{"same name, other domain", []string{"mx.owner.example; auth=pass smtp.auth=alex@mail.owner.example"}, from, false},
		{"look-alike address", []string{"mx.owner.example; auth=pass smtp.auth=alex@owner.example.evil"}, from, false},
		{"letters folded by Unicode only", []string{"mx.owner.example; auth=pass smtp.auth=\u212alex@owner.example"}, "klex@owner.example", false},
		{"untrusted server", []string{"mx.attacker.example; auth=pass smtp.auth=alex@owner.example"}, from, false},
		{"failed", []string{"mx.owner.example; auth=fail smtp.auth=alex@owner.example"}, from, false},
		{"no smtp.auth", []string{"mx.owner.example; auth=pass"}, from, false},
		{"other property", []string{"mx.owner.example; auth=pass smtp.mailfrom=alex@owner.example"}, from, false},
		{"forged inside a comment", []string{"mx.owner.example; auth=fail (auth=pass smtp.auth=alex@owner.example) smtp.auth=alex@owner.example"}, from, false},
		{"no domain in From", []string{"mx.owner.example; auth=pass smtp.auth=alex"}, "alex", false},
	}
	for _, tt := range tests {
		got, why := Verified(tt.fields, trusted, tt.from)
		if got != tt.want {
			t.Errorf("%s: Verified() = %v (%s), want %v", tt.name, got, why, tt.want)
		}
		if got && !strings.HasPrefix(why, "auth=pass for ") {
			t.Errorf("%s: reason %q does not name the auth result", tt.name, why)
		}
		if why == "" {
			t.Errorf("%s: no reason given", tt.name)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("mx.example; dkim=pass (c) header.d=example.com; spf=fail smtp.mailfrom=\"a@b\"")
	f.Add("((((")
	f.Add("mx.example; auth=pass smtp.auth=A@Example.com")
	f.Fuzz(func(t *testing.T, v string) {
		Parse(v)
		Verified([]string{v}, []string{"mx.example"}, "a@example.com")
	})
}
