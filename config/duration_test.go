package config

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{in: "7d", want: 7 * day},
		{in: "90d", want: 90 * day},
		{in: "1w2d", want: 9 * day},
		{in: "2w", want: 14 * day},
		{in: "36h", want: 36 * time.Hour},
		{in: "1d12h", want: 36 * time.Hour},
		{in: "1.5d", want: 36 * time.Hour},
		{in: "2m", want: 2 * time.Minute},
		{in: "1h30m", want: 90 * time.Minute},
		{in: "500ms", want: 500 * time.Millisecond},
		{in: " 3h ", want: 3 * time.Hour},
		{in: "0", want: 0},
		{in: "-1d", want: -day},
		{in: "", wantErr: "empty"},
		{in: "5", wantErr: "missing unit"},
		{in: "7 days", wantErr: "unknown unit"},
		{in: "d", wantErr: "expected a number"},
		{in: "1y", wantErr: "unknown unit"},
		{in: "1..5d", wantErr: "bad number"},
		{in: "999999999w", wantErr: "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDuration(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), `"1w2d"`) {
					t.Fatalf("ParseDuration(%q) = %v, %v, want an error with %q naming the accepted forms", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got.Duration != tt.want {
				t.Fatalf("ParseDuration(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestDurationText(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{7 * day, "7d"},
		{9 * day, "9d"},
		{36 * time.Hour, "1d12h"},
		{3 * time.Hour, "3h"},
		{150 * time.Second, "2m30s"},
		{day + time.Second, "1d1s"},
		{1500 * time.Millisecond, "1.5s"},
		{-2 * time.Hour, "-2h"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			text, err := Duration{tt.in}.MarshalText()
			if err != nil || string(text) != tt.want {
				t.Fatalf("MarshalText(%v) = %q, %v, want %q", tt.in, text, err, tt.want)
			}
			var back Duration
			if err := back.UnmarshalText(text); err != nil || back.Duration != tt.in {
				t.Fatalf("UnmarshalText(%q) = %v, %v, want %v", text, back, err, tt.in)
			}
		})
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"7d", "1w2d", "36h", "1.5d", "-3m", "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			return
		}
		back, err := ParseDuration(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDuration(%q) = %v, which reparses as %v, %v", s, d, back, err)
		}
	})
}
