package zoneguess

import (
	"testing"
	"time"
)

// Mid-January and mid-July: northern winter and summer.
var (
	jan = time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	jul = time.Date(2025, 7, 15, 12, 0, 0, 0, time.UTC)
)

// at is an observation at t of the offset written as hours and minutes.
func at(t time.Time, hours, minutes int) Observation {
	off := hours*3600 + minutes*60
	if hours < 0 {
		off = hours*3600 - minutes*60
	}
	return Observation{At: t, Offset: off}
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestGuess(t *testing.T) {
	vienna := mustLoad(t, "Europe/Vienna")
	tests := []struct {
		name   string
		obs    []Observation
		domain string
		owner  *time.Location
		want   string // "" for no guess
	}{
		{"no observations", nil, "firma.de", nil, ""},

		// One offset: the most likely zone that has it then.
		{"winter +0100", []Observation{at(jan, 1, 0)}, "", nil, "Europe/Berlin"},
		{"summer +0100 is British summer time", []Observation{at(jul, 1, 0)}, "", nil, "Europe/London"},
		{"winter +0000", []Observation{at(jan, 0, 0)}, "", nil, "Europe/London"},
		{"winter -0500", []Observation{at(jan, -5, 0)}, "", nil, "America/New_York"},
		{"summer -0500 is central daylight time", []Observation{at(jul, -5, 0)}, "", nil, "America/Chicago"},
		{"winter -0700", []Observation{at(jan, -7, 0)}, "", nil, "America/Denver"},
		{"summer -0700", []Observation{at(jul, -7, 0)}, "", nil, "America/Los_Angeles"},
		{"+0530", []Observation{at(jan, 5, 30)}, "", nil, "Asia/Kolkata"},
		{"+0545", []Observation{at(jul, 5, 45)}, "", nil, "Asia/Kathmandu"},
		{"+0330", []Observation{at(jul, 3, 30)}, "", nil, "Asia/Tehran"},
		{"winter -0330", []Observation{at(jan, -3, 30)}, "", nil, "America/St_Johns"},
		{"+0900", []Observation{at(jan, 9, 0)}, "", nil, "Asia/Tokyo"},
		{"+0800", []Observation{at(jan, 8, 0)}, "", nil, "Asia/Singapore"},
		{"-0300", []Observation{at(jul, -3, 0)}, "", nil, "America/Sao_Paulo"},
		{"January +1300", []Observation{at(jan, 13, 0)}, "", nil, "Pacific/Auckland"},
		{"July +1000", []Observation{at(jul, 10, 0)}, "", nil, "Australia/Sydney"},

		// More mail refines: zones with other daylight saving rules drop out.
		{"winter and summer in central Europe", []Observation{at(jan, 1, 0), at(jul, 2, 0)}, "", nil, "Europe/Berlin"},
		{"+0100 all year is west Africa", []Observation{at(jan, 1, 0), at(jul, 1, 0)}, "", nil, "Africa/Lagos"},
		{"+0000 all year", []Observation{at(jan, 0, 0), at(jul, 0, 0)}, "", nil, "Atlantic/Reykjavik"},
		{"-0500 all year", []Observation{at(jan, -5, 0), at(jul, -5, 0)}, "", nil, "America/Bogota"},
		{"-0700 all year is Arizona", []Observation{at(jan, -7, 0), at(jul, -7, 0)}, "", nil, "America/Phoenix"},
		{"January +1000 is Queensland", []Observation{at(jan, 10, 0)}, "", nil, "Australia/Brisbane"},
		{"January +1000 after July +1000", []Observation{at(jul, 10, 0), at(jan, 10, 0)}, "", nil, "Australia/Brisbane"},
		{"January +1100 and July +1000", []Observation{at(jan, 11, 0), at(jul, 10, 0)}, "", nil, "Australia/Sydney"},
		{"Chile: January -0300 and July -0400", []Observation{at(jan, -3, 0), at(jul, -4, 0)}, "", nil, "America/Santiago"},

		// The domain's country is preferred among the zones that fit.
		{".fr", []Observation{at(jan, 1, 0)}, "societe.fr", nil, "Europe/Paris"},
		{".at, a zone outside the list", []Observation{at(jan, 1, 0)}, "firma.at", nil, "Europe/Vienna"},
		{"an address, in capitals, with a final dot", []Observation{at(jan, 1, 0)}, "Hans@Firma.CH.", nil, "Europe/Zurich"},
		{".co.uk", []Observation{at(jan, 0, 0)}, "firm.co.uk", nil, "Europe/London"},
		{".ie", []Observation{at(jan, 0, 0)}, "firm.ie", nil, "Europe/Dublin"},
		{".pt", []Observation{at(jan, 0, 0)}, "empresa.pt", nil, "Europe/Lisbon"},
		{".kr", []Observation{at(jan, 9, 0)}, "company.kr", nil, "Asia/Seoul"},
		{".ca east", []Observation{at(jan, -5, 0)}, "company.ca", nil, "America/Toronto"},
		{".ca west", []Observation{at(jan, -8, 0)}, "company.ca", nil, "America/Vancouver"},
		{".com.au in the west", []Observation{at(jul, 8, 0)}, "company.com.au", nil, "Australia/Perth"},
		{".de that does not fit", []Observation{at(jan, -5, 0)}, "firma.de", nil, "America/New_York"},
		{"summer +0100 from .de is not Berlin", []Observation{at(jul, 1, 0)}, "firma.de", nil, "Europe/London"},
		{".io says nothing", []Observation{at(jan, 1, 0)}, "startup.io", nil, "Europe/Berlin"},
		{"no domain", []Observation{at(jan, 9, 0)}, "localhost", nil, "Asia/Tokyo"},

		// The owner's zone comes first when it fits.
		{"owner's zone before the domain's", []Observation{at(jan, 1, 0)}, "firma.de", vienna, "Europe/Vienna"},
		{"owner's zone that does not fit", []Observation{at(jan, -5, 0)}, "", vienna, "America/New_York"},
		{"owner in UTC is not a place", []Observation{at(jan, 0, 0)}, "", time.UTC, "Europe/London"},
		{"owner in Local is not a name", []Observation{at(jan, 1, 0)}, "", time.Local, "Europe/Berlin"},
		{"owner in a fixed zone", []Observation{at(jan, 1, 0)}, "", time.FixedZone("CET", 3600), "Europe/Berlin"},

		// Nothing fits.
		{"an odd offset", []Observation{at(jan, 5, 37)}, "", nil, ""},
		{"beyond any zone", []Observation{at(jan, 15, 0)}, "", nil, ""},
		{"two offsets the same day", []Observation{at(jan, 1, 0), at(jan.Add(time.Hour), -5, 0)}, "", nil, ""},
		{"Berlin in winter and New York in summer", []Observation{at(jan, 1, 0), at(jul, -4, 0)}, "firma.de", vienna, ""},
		{"summer time in winter", []Observation{at(jan, 2, 0), at(jul, 1, 0)}, "firma.de", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Guess(tt.obs, tt.domain, tt.owner)
			if got != tt.want || ok != (tt.want != "") {
				t.Fatalf("Guess(%v, %q) = %q, %v; want %q", tt.obs, tt.domain, got, ok, tt.want)
			}
		})
	}
}

func TestGuessAtTheChange(t *testing.T) {
	// Europe switches on the last Sunday of March at 01:00 UTC.
	before := time.Date(2025, 3, 30, 0, 59, 0, 0, time.UTC)
	after := before.Add(2 * time.Minute)
	if z, ok := Guess([]Observation{{before, 3600}, {after, 7200}}, "firma.de", nil); !ok || z != "Europe/Berlin" {
		t.Fatalf("Guess(across the switch) = %q, %v; want Europe/Berlin", z, ok)
	}
	if z, ok := Guess([]Observation{{before, 7200}}, "firma.de", nil); ok && z == "Europe/Berlin" {
		t.Fatalf("Guess(+0200 a minute before summer time) = Europe/Berlin")
	}
}

func TestRecent(t *testing.T) {
	d := func(month time.Month, day int) time.Time { return time.Date(2025, month, day, 12, 0, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		obs      []Observation
		want     string
		wantUsed int
	}{
		{"none", nil, "", 0},
		{"all agree", []Observation{at(d(1, 10), 1, 0), at(d(7, 10), 2, 0), at(d(11, 10), 1, 0)}, "Europe/Berlin", 3},
		{"moved west", []Observation{at(d(1, 10), 1, 0), at(d(2, 10), 1, 0), at(d(3, 3), -5, 0), at(d(3, 4), -5, 0)}, "America/New_York", 2},
		{"order given does not matter", []Observation{at(d(3, 4), -5, 0), at(d(1, 10), 1, 0), at(d(3, 3), -5, 0), at(d(2, 10), 1, 0)}, "America/New_York", 2},
		{"home again after a journey", []Observation{at(d(1, 10), 1, 0), at(d(2, 10), -5, 0), at(d(3, 10), 1, 0)}, "Europe/Berlin", 1},
		{"refined until the contradiction", []Observation{at(d(1, 10), 10, 0), at(d(6, 10), 11, 0), at(d(7, 10), 10, 0), at(d(8, 10), 10, 0)}, "Australia/Sydney", 2},
		{"the newest fits nothing", []Observation{at(d(1, 10), 1, 0), at(d(2, 10), 5, 37)}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, used, ok := Recent(tt.obs, "", nil)
			if got != tt.want || len(used) != tt.wantUsed || ok != (tt.want != "") {
				t.Fatalf("Recent(%v) = %q, %v, %v; want %q from %d", tt.obs, got, used, ok, tt.want, tt.wantUsed)
			}
			for i := 1; i < len(used); i++ {
				if used[i].At.After(used[i-1].At) {
					t.Fatalf("Recent(%v) used %v, not newest first", tt.obs, used)
				}
			}
		})
	}
}

func TestEveryZoneLoads(t *testing.T) {
	tb := loaded()
	if len(tb.ranked) != len(candidates) {
		t.Fatalf("%d of %d candidates loaded", len(tb.ranked), len(candidates))
	}
	seen := map[string]bool{}
	for _, n := range candidates {
		if seen[n] {
			t.Fatalf("candidate %s listed twice", n)
		}
		seen[n] = true
	}
	for tld, names := range countries {
		if len(tb.countries[tld]) != len(names) || len(names) == 0 {
			t.Fatalf(".%s: %d of %d zones loaded", tld, len(tb.countries[tld]), len(names))
		}
	}
}

func TestFormatOffset(t *testing.T) {
	for off, want := range map[int]string{0: "+0000", 3600: "+0100", -18000: "-0500", 19800: "+0530", -12600: "-0330", 20700: "+0545"} {
		if got := FormatOffset(off); got != want {
			t.Fatalf("FormatOffset(%d) = %q, want %q", off, got, want)
		}
	}
}
