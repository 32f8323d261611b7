package main

import (
	"strings"
	"testing"
)

// BenchmarkCompanies runs "rapport companies" (the text, and --json) on
// the database of BenchmarkList, 100,000 contacts at a few companies,
// and reports each one's wall time and peak RSS: it reads every contact
// once and keeps a line's worth of each.
func BenchmarkCompanies(b *testing.B) {
	const rows = 100_000
	h := newBenchHome(b, rows, false)
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"text", []string{"companies"}},
		{"json", []string{"companies", "--json"}},
	} {
		b.Run(tt.name, func(b *testing.B) {
			h.measure(b, func(out *countingWriter, _ string) {
				// A line per contact, more with --json.
				if out.lines < rows {
					b.Fatalf("rapport %s printed %d lines, want at least %d", strings.Join(tt.args, " "), out.lines, rows)
				}
			}, tt.args...)
		})
	}
}
