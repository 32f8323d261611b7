package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportBackGolden renders the default report back to Marc, who
// introduced Claire, for what the owner's debrief may say, through
// LearnedAbout as the drafter does, and compares each with its text in
// testdata/report_back/ (go test -run TestReportBackGolden -update
// rewrites them). Read them: each must be a note the owner would send,
// with no placeholder, since it may go without review.
func TestReportBackGolden(t *testing.T) {
	set := mustLoad(t, "")
	tests := []struct {
		name    string
		debrief string // the answer to "What did you learn?"; "" for no debrief yet
		quoted  string // what of it the note must say; "" for nothing
	}{
		{"no_debrief", "", ""},
		{"one_word", "Networking!", ""},
		{"about_them", "She showed me how the planning office decides on new tram lines", "What stayed with me most: she showed me how the planning office decides on new tram lines."},
		{"by_name", "Claire walked me through the consultation for tram line 7.", "What stayed with me most: Claire walked me"},
		{"to_you", "you need to know GIS before anything else", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Sample()
			d := s
			d.Contact, d.IntroducedBy = *s.IntroducedBy, nil
			met := s.Contact
			d.Met = &met
			d.Suggested, d.Thread, d.Messages = nil, nil, nil
			d.Learned, _ = LearnedAbout(tt.debrief)
			m, err := set.Render("report_back", d)
			if err != nil {
				t.Fatalf("Render(report_back) error = %v", err)
			}
			got := "Subject: " + m.Subject + "\n\n" + m.Body
			if ph := Placeholders(got); len(ph) > 0 {
				t.Errorf("report back holds placeholders %v", ph)
			}
			for _, want := range []string{"Hi Marc,", "I met Claire Moreau on Tuesday", "Thank you for introducing me to Claire"} {
				if !strings.Contains(got, want) {
					t.Errorf("report back lacks %q", want)
				}
			}
			if has := strings.Contains(got, "What stayed with me most"); has != (tt.quoted != "") || !strings.Contains(got, tt.quoted) {
				t.Errorf("report back quotes the debrief: %v, want %q", has, tt.quoted)
			}
			golden := filepath.Join("testdata", "report_back", tt.name+".txt")
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
				t.Fatalf("%v (run go test -run TestReportBackGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("report back differs from %s (rerun with -update if the change is meant):\n--- got ---\n%s--- want ---\n%s", golden, got, want)
			}
		})
	}
}

// LearnedAbout quotes words about the person met as they are, and keeps
// out what would speak to the introducer or is too short.
func TestLearnedAbout(t *testing.T) {
	tests := []struct {
		name, answer, want, why string
	}{
		{"empty", "", "", ""},
		{"a word or two", "lots!", "", "is a word or two"},
		{"he keeps his words, lower case", "He told me to learn GIS first", "he told me to learn GIS first.", ""},
		{"a name keeps its capital", "Claire's team hires in spring.", "Claire's team hires in spring.", ""},
		{"you would speak to the introducer", "Your network matters more than your CV", "", "speaks to someone as you"},
		{"an address line is left out", "Ana Ruiz <ana@x.org>\nthe job is mostly listening", "the job is mostly listening.", ""},
		{"brackets become parentheses", "Most of it [really] is listening", "most of it (really) is listening.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := LearnedAbout(tt.answer)
			if got != tt.want || why != tt.why {
				t.Fatalf("LearnedAbout(%q) = %q, %q; want %q, %q", tt.answer, got, why, tt.want, tt.why)
			}
		})
	}
}
