package templates

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestParseBankProblems checks that every mistake in a question bank is
// reported with its line and a message saying what to write instead.
func TestParseBankProblems(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // "LINE: part of the message", in order
	}{
		{"no number", "# mine\nWhat do you do?\n", []string{`2: "What do you do?" is not a question: write it as 12: What`}},
		{"number zero", "0: Why?\n", []string{"1: Q0: use a number from 1 to 999"}},
		{"number too big", "1000: Why?\n", []string{"1: Q1000: use a number from 1 to 999"}},
		{"twice", "1: Why?\n2: How?\n\n1: When?\n", []string{"4: Q1 is given twice (first on line 1)"}},
		{"empty question", "3:\n", []string{"1: Q3 has no question after its number"}},
		{"syntax", "1: Why?\n2: How did you start{{with .Contact.Field}} in {{.}}?\n", []string{"2: unexpected EOF"}},
		{"unknown field", "1: In {{.Contact.Feild}}?\n", []string{"1: unknown field .Feild; did you mean .Field?"}},
		{"nil for a sparse contact", "1: Who introduced us, {{.IntroducedBy.Name}}?\n",
			[]string{"1: Q1: <.IntroducedBy.Name>: nil pointer evaluating *templates.Person.Name; guard it with {{with}} or {{if}} (for a contact whose optional fields are empty or nil)"}},
		{"empty for a sparse contact", "1: {{.Contact.Field}}\n", []string{"1: Q1 comes out empty (for a contact"}},
		{"too long", "1: " + strings.Repeat("why ", 130) + "?\n", []string{"1: Q1 is longer than 500 characters"}},
		{"several", "x\n1: ok?\n1: again?\n", []string{"1: \"x\" is not a question", "3: Q1 is given twice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, ps := ParseBank("mine/questions.txt", tt.text)
			if b != nil {
				t.Errorf("ParseBank() returned a bank despite the problems")
			}
			if len(ps) != len(tt.want) {
				t.Fatalf("ParseBank() problems = %v, want %d: %q", ps, len(tt.want), tt.want)
			}
			for i, p := range ps {
				if got := strings.TrimPrefix(p.String(), "mine/questions.txt:"); !strings.HasPrefix(got, tt.want[i]) {
					t.Errorf("problem %d = %q, want it to start with %q", i, p.String(), tt.want[i])
				}
			}
		})
	}
}

// TestParseBankReads checks the forms a good bank may take and that the
// numbers are the owner's, in the file's order.
func TestParseBankReads(t *testing.T) {
	text := "# comment\r\n\r\n7: Seventh{{with .Contact.Field}} in {{.}}{{end}}?\r\nQ2. Second?\r\n  12) Twelfth?  \r\n"
	b, ps := ParseBank("q.txt", text)
	if len(ps) > 0 {
		t.Fatalf("ParseBank() problems: %v", ps)
	}
	if got := b.Numbers(); !slices.Equal(got, []int{7, 2, 12}) {
		t.Errorf("Numbers() = %v, want [7 2 12]", got)
	}
	got := b.Questions(Sample())
	want := []Question{{7, "Seventh in urban planning?"}, {2, "Second?"}, {12, "Twelfth?"}}
	if !slices.Equal(got, want) {
		t.Errorf("Questions() = %v, want %v", got, want)
	}
	if q, ok := b.Question(7, sparse("prep_brief")); !ok || q.Text != "Seventh?" {
		t.Errorf("Question(7) for a sparse contact = %v, %v; want Seventh?", q, ok)
	}
	if _, ok := b.Question(3, Sample()); ok {
		t.Errorf("Question(3) found a question the bank lacks")
	}
	if empty, ps := ParseBank("q.txt", "# nothing yet\n"); len(ps) > 0 || empty.Len() != 0 {
		t.Errorf("an empty bank = %v, %v; want no question and no problem", empty, ps)
	}
}

// TestDefaultBank checks the built-in bank holds the questions the prep
// brief always offered, as Q1 to Q9.
func TestDefaultBank(t *testing.T) {
	qs := DefaultBank().Questions(Sample())
	if len(qs) != 9 || qs[0].N != 1 || qs[8].N != 9 {
		t.Fatalf("DefaultBank() = %v; want Q1 to Q9", qs)
	}
	var all strings.Builder
	for _, q := range qs {
		all.WriteString(q.Text + "\n")
	}
	for _, want := range []string{"get started in urban planning", "typical day", "rewarding", "hardest",
		"someone new to urban planning expect", "next few years", "advice", "experience", "Who hires",
		"find their jobs", "Who else should I talk to"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the built-in bank lacks %q:\n%s", want, all.String())
		}
	}
}

// TestLoadBank checks that the owner's questions.txt is the bank the
// prep brief numbers, and that a broken one stops Load with its path and
// line, as a broken template does.
func TestLoadBank(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, BankFile)
	if err := os.WriteFile(path, []byte("4: What surprised you most?\n2: Who should I meet?\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	set := mustLoad(t, dir)
	if !slices.Contains(set.Overrides(), "questions") {
		t.Errorf("Overrides() = %v, want the bank among them", set.Overrides())
	}
	d := Sample()
	d.Questions = nil // as rapport builds it: the bank fills it
	m, err := set.Render("prep_brief", d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Body, "Q4. What surprised you most?\nQ2. Who should I meet?\n") || strings.Contains(m.Body, "Q1.") {
		t.Errorf("prep brief with the owner's bank:\n%s", m.Body)
	}

	if err := os.WriteFile(path, []byte("4: What surprised you most?\n4: Again?\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Load(dir)
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 || !strings.HasPrefix(le.Error(), path+":2: Q4 is given twice") {
		t.Errorf("Load() with a broken bank = %v; want %s:2: Q4 is given twice", err, path)
	}
}
