package when

import (
	"testing"
	"time"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	z, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v (is the time zone database installed?)", name, err)
	}
	return z
}

func TestRule(t *testing.T) {
	berlin, newYork, sydney := zone(t, "Europe/Berlin"), zone(t, "America/New_York"), zone(t, "Australia/Sydney")
	paris, dubai := zone(t, "Europe/Paris"), zone(t, "Asia/Dubai")
	at := func(loc *time.Location, s string) time.Time {
		t.Helper()
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	jane := Person{Name: "Jane", Zone: newYork}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"time in the owner's zone", Owner(berlin).Time(at(time.UTC, "2026-12-08 14:00")), "Tue 8 Dec 2026 15:00 CET"},
		{"summer time is named", Owner(berlin).Time(at(time.UTC, "2026-07-08 13:00")), "Wed 8 Jul 2026 15:00 CEST"},
		{"short", Owner(berlin).Short(at(berlin, "2026-12-08 15:00")), "Tue 8 Dec 15:00 CET"},
		{"stamp", Owner(berlin).Stamp(at(berlin, "2026-12-08 15:00")), "2026-12-08 15:00 CET"},
		{"a zone without an abbreviation", Owner(dubai).Short(at(dubai, "2026-12-08 15:00")), "Tue 8 Dec 15:00 +04"},
		{"a fixed zone with no name", Owner(time.FixedZone("", 5*3600+1800)).Short(at(time.UTC, "2026-12-08 09:30")), "Tue 8 Dec 15:00 +05:30"},
		{"nil zone is the local one", Owner(nil).Stamp(at(time.Local, "2026-12-08 15:00")), at(time.Local, "2026-12-08 15:00").Format("2006-01-02 15:04 MST")},
		{"span", Owner(berlin).Span(at(berlin, "2026-12-08 15:00"), at(berlin, "2026-12-08 15:30")), "Tue 8 Dec 2026 15:00–15:30 CET"},
		{"span without an end", Owner(berlin).Span(at(berlin, "2026-12-08 15:00"), time.Time{}), "Tue 8 Dec 2026 15:00 CET"},
		{"span ending before it starts", Owner(berlin).Span(at(berlin, "2026-12-08 15:00"), at(berlin, "2026-12-08 14:00")), "Tue 8 Dec 2026 15:00 CET"},
		{"span over midnight", Owner(berlin).Span(at(berlin, "2026-12-08 23:30"), at(berlin, "2026-12-09 00:30")), "Tue 8 Dec 2026 23:30–Wed 9 Dec 00:30 CET"},
		{"span over the change to summer time", Owner(berlin).Span(at(time.UTC, "2026-03-29 00:30"), at(time.UTC, "2026-03-29 01:30")),
			"Sun 29 Mar 2026 01:30 CET–03:30 CEST"},

		{"their time beside", Owner(berlin).For(jane).Short(at(berlin, "2026-12-08 15:00")), "Tue 8 Dec 15:00 CET (09:00 EST for Jane)"},
		{"their span beside", Owner(berlin).For(jane).Span(at(berlin, "2026-12-08 15:00"), at(berlin, "2026-12-08 15:30")),
			"Tue 8 Dec 2026 15:00–15:30 CET (09:00–09:30 EST for Jane)"},
		{"their day when it is another", Owner(berlin).For(Person{Name: "Sam", Zone: sydney}).Short(at(berlin, "2026-12-08 15:00")),
			"Tue 8 Dec 15:00 CET (Wed 9 Dec 01:00 AEDT for Sam)"},
		{"their day on a clock alone", Owner(berlin).For(Person{Name: "Sam", Zone: sydney}).Clock(at(berlin, "2026-12-08 15:00")),
			"15:00 CET (Wed 9 Dec 01:00 AEDT for Sam)"},
		{"clock", Owner(berlin).For(jane).Clock(at(berlin, "2026-12-08 15:00")), "15:00 CET (09:00 EST for Jane)"},
		// America moves its clocks on 8 March 2026, Europe on 29 March:
		// between the two, New York is five hours behind Berlin, not six.
		{"between the two changes to summer time", Owner(berlin).For(jane).Short(at(berlin, "2026-03-16 15:00")),
			"Mon 16 Mar 15:00 CET (10:00 EDT for Jane)"},
		{"same clock, nothing beside", Owner(berlin).For(Person{Name: "Léa", Zone: paris}).Short(at(berlin, "2026-12-08 15:00")), "Tue 8 Dec 15:00 CET"},
		{"same zone, nothing beside", Owner(newYork).For(jane).Time(at(newYork, "2026-12-08 09:00")), "Tue 8 Dec 2026 09:00 EST"},
		{"unknown zone, nothing beside", Owner(berlin).For(Person{Name: "Jane"}).Short(at(berlin, "2026-12-08 15:00")), "Tue 8 Dec 15:00 CET"},
		{"nameless", Owner(berlin).For(Person{Zone: newYork}).Short(at(berlin, "2026-12-08 15:00")), "Tue 8 Dec 15:00 CET (09:00 EST for them)"},
		{"stamps carry no one else's time", Owner(berlin).For(jane).Stamp(at(berlin, "2026-12-08 15:00")), "2026-12-08 15:00 CET"},

		{"day", Owner(newYork).Day(at(time.UTC, "2026-12-08 03:00")), "Mon 7 Dec 2026"},
		{"a date is its own day everywhere", Date(at(time.UTC, "2026-12-08 00:00")), "Tue 8 Dec 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestContact(t *testing.T) {
	tests := []struct {
		name, full, zone string
		wantName         string
		wantZone         string // "" for none
	}{
		{"given and family name", "Jane Doe", "America/New_York", "Jane", "America/New_York"},
		{"family name first", "Doe, Jane", "", "Jane", ""},
		{"a title", "Dr. Jane Doe", "", "Jane", ""},
		{"a title alone stays", "Dr.", "", "Dr.", ""},
		{"one word", "Zoë", "", "Zoë", ""},
		{"an address for a name", "jane@example.com", "", "", ""},
		{"empty", "", "", "", ""},
		{"a trailing comma", "Jane Doe,", "", "Jane", ""},
		{"an unknown zone", "Jane Doe", "Mars/Olympus", "Jane", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Contact(tt.full, tt.zone)
			if p.Name != tt.wantName {
				t.Errorf("Contact(%q).Name = %q, want %q", tt.full, p.Name, tt.wantName)
			}
			got := ""
			if p.Zone != nil {
				got = p.Zone.String()
			}
			if got != tt.wantZone {
				t.Errorf("Contact(…, %q).Zone = %q, want %q", tt.zone, got, tt.wantZone)
			}
		})
	}
}
