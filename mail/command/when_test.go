package command

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestParseWhen reads every meeting-time form the package doc lists.
func TestParseWhen(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // RFC 3339, or the error
	}{
		{"2026-12-03 15:00", "2026-12-03T15:00:00+01:00"},
		{"2026-12-03T15:00", "2026-12-03T15:00:00+01:00"},
		{"Thu 2026-12-03T15:00", "2026-12-03T15:00:00+01:00"},
		{"on 2026-12-03T15:00 UTC", "2026-12-03T15:00:00Z"},
		{"Thu, 2026-12-03 at 15:00", "2026-12-03T15:00:00+01:00"},
		{"2026-12-3 9:05", "2026-12-03T09:05:00+01:00"},
		{"2026-12-03T15:00:00-05:00", "2026-12-03T15:00:00-05:00"},
		{"2026-12-03T15:00:00Z", "2026-12-03T15:00:00Z"},
		{"3 Dec 2026 15:00", "2026-12-03T15:00:00+01:00"},
		{"3rd December 2026 at 3pm", "2026-12-03T15:00:00+01:00"},
		{"Thu 3 Dec 2026 15:00", "2026-12-03T15:00:00+01:00"},
		{"Thursday, 3 Dec 2026, 15:00", "2026-12-03T15:00:00+01:00"},
		{"Dec 3, 2026 3:30pm", "2026-12-03T15:30:00+01:00"},
		{"Dec 3 2026 3:30 p.m.", "2026-12-03T15:30:00+01:00"},
		{"on 2026-12-03 at 12am", "2026-12-03T00:00:00+01:00"},
		{"2026-12-03 12pm", "2026-12-03T12:00:00+01:00"},
		{"2026-12-03 9 am", "2026-12-03T09:00:00+01:00"},
		{"today 15:00", "2026-11-23T15:00:00+01:00"},
		{"tomorrow 10:00", "2026-11-24T10:00:00+01:00"},
		{"Tue tomorrow 10:00", "2026-11-24T10:00:00+01:00"},
		{"2026-12-03 15:00 Europe/Berlin", "2026-12-03T15:00:00+01:00"},
		{"2026-12-03 15:00 america/new_york", "2026-12-03T15:00:00-05:00"},
		{"2026-12-03 15:00 UTC", "2026-12-03T15:00:00Z"},
		{"2026-07-03 15:00", "2026-07-03T15:00:00+02:00"},
		{"2027-10-31 02:30", "2027-10-31T02:30:00+02:00"}, // the hour repeats: the first one
		{"Wed tomorrow 10:00", "24 Nov 2026 is a Tuesday, not a Wednesday"},
		{"2026-12-03 13pm", "`13pm` is not a time of day"},
		{"2026-12-03 15:60", "`15:60` is not a time of day"},
		{"3 Dec 15:00", "`3 Dec 15:00` has no year"},
		{"3.12.2026 15:00", "`3.12.2026` is ambiguous (day or month first?)"},
		{"1800-01-01 10:00", "`1800-01-01` is not a date rapport can use"},
		{"0001-01-01T00:00:00Z", "`0001-01-01T00:00:00Z` is not a date rapport can use"},
		{"2026-12-03 15:00 Local", "`Local` is not a time zone (use an IANA name such as Europe/Berlin)"},
		{"2026-12-03 15:00 ../../etc/passwd", "`../../etc/passwd` is not a time zone (use an IANA name such as Europe/Berlin)"},
		{"2026-12-03 15:00 /etc/localtime", "`/etc/localtime` is not a time zone (use an IANA name such as Europe/Berlin)"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			w, msg := parseWhen(strings.Fields(tc.in), opts(0))
			got := msg
			if msg == "" {
				got = w.at.Format(time.RFC3339)
			}
			if got != tc.want {
				t.Fatalf("parseWhen(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestParseSnooze reads durations and refuses the out of range.
func TestParseSnooze(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"36h", 36 * time.Hour}, {"5d", 5 * 24 * time.Hour}, {"2w", 14 * 24 * time.Hour},
		{"5 days", 5 * 24 * time.Hour}, {"1 week", 7 * 24 * time.Hour}, {"1 hour", time.Hour},
		{"5D", 5 * 24 * time.Hour}, {"366d", 366 * 24 * time.Hour},
		{"0d", 0}, {"367d", 0}, {"53w", 0}, {"9999h", 0}, {"5", 0}, {"d", 0}, {"-5d", 0}, {"5 days please", 0},
	} {
		d, msg := parseSnooze(strings.Fields(tc.in))
		if d != tc.want || (tc.want == 0) != (msg != "") {
			t.Errorf("parseSnooze(%q) = %v, %q; want %v", tc.in, d, msg, tc.want)
		}
	}
}

// TestParseUntilZone reads a pause date in the owner's zone, and in UTC
// without one.
func TestParseUntilZone(t *testing.T) {
	cmds, errs := Parse("", "pause #7 until 2027-01-10", Options{})
	if len(errs) != 0 || len(cmds) != 1 {
		t.Fatalf("Parse() = %v, %v; want one command", showAll(cmds), errLines(errs))
	}
	if want := time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC); !cmds[0].Until.Equal(want) || cmds[0].Zone != time.UTC {
		t.Fatalf("Until = %v in %v, want %v in UTC", cmds[0].Until, cmds[0].Zone, want)
	}
}

// TestExportedReaders checks the readers the command line shares: errors
// carry the hint, and a pause must end after now.
func TestExportedReaders(t *testing.T) {
	o := opts(0)
	if at, err := ParseWhen(strings.Fields("2026-12-03 15:00 Europe/Berlin"), o); err != nil || !at.Equal(time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseWhen() = %v, %v; want 14:00 UTC", at, err)
	}
	if _, err := ParseWhen(strings.Fields("next tuesday"), o); err == nil || !strings.HasSuffix(err.Error(), "("+whenHint+")") {
		t.Errorf("ParseWhen(next tuesday) error = %v, want one with the hint", err)
	}
	for _, tc := range []struct{ in, err string }{
		{"2027-01-10", ""},
		{"2026-11-01", "2026-11-01 is not after today (" + dateHint + ")"},
		{"soon", "`soon` is not a date (" + dateHint + ")"},
	} {
		_, err := ParseUntil([]string{tc.in}, o)
		if got := fmt.Sprint(err); (tc.err == "" && err != nil) || (tc.err != "" && got != tc.err) {
			t.Errorf("ParseUntil(%q) error = %v, want %q", tc.in, err, tc.err)
		}
	}
	if err := CheckEmail("Jane <jane@x.example>"); err == nil || !strings.Contains(err.Error(), "not a plain email address") {
		t.Errorf("CheckEmail() of a named address = %v, want a refusal", err)
	}
	if loc, err := LoadZone("europe/berlin"); err != nil || loc.String() != "Europe/Berlin" {
		t.Errorf("LoadZone(europe/berlin) = %v, %v; want Europe/Berlin", loc, err)
	}
	if _, err := LoadZone("Nowhere/City"); err == nil || !strings.Contains(err.Error(), "is not a time zone") {
		t.Errorf("LoadZone(Nowhere/City) error = %v, want a refusal", err)
	}
	if err := CheckEmail("jane@x.example"); err != nil {
		t.Errorf("CheckEmail(jane@x.example) = %v, want nil", err)
	}
}
