package contacts

import (
	"testing"

	"github.com/rapport-mail/rapport/store"
)

func TestAtTarget(t *testing.T) {
	tests := []struct {
		name, target, company, email string
		want                         bool
	}{
		{"same name", "Acme", "Acme", "jane@gmail.com", true},
		{"legal form and case", "Acme", "ACME, Inc.", "", true},
		{"legal form on the target", "Siemens AG", "siemens", "", true},
		{"GmbH & Co. KG", "Müller", "Müller GmbH & Co. KG", "", true},
		{"accents typed on one side only", "Nestle", "Nestlé S.A.", "", true},
		{"Danish A/S", "Ørsted", "Orsted A/S", "", true},
		{"another company", "Acme", "Acme Robotics", "", false},
		{"a typed company wins over the domain", "Acme", "Globex", "jane@acme.com", false},
		{"a legal form alone is no company: the domain tells", "Acme", "Inc.", "jane@acme.com", true},
		{"no company: the domain's first label", "Acme", "", "jane@acme.com", true},
		{"no company: under a subdomain and a two-part suffix", "Acme", "", "Jane@EU.Mail.ACME.co.uk", true},
		{"spaces and punctuation run together", "Acme Labs", "", "li@acmelabs.com", true},
		{"a hyphen in the domain", "Acme Labs", "", "li@acme-labs.io", true},
		{"accents against an ASCII domain", "Société Générale", "", "marc@societegenerale.fr", true},
		{"ampersand dropped", "Procter & Gamble", "", "ann@proctergamble.com", true},
		{"a target written as its domain", "Booking.com", "", "kim@booking.com", true},
		{"a longer label is another company", "Acme", "", "jane@acmelabs.com", false},
		{"a shorter label is another company", "Acme Labs", "", "jane@acme.com", false},
		{"a label further left does not count", "Acme", "", "jane@acme.example.com", false},
		{"webmail never matches", "Gmail", "", "jane@gmail.com", false},
		{"webmail in capitals never matches", "Outlook", "", "jane@OUTLOOK.COM", false},
		{"no company and no address", "Acme", "", "", false},
		{"a target that is only a legal form matches nothing", "Inc.", "Inc.", "jane@inc.com", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := store.Contact{Company: tt.company, Email: tt.email}
			if got := AtTarget(tt.target, c); got != tt.want {
				t.Errorf("AtTarget(%q, company %q, email %q) = %v, want %v", tt.target, tt.company, tt.email, got, tt.want)
			}
		})
	}
}

// The first target in order of interest wins when a contact could be at
// two, and what Targets remembers does not change its answers.
func TestTargetsMatch(t *testing.T) {
	ts := NewTargets([]string{"Globex", "Acme Labs", "AcmeLabs", "Acme"})
	for _, round := range []string{"first", "remembered"} {
		for _, tt := range []struct {
			company, email string
			want           int
		}{
			{"", "li@acmelabs.com", 1},
			{"ACME", "jane@gmail.com", 3},
			{"Globex Corporation", "", 0},
			{"", "kim@initech.com", -1},
			{"", "kim@yahoo.co.uk", -1},
		} {
			if got := ts.Match(tt.company, tt.email); got != tt.want {
				t.Errorf("%s: Match(%q, %q) = %d, want %d", round, tt.company, tt.email, got, tt.want)
			}
		}
	}
}

func TestWarmTag(t *testing.T) {
	for _, tt := range []struct {
		name string
		tags []string
		want string
	}{
		{"no tags", nil, ""},
		{"another tag", []string{"recruiter"}, ""},
		{"alumni in capitals, as written", []string{"recruiter", " Alumni "}, "Alumni"},
		{"warm", []string{"warm"}, "warm"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := WarmTag(store.Contact{Tags: tt.tags}); got != tt.want {
				t.Errorf("WarmTag(%q) = %q, want %q", tt.tags, got, tt.want)
			}
		})
	}
}
