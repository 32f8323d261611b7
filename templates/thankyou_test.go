package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestThankYouGolden renders the default thank-you for what the owner's
// debrief may say, through Learned as the debrief does, with and without
// people the contact suggested, and compares each with its text in
// testdata/thank_you/ (go test -run TestThankYouGolden -update rewrites
// them). Read them: each must be a note the owner would send.
func TestThankYouGolden(t *testing.T) {
	set := mustLoad(t, "")
	lena := Sample().Suggested[0]
	ana := Person{ID: 44, Name: "Ana Ruiz", FirstName: "Ana", Email: "ana@example.org"}
	tests := []struct {
		name      string
		debrief   string // the answer to "What did you learn?"; "" for no debrief yet
		suggested []Person
		filled    bool // the debrief's words are in it, not the placeholder
	}{
		{"no_debrief", "", nil, false},
		{"one_word", "Networking!", nil, false},
		{"clause", "she showed me how the planning office decides on new tram lines", nil, true},
		{"clause_about_them", "she thinks I should learn GIS before anything else", nil, false},
		{"sentence", "Most of the job is listening to people, not drawing lines on maps.", nil, true},
		{"one_suggested", "Most of the job is listening to people, not drawing lines on maps.", []Person{lena}, true},
		{"two_suggested_no_debrief", "", []Person{lena, ana}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Sample()
			d.Learned, _ = Learned(tt.debrief, d.Contact)
			d.Suggested = tt.suggested
			m, err := set.Render("thank_you", d)
			if err != nil {
				t.Fatalf("Render(thank_you) error = %v", err)
			}
			got := "Subject: " + m.Subject + "\n\n" + m.Body
			if has := strings.Contains(got, "[what I learned]"); has == tt.filled {
				t.Errorf("thank-you holds [what I learned]: %v, want %v", has, !tt.filled)
			}
			if has := strings.Contains(got, "mention your name"); has != (len(tt.suggested) > 0) {
				t.Errorf("thank-you speaks of people they suggested: %v, want %v", has, len(tt.suggested) > 0)
			}
			golden := filepath.Join("testdata", "thank_you", tt.name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestThankYouGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("thank-you differs from %s (rerun with -update if the change is meant):\n--- got ---\n%s--- want ---\n%s", golden, got, want)
			}
		})
	}
}
