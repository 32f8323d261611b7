package typo

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"host", "host", 0},
		{"hots", "host", 1},
		{"prot", "port", 1},
		{"hst", "host", 1},
		{"hosts", "host", 1},
		{"timezone", "time_zone", 1},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"mte", "met", 1},
		{"Zoë", "Zoe", 1},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			if got := Distance(tt.a, tt.b); got != tt.want {
				t.Fatalf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}
