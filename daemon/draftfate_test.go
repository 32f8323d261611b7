package daemon

import (
	"testing"
	"time"
)

// A draft the owner deleted without sending counts as skipped only once it
// has been missing for the grace period: its sent copy may come later
// (the provider files it), and a program saving an edit replaces it.
func TestDraftFate(t *testing.T) {
	now := time.Date(2026, 11, 4, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		missing time.Time
		present bool
		want    int
	}{
		{"there", time.Time{}, true, draftThere},
		{"back after missing", now.Add(-time.Hour), true, draftThere},
		{"first found gone", time.Time{}, false, draftNewlyMissing},
		{"gone an hour", now.Add(-time.Hour), false, draftWaitGrace},
		{"gone just under the grace", now.Add(-draftGoneGrace + time.Second), false, draftWaitGrace},
		{"gone for the grace", now.Add(-draftGoneGrace), false, draftSkipped},
		{"gone a week", now.Add(-7 * 24 * time.Hour), false, draftSkipped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := draftFate(tt.missing, tt.present, now); got != tt.want {
				t.Errorf("draftFate() = %d, want %d", got, tt.want)
			}
		})
	}
}
