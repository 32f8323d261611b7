package contacts

import "testing"

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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Organisation(tt.company, tt.email); got != tt.want {
				t.Errorf("Organisation(%q, %q) = %q, want %q", tt.company, tt.email, got, tt.want)
			}
		})
	}
}
