package orgname

import "testing"

func TestFoldKeyCompact(t *testing.T) {
	tests := []struct {
		name, in           string
		fold, key, compact string
	}{
		{"legal form and case", "Acme, Inc.", "acme", "acme", "acme"},
		{"spaces collapsed", "  Acme   Labs ", "acme labs", "acme labs", "acmelabs"},
		{"GmbH & Co. KG dropped whole", "Müller GmbH & Co. KG", "müller", "muller", "muller"},
		{"accents only go in Key", "Société Générale", "société générale", "societe generale", "societegenerale"},
		{"a letter without decomposition, A/S dropped", "Ørsted A/S", "ørsted", "orsted", "orsted"},
		{"an ampersand inside stays in Fold", "Procter & Gamble", "procter & gamble", "procter & gamble", "proctergamble"},
		{"a legal form alone is nothing", "Ltd.", "", "", ""},
		{"a domain as a name", "Booking.com", "booking.com", "booking.com", "bookingcom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.fold {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.fold)
			}
			if got := Key(tt.in); got != tt.key {
				t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.key)
			}
			if got := Compact(tt.in); got != tt.compact {
				t.Errorf("Compact(%q) = %q, want %q", tt.in, got, tt.compact)
			}
		})
	}
}
