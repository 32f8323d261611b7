package forward

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string // want in RFC 3339; "" for zero
	}{
		{"Wed, 3 Nov 2021 15:51:30 +0100", "2021-11-03T15:51:30+01:00"},
		{"Mon, Jan 2, 2026 at 3:04 PM", "2026-01-02T15:04:00Z"},
		{"Monday, January 2, 2026 3:04 PM", "2026-01-02T15:04:00Z"},
		{"Monday, January 2, 2026 12:30 AM", "2026-01-02T00:30:00Z"},
		{"2. Jan. 2026 um 15:04", "2026-01-02T15:04:00Z"},
		{"Mi., 27. Okt. 2021 um 09:31 Uhr", "2021-10-27T09:31:00Z"},
		{"Montag, 02. März 2026 um 15:04 Uhr", "2026-03-02T15:04:00Z"},
		{"2 janv. 2026 à 15:04", "2026-01-02T15:04:00Z"},
		{"mar. 3 févr. 2026 à 09:00", "2026-02-03T09:00:00Z"}, // mar. is Tuesday here
		{"jueves, 28 de octubre de 2021, 12:46", "2021-10-28T12:46:00Z"},
		{"26 de outubro de 2021, 14:25:08 EEST", "2021-10-26T14:25:08+03:00"},
		{"26 października 2021 o 14:25:08 EEST", "2021-10-26T14:25:08+03:00"},
		{"ср, 27 окт. 2021 г. в 09:31", "2021-10-27T09:31:00Z"},
		{"2022年9月19日月曜日 17:55:44 -0400", "2022-09-19T17:55:44-04:00"},
		{"02/10/2023 4:52 PM EST", "2023-02-10T16:52:00-05:00"},
		{"28/10/2021, 12:46", "2021-10-28T12:46:00Z"},
		{"2021-10-27 09:31", "2021-10-27T09:31:00Z"},
		{"27.10.2021 15.04", "2021-10-27T15:04:00Z"},
		{"Tuesday, November 2, 2021, 09:26:50 AM GMT+1", "2021-11-02T09:26:50+01:00"},
		{"dinsdag 2 november 2021 09:26:50 CET", "2021-11-02T09:26:50+01:00"},
		{"Friday, 2 January 2026 15:04 (UTC+05:30)", "2026-01-02T15:04:00+05:30"},
		{"2026-01-02T15:04:05Z", "2026-01-02T15:04:05Z"},
		{"", ""},
		{"yesterday", ""},
		{"Oct 2021", ""},
		{"31 February 2026", ""},
		{"Jan 5, 2026 at 25:00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := parseDate(tt.in)
			s := ""
			if !got.IsZero() {
				s = got.Format(time.RFC3339)
			}
			if s != tt.want {
				t.Fatalf("parseDate(%q) = %q, want %q", tt.in, s, tt.want)
			}
		})
	}
}

func TestMonth(t *testing.T) {
	tests := []struct {
		in   string
		want time.Month
	}{
		{"jan", time.January}, {"okt.", time.October}, {"mär", time.March}, {"mai", time.May},
		{"juin", time.June}, {"juil", time.July}, {"ago", time.August}, {"окт", time.October},
		{"мая", time.May}, {"lokakuuta", time.October}, {"června", time.June}, {"července", time.July},
		{"ju", 0}, {"jui", 0}, {"tuesday", 0}, {"", 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := month(tt.in); got != tt.want {
				t.Fatalf("month(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
