package calendar

import "testing"

func TestLinks(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"sentence", "Join: https://zoom.us/j/1?pwd=x. Thanks", []string{"https://zoom.us/j/1?pwd=x"}},
		{"angle brackets", "Click<https://teams.microsoft.com/l/meetup-join/19>\nMore<https://aka.ms/x>", []string{"https://teams.microsoft.com/l/meetup-join/19", "https://aka.ms/x"}},
		{"parenthesis", "(see https://meet.google.com/abc-defg-hij)", []string{"https://meet.google.com/abc-defg-hij"}},
		{"none", "Room 4.12, second floor", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := links(tt.in)
			if len(got) != len(tt.want) {
				t.Fatalf("links(%q) = %q, want %q", tt.in, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("links(%q) = %q, want %q", tt.in, got, tt.want)
				}
			}
		})
	}
}

func TestIsMeetingLink(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"https://us02web.zoom.us/j/855", true},
		{"https://meet.google.com/abc-defg-hij", true},
		{"https://acme.webex.com/meet/sam", true},
		{"http://zoom.us/j/1", false},
		{"https://zoom.us.evil.example/j/1", false},
		{"https://calendar.google.com/event?eid=1", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := isMeetingLink(tt.in); got != tt.want {
				t.Fatalf("isMeetingLink(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
