package config

import (
	"os"
	"strings"
	"testing"
)

// A new file (the example's) follows the 3B7 routine; a file without the
// key keeps the classic cadence; anything else is refused with its key.
func TestPolicyRoutineFromFile(t *testing.T) {
	example, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, line        string
		colleague, nudge1 int
		problem           string
	}{
		{"the example's 3b7", `policy = "3b7"`, 3, 7, ""},
		{"in capitals", `policy = "3B7"`, 3, 7, ""},
		{"classic", `policy = "classic"`, 0, 0, ""},
		{"an older file without the key", ``, 0, 0, ""},
		{"a typo", `policy = "3-b-7"`, 0, 0, `workflow.policy: "3-b-7" is not a policy`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_DATA_HOME", t.TempDir())
			doc := strings.Replace(string(example), `policy = "3b7"`, tt.line, 1)
			c, err := Load(writeConfig(t, doc))
			if err != nil {
				t.Fatalf("Load() = %v", err)
			}
			err = c.Validate()
			if tt.problem != "" {
				if err == nil || !strings.Contains(err.Error(), tt.problem) || !strings.Contains(err.Error(), `use "3b7"`) {
					t.Fatalf("Validate() = %v, want it to say %q and what to write", err, tt.problem)
				}
				return
			}
			if err != nil {
				t.Fatalf("Validate() = %v", err)
			}
			p := c.Policy()
			if p.ColleagueAfter != tt.colleague || p.FirstNudgeAfter != tt.nudge1 {
				t.Errorf("Policy() colleague after %d, first nudge after %d business days; want %d and %d",
					p.ColleagueAfter, p.FirstNudgeAfter, tt.colleague, tt.nudge1)
			}
		})
	}
}
