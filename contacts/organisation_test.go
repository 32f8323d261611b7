package contacts

import (
	"testing"

	"github.com/rapport-mail/rapport/store"
)

func TestOrganisation(t *testing.T) {
	tests := []struct {
		name, company, email, want string
	}{
		{"typed company is folded", "  Acme   Robotics ", "jane@gmail.com", "acme robotics"},
		{"comma and Inc. dropped", "Acme, Inc.", "", "acme"},
		{"case does not matter", "ACME", "x@other.org", "acme"},
		{"GmbH dropped", "Siemens GmbH", "", "siemens"},
		{"GmbH & Co. KG dropped whole", "Müller GmbH & Co. KG", "", "müller"},
		{"Pty Ltd dropped", "Canva Pty Ltd", "", "canva"},
		{"S.A. with dots dropped", "Renault S.A.", "", "renault"},
		{"Co., Ltd. dropped", "Sony Co., Ltd.", "", "sony"},
		{"an ampersand inside a name stays", "Johnson & Johnson", "", "johnson & johnson"},
		{"a legal form alone is no company", "Inc.", "jane@acme.com", "acme.com"},
		{"a domain name as company stays", "Booking.com", "", "booking.com"},
		{"no company: the address's domain", "", "jane@acme.com", "acme.com"},
		{"subdomain folds to registrable domain", "", "Jane@EU.Mail.Acme.co.uk", "acme.co.uk"},
		{"trailing dot and brackets tolerated", "", "<jane@acme.com.>", "acme.com"},
		{"webmail is no organisation", "", "jane@gmail.com", ""},
		{"webmail in capitals", "", "jane@Outlook.COM", ""},
		{"webmail under a subdomain", "", "jane@mail.gmx.de", ""},
		{"private suffix keeps the owner's name", "", "me@acme.github.io", "acme.github.io"},
		{"intranet name without dot", "", "jane@localhost", ""},
		{"no address and no company", "", "", ""},
		{"address without domain", "", "jane", ""},
		{"self-employed is no organisation", "Self-employed", "jane@acme.com", "acme.com"},
		{"freelance is no organisation", "Freelance", "jane@gmail.com", ""},
		{"n/a is no organisation", "N/A", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Organisation(tt.company, tt.email); got != tt.want {
				t.Errorf("Organisation(%q, %q) = %q, want %q", tt.company, tt.email, got, tt.want)
			}
		})
	}
}

func TestColleagues(t *testing.T) {
	c := func(id int64, company, email string) store.Contact {
		return store.Contact{ID: id, Company: company, Email: email}
	}
	tests := []struct {
		name string
		a, b store.Contact
		want bool
	}{
		{"same company typed two ways", c(1, "Acme, Inc.", "ana@gmail.com"), c(2, "ACME", "bo@yahoo.com"), true},
		{"same company domain, no company typed", c(1, "", "ana@acme.com"), c(2, "", "bo@eu.acme.com"), true},
		{"company typed for one, the domain for both", c(1, "Acme", "ana@acme.com"), c(2, "", "bo@acme.com"), true},
		{"different companies typed at one shared domain", c(1, "Acme", "ana@alumni.uni.example"), c(2, "Globex", "bo@alumni.uni.example"), false},
		{"the same company typed at different domains", c(1, "Acme", "ana@acme.com"), c(2, "ACME Inc", "bo@acme.de"), true},
		{"same webmail domain is no tie", c(1, "", "ana@gmail.com"), c(2, "", "bo@gmail.com"), false},
		{"two freelancers are not colleagues", c(1, "Freelance", "ana@gmail.com"), c(2, "freelance", "bo@gmail.com"), false},
		{"different companies at one webmail", c(1, "Acme", "ana@gmail.com"), c(2, "Globex", "bo@gmail.com"), false},
		{"one contact is not their own colleague", c(1, "Acme", "ana@acme.com"), c(1, "Acme", "ana@acme.com"), false},
		{"nothing known", c(1, "", ""), c(2, "", ""), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Colleagues(tt.a, tt.b); got != tt.want {
				t.Errorf("Colleagues(%+v, %+v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}
