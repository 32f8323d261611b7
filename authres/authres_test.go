package authres

import "testing"

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

func FuzzParse(f *testing.F) {
	f.Add("mx.example; dkim=pass (c) header.d=example.com; spf=fail smtp.mailfrom=\"a@b\"")
	f.Add("((((")
	f.Fuzz(func(t *testing.T, v string) {
		Parse(v)
		Verified([]string{v}, []string{"mx.example"}, "a@example.com")
	})
}
