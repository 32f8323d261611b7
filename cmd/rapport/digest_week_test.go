package main

import (
	"strings"
	"testing"
)

// digest --week previews the digest with its weekly look back on any day;
// --preview shows it only on digest.weekly_day.
func TestDigestWeek(t *testing.T) {
	tests := []struct {
		name     string
		config   string // the [digest] table's lines
		args     []string
		wantWeek bool
	}{
		{"--week on another day", "", []string{"digest", "--week"}, true},
		{"--preview on another day", "", []string{"digest", "--preview"}, false},
		{"--preview on the chosen day", "weekly_day = \"mon\"\n", []string{"digest", "--preview"}, true},
		{"--preview with the look back off", "weekly_day = \"off\"\n", []string{"digest", "--preview"}, false},
		{"--week with the look back off", "weekly_day = \"off\"\n", []string{"digest", "--week", "--preview"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t) // its clock says Monday 23 November
			writeOwnerConfig(t, e, "[digest]\n"+tt.config)
			e.ok("add", "--name", "Kim Park", "--email", "kim@example.com")
			out := e.ok(tt.args...)
			wantContains(t, "digest", out, "Subject: rapport: today, Mon 23 Nov")
			if got := strings.Contains(out, "Your week\n=========\n"); got != tt.wantWeek {
				t.Errorf("look back shown = %v, want %v:\n%s", got, tt.wantWeek, out)
			}
			if tt.wantWeek {
				wantContains(t, "look back", out, "Looking back on the seven days since Mon 16 Nov.", "A quiet week")
			}
		})
	}
	e := newEnv(t)
	writeOwnerConfig(t, e, "")
	if code, _, errOut := e.run("digest", "--week", "--send"); code != 2 || !strings.Contains(errOut, "--preview and --week show it") {
		t.Errorf("digest --week --send: exit %d, %q; want a usage error", code, errOut)
	}
}
