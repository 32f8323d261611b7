package outbox_test

import (
	"testing"

	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/templates"
)

func TestFillLearned(t *testing.T) {
	if p := templates.Placeholders(outbox.PlaceholderLearned); len(p) != 1 {
		t.Fatalf("Placeholders(%q) = %q: rapport would send it unfilled", outbox.PlaceholderLearned, p)
	}
	tests := []struct {
		name, body, learned, want string
		filled                    bool
	}{
		{"after a colon", "What stayed with me most: [what I learned]\n", "you showed me how.", "What stayed with me most: you showed me how.\n", true},
		{"a full stop is not doubled", "I keep thinking about [what I learned].\n", "how budgets work.", "I keep thinking about how budgets work.\n", true},
		{"only the first", "[what I learned] and [what I learned]", "this.", "this. and [what I learned]", true},
		{"nothing to fill with", "About [what I learned].", "", "About [what I learned].", false},
		{"nothing to fill", "All written.", "this.", "All written.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, filled := outbox.FillLearned(tt.body, tt.learned)
			if got != tt.want || filled != tt.filled {
				t.Errorf("FillLearned(%q, %q) = %q, %v; want %q, %v", tt.body, tt.learned, got, filled, tt.want, tt.filled)
			}
		})
	}
}
