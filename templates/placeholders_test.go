package templates

import (
	"slices"
	"testing"
)

func TestPlaceholdersFunc(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"none", "Hi Claire,\n\nThanks.\n", nil},
		{"one", "It has [how it helped].\n", []string{"[how it helped]"}},
		{"several, once each", "[a b] and [c d]\n[a b]\n", []string{"[a b]", "[c d]"}},
		{"quoted", "> [your update]\n  > [x y]\nme\n", nil},
		{"footnote", "See the report[1] and [12].\n", nil},
		{"single letter", "Option [a] or [b].\n", nil},
		{"markdown link", "Read [my post](https://example.com) and [this][ref].\n", nil},
		{"link definition", "[ref]: https://example.com\n", nil},
		{"colon after text", "Note [your name]: here\n", []string{"[your name]"}},
		{"no letter", "[--] [2026-03-03]\n", nil},
		{"two lines", "[what I\nlearned]\n", nil},
		{"nested", "[[what I learned]]\n", []string{"[what I learned]"}},
		{"non-ASCII", "[ce que j'ai appris]\n", []string{"[ce que j'ai appris]"}},
		{"CRLF", "x\r\n[your update]\r\n", []string{"[your update]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Placeholders(tt.body); !slices.Equal(got, tt.want) {
				t.Errorf("Placeholders(%q) = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
}

// TestDefaultPlaceholders checks the rule of the package documentation on
// the rendered defaults: request, nudge and intro_reply hold no
// placeholder; thank_you and keep_in_touch hold at least one.
func TestDefaultPlaceholders(t *testing.T) {
	s := mustLoad(t, "")
	tests := []struct {
		name string
		want bool
	}{
		{"request", false}, {"nudge", false}, {"intro_reply", false},
		{"thank_you", true}, {"keep_in_touch", true},
	}
	for _, tt := range tests {
		for _, d := range []Data{Sample(), sparse(tt.name), nonASCII()} {
			d.Learned = "" // nothing learned yet: the owner writes it
			m, err := s.Render(tt.name, d)
			if err != nil {
				t.Fatalf("Render(%q) error: %v", tt.name, err)
			}
			got := Placeholders(m.Subject + "\n" + m.Body)
			if (len(got) > 0) != tt.want {
				t.Errorf("Placeholders(%s) = %q, want some: %v", tt.name, got, tt.want)
			}
		}
	}
}
