package calendar

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file       string
		start, end string // RFC 3339, with the offset Start and End are shown in; "" for zero
		want       Event  // compared without Start and End
	}{
		{
			file: "google_request_berlin.ics", start: "2026-03-12T14:30:00+01:00", end: "2026-03-12T15:00:00+01:00",
			want: Event{
				Method: "REQUEST", UID: "4k2q9v1f0s7m3b8c6d5e1a2f3g@google.com", Status: "CONFIRMED",
				TZID: "Europe/Berlin", Organizer: "greta.vogel@example.de", OrganizerName: "Greta Vogel",
				Attendees: []Attendee{
					{Email: "greta.vogel@example.de", Name: "Greta Vogel", PartStat: "ACCEPTED"},
					{Email: "sam@example.org", PartStat: "NEEDS-ACTION"},
				},
				Summary: "Kaffee mit Sam", URL: "https://meet.google.com/abc-defg-hij",
			},
		},
		{
			file: "outlook_teams_request.ics", start: "2026-04-15T10:00:00+02:00", end: "2026-04-15T10:30:00+02:00",
			want: Event{
				Method: "REQUEST", UID: "040000008200E00074C5B7101A82E00800000000B0D1E2F3A4B5DC01000000000000000010000000C1D2E3F4A5B6C7D8E9F0A1B2C3D4E5F6",
				Status: "CONFIRMED", TZID: "W. Europe Standard Time",
				Organizer: "pieter.jansen@example.nl", OrganizerName: "Jansen, Pieter",
				Attendees: []Attendee{{Email: "sam@example.org", Name: "Sam Rivera", PartStat: "NEEDS-ACTION"}},
				Summary:   "Informational chat", Location: "Microsoft Teams Meeting",
				URL: "https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZmI0NzQ1YTMtZDk2Ny00@thread.v2/0?context=%7b%22Tid%22%3a%2200000000-0000-0000-0000-000000000000%22%7d",
			},
		},
		{
			file: "updated_request_seq2.ics", start: "2026-05-20T16:00:00-07:00", end: "2026-05-20T16:30:00-07:00",
			want: Event{
				Method: "REQUEST", UID: "040000008200E00074C5B7101A82E00800000000AAAABBBBCCCCDDDD", Sequence: 2,
				Status: "CONFIRMED", TZID: "Pacific Standard Time",
				Organizer: "dana@example.com", OrganizerName: "Dana Lee",
				Attendees: []Attendee{{Email: "sam@example.org", Name: "Sam Rivera", PartStat: "NEEDS-ACTION"}},
				Summary:   "Career chat (moved)", Location: "Blue Bottle, 300 Webster St",
			},
		},
		{
			file: "cancel.ics", start: "2026-06-04T15:00:00Z", end: "2026-06-04T15:30:00Z",
			want: Event{
				Method: "CANCEL", UID: "7hq1sd0u3ncf6b4mjv2t9kq8p0@google.com", Sequence: 1, Status: "CANCELLED",
				Organizer: "ana.costa@example.com", OrganizerName: "Ana Costa",
				Attendees: []Attendee{{Email: "sam@example.org", Name: "Sam Rivera", PartStat: "NEEDS-ACTION"}},
				Summary:   "Canceled event: Intro call",
			},
		},
		{
			file: "cancel_no_dtstart.ics",
			want: Event{Method: "CANCEL", UID: "cancel-without-start@example.net", Sequence: 3, Status: "CANCELLED", Organizer: "org@example.net"},
		},
		{
			file: "reply_accepted.ics", start: "2026-03-10T17:00:00Z", end: "2026-03-10T17:30:00Z",
			want: Event{
				Method: "REPLY", UID: "D3F1A2B4-5C6D-4E7F-8091-A2B3C4D5E6F7",
				Organizer: "sam@example.org", OrganizerName: "Sam Rivera",
				Attendees: []Attendee{{Email: "jo.kim@example.com", Name: "Kim, Jo", PartStat: "ACCEPTED"}},
				Summary:   "Coffee",
			},
		},
		{
			file: "utc_zoom.ics", start: "2026-04-08T13:00:00Z", end: "2026-04-08T13:45:00Z",
			want: Event{
				Method: "REQUEST", UID: "ZOOM85512345678@example.zoom.us",
				Organizer: "priya@example.in", OrganizerName: "Priya Nair", Summary: "Sam / Priya intro",
				Location: "https://us02web.zoom.us/j/85512345678?pwd=QWxhZGRpbjpvcGVuIHNlc2FtZQ.",
				URL:      "https://us02web.zoom.us/j/85512345678?pwd=QWxhZGRpbjpvcGVuIHNlc2FtZQ",
			},
		},
		{
			file: "allday.ics", start: "2026-07-15T00:00:00Z", end: "2026-07-16T00:00:00Z",
			want: Event{
				Method: "PUBLISH", UID: "allday-1@example.com", AllDay: true, Summary: "Offsite",
				URL: "https://intranet.example.com/events/offsite",
			},
		},
		{
			file: "duration_newyork.ics", start: "2026-02-11T09:15:00-05:00", end: "2026-02-11T10:00:00-05:00",
			want: Event{
				Method: "REQUEST", UID: "dur-45@example.com", TZID: "America/New_York",
				Organizer: "host@example.com", Summary: "Quick call", Location: "Phone",
			},
		},
		{
			// Clocks go back at 03:00 CEST: 01:30 is still summer time, 03:30 winter time.
			file: "dst_berlin.ics", start: "2026-10-25T01:30:00+02:00", end: "2026-10-25T03:30:00+01:00",
			want: Event{Method: "REQUEST", UID: "dst-berlin@example.com", TZID: "Europe/Berlin", Summary: "Night shift across the clock change"},
		},
		{
			// Only the VTIMEZONE knows this zone; P1D is a calendar day, 25 hours long here.
			file: "dst_berlin_vtimezone_duration.ics", start: "2026-10-24T10:00:00+02:00", end: "2026-10-25T10:00:00+01:00",
			want: Event{Method: "REQUEST", UID: "dst-custom@example.com", TZID: "Customized Time Zone", Summary: "Twenty-five hours"},
		},
		{
			// 01:30 happens twice on 2026-11-01 in New York; RFC 5545 means the first (EDT).
			file: "dst_newyork.ics", start: "2026-11-01T01:30:00-04:00", end: "2026-11-01T03:00:00-05:00",
			want: Event{Method: "REQUEST", UID: "dst-nyc@example.com", TZID: "America/New_York", Summary: "Early call on the night clocks go back"},
		},
		{
			file: "messy.ics", start: "2026-09-02T09:00:00+02:00", end: "2026-09-02T10:00:00+02:00",
			want: Event{
				Method: "REQUEST", UID: "messy-1@example.com", TZID: "/mozilla.org/20050126_1/Europe/Berlin",
				Organizer: "lena@example.at", OrganizerName: "Lena Maier",
				Attendees: []Attendee{{Email: "sam@example.org", PartStat: "TENTATIVE"}},
				Summary:   "Breakfast, then a walk", Location: "Café Zentral, Wien",
				URL: "https://whereby.com/sam-rivera",
			},
		},
		{
			file: "bare_vevent_floating.ics", start: "2026-03-01T08:00:00Z", end: "2026-03-01T09:00:00Z",
			want: Event{UID: "bare@example.com", Summary: "Floating time, no calendar wrapper"},
		},
		{
			file: "display_name_tzid.ics", start: "2026-07-01T11:00:00+02:00", end: "2026-07-01T11:30:00+02:00",
			want: Event{
				Method: "REQUEST", UID: "display@example.com",
				TZID: "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", Summary: "Display-name zone",
			},
		},
		{
			file: "unknown_tzid.ics", start: "2026-07-01T11:00:00Z", end: "2026-07-01T11:30:00Z",
			want: Event{
				Method: "REQUEST", UID: "mars@example.com", TZID: "Mars/Olympus_Mons", ZoneUnknown: true,
				Summary: "Unknown zone", URL: "https://example.webex.com/meet/sam",
			},
		},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".ics"), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(data)
			if err != nil {
				t.Fatalf("Parse() error = %v", err)
			}
			if s := rfc3339(got.Start); s != tt.start {
				t.Errorf("Parse().Start = %s, want %s", s, tt.start)
			}
			if s := rfc3339(got.End); s != tt.end {
				t.Errorf("Parse().End = %s, want %s", s, tt.end)
			}
			rest := *got
			rest.Start, rest.End = time.Time{}, time.Time{}
			if !reflect.DeepEqual(rest, tt.want) {
				t.Errorf("Parse() =\n%+v\nwant\n%+v", rest, tt.want)
			}
		})
	}
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

func TestParseErrors(t *testing.T) {
	const head = "BEGIN:VCALENDAR\nMETHOD:REQUEST\nBEGIN:VEVENT\nUID:x@example.com\n"
	const tail = "END:VEVENT\nEND:VCALENDAR\n"
	tests := []struct {
		name, data, want string
	}{
		{"empty", "", "calendar: no BEGIN:VCALENDAR line: not an iCalendar object"},
		{"mail text", "Hi Sam,\nsee you Tuesday: 10am works.\n", "calendar: no BEGIN:VCALENDAR line: not an iCalendar object"},
		{"no event", "BEGIN:VCALENDAR\nBEGIN:VTODO\nUID:t\nEND:VTODO\nEND:VCALENDAR\n", "calendar: no VEVENT in the calendar object"},
		{"bad month", head + "DTSTART:2026-13-01\n" + tail, `calendar: DTSTART "2026-13-01": not a date-time`},
		{"bad time", head + "DTSTART:20260101T250000Z\n" + tail, `calendar: DTSTART "20260101T250000Z": not a date-time`},
		{"bad end", head + "DTSTART:20260101T100000Z\nDTEND:tomorrow\n" + tail, `calendar: DTEND "tomorrow": not a date-time`},
		{"bad duration", head + "DTSTART:20260101T100000Z\nDURATION:1 hour\n" + tail, `calendar: DURATION "1 hour": not a duration`},
		{"negative duration", head + "DTSTART:20260101T100000Z\nDURATION:-PT1H\n" + tail, `calendar: DURATION "-PT1H": negative duration`},
		{"bad sequence", head + "SEQUENCE:two\nDTSTART:20260101T100000Z\n" + tail, `calendar: SEQUENCE "two": not an integer`},
		{"request without start", head + tail, "calendar: VEVENT has no DTSTART"},
		{"too deep", strings.Repeat("BEGIN:X\n", 20), "calendar: BEGIN:X: components nested deeper than 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.data))
			if err == nil {
				t.Fatalf("Parse() = %+v, want error %q", got, tt.want)
			}
			if err.Error() != tt.want {
				t.Fatalf("Parse() error = %q, want %q", err, tt.want)
			}
		})
	}
}
