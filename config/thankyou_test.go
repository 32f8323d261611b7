package config

import (
	"os"
	"strings"
	"testing"
)

// The thank-you window is read from the file in whole days, and a value
// out of range is refused with its key and what to write.
func TestThankYouWithinFromFile(t *testing.T) {
	tests := []struct {
		name, value string
		days        int    // when valid
		problem     string // in Validate's error; "" when valid
	}{
		{"the next day", `"1d"`, 1, ""},
		{"two days", `"2d"`, 2, ""},
		{"as hours", `"72h"`, 3, ""},
		{"four days", `"4d"`, 0, `workflow.thank_you_within: 4d is not 1 to 3 whole days`},
		{"part of a day", `"36h"`, 0, `workflow.thank_you_within: 1d12h is not 1 to 3 whole days`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_DATA_HOME", t.TempDir())
			example, err := os.ReadFile(examplePath)
			if err != nil {
				t.Fatal(err)
			}
			doc := strings.Replace(string(example), `thank_you_within = "1d"`, "thank_you_within = "+tt.value, 1)
			c, err := Load(writeConfig(t, doc))
			if err != nil {
				t.Fatalf("Load() = %v", err)
			}
			err = c.Validate()
			if tt.problem == "" {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				if got := c.Policy().ThankYouWithin; got != tt.days {
					t.Fatalf("Policy().ThankYouWithin = %d, want %d", got, tt.days)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.problem) || !strings.Contains(err.Error(), `"1d"`) {
				t.Fatalf("Validate() = %v, want it to say %q and what to write", err, tt.problem)
			}
		})
	}
}
