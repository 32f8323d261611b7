package calendar

import (
	"testing"
	"time"
)

func TestDuration(t *testing.T) {
	tests := []struct {
		in    string
		days  int
		exact time.Duration
		ok    bool
	}{
		{"PT1H30M", 0, 90 * time.Minute, true},
		{"P1D", 1, 0, true},
		{"P2W", 14, 0, true},
		{"P1DT12H", 1, 12 * time.Hour, true},
		{"+PT15S", 0, 15 * time.Second, true},
		{"pt45m", 0, 45 * time.Minute, true},
		{"P", 0, 0, false},
		{"PT", 0, 0, true}, // nothing to add; harmless
		{"P1H", 0, 0, false},
		{"PT1D", 0, 0, false},
		{"-PT1H", 0, 0, false},
		{"PT9999999H", 0, 0, false},
		{"1H", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			days, exact, err := duration(tt.in)
			if (err == nil) != tt.ok || days != tt.days || exact != tt.exact {
				t.Fatalf("duration(%q) = %d, %v, %v; want %d, %v, ok %v", tt.in, days, exact, err, tt.days, tt.exact, tt.ok)
			}
		})
	}
}
