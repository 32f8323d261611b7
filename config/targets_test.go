package config

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// Target companies are read from the file in order, and a list that names
// nothing or one company twice is refused with the key, its line and both
// spellings.
func TestTargetCompaniesFromFile(t *testing.T) {
	tests := []struct {
		name, value string
		want        []string // when valid
		problem     []string // all in Validate's error; nil when valid
	}{
		{"left out", "", nil, nil},
		{"empty list", `[]`, []string{}, nil},
		{"in order of interest", `["Globex", "Acme Labs", "Société Générale"]`,
			[]string{"Globex", "Acme Labs", "Société Générale"}, nil},
		{"an empty name", `["Acme", "  "]`, nil,
			[]string{"workflow.target_companies", "contains an empty name"}},
		{"only a legal form", `["GmbH"]`, nil,
			[]string{"workflow.target_companies", `"GmbH" is only a legal form`}},
		{"the same company with its legal form", `["Acme", "Globex", "ACME, Inc."]`, nil,
			[]string{"workflow.target_companies", `"Acme" and "ACME, Inc." are the same company`}},
		{"the same company with and without accents", `["Nestlé", "Nestle S.A."]`, nil,
			[]string{`"Nestlé" and "Nestle S.A." are the same company`}},
	}
	example, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	const at = `# target_companies = ["Acme", "Globex"]`
	if !strings.Contains(string(example), at) {
		t.Fatalf("%s does not show %s", examplePath, at)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_DATA_HOME", t.TempDir())
			doc := string(example)
			if tt.value != "" {
				doc = strings.Replace(doc, at, "target_companies = "+tt.value, 1)
			}
			c, err := Load(writeConfig(t, doc))
			if err != nil {
				t.Fatalf("Load() = %v", err)
			}
			err = c.Validate()
			if tt.problem == nil {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				if got := c.Workflow.TargetCompanies; !slices.Equal(got, tt.want) {
					t.Fatalf("TargetCompanies = %q, want %q", got, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want %q", tt.problem)
			}
			for _, p := range tt.problem {
				if !strings.Contains(err.Error(), p) {
					t.Errorf("Validate() = %v, want it to say %q", err, p)
				}
			}
			ps, _ := err.(Problems)
			if len(ps) != 1 || ps[0].Line == 0 {
				t.Errorf("Validate() = %#v, want one problem with the key's line", err)
			}
		})
	}
}
