package shellquote

import "testing"

func TestWord(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "/var/lib/rapport/rapport.db", "/var/lib/rapport/rapport.db"},
		{"safe punctuation", "a_b-c+d=e:f@g%h,i.db", "a_b-c+d=e:f@g%h,i.db"},
		{"space", "my backup.db", "'my backup.db'"},
		{"quote", "Alex's", `'Alex'\''s'`},
		{"not ascii", "Zoë.db", "'Zoë.db'"},
		{"glob", "rapport*.db", "'rapport*.db'"},
		{"empty", "", "''"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Word(tt.in); got != tt.want {
				t.Errorf("Word(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
