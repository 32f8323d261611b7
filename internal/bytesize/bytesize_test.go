package bytesize

import (
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		n    int64
		want string
	}{
		{"zero", 0, "0 B"},
		{"under a KiB", 1023, "1023 B"},
		{"one KiB", 1024, "1.0 KiB"},
		{"a small database", 1468006, "1.4 MiB"},
		{"GiB", 3 << 30, "3.0 GiB"},
		{"largest", math.MaxInt64, "8.0 EiB"},
		{"negative", -5, "-5 B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Format(tt.n); got != tt.want {
				t.Errorf("Format(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}
