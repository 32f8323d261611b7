package templates

import (
	"strings"
	"testing"
	"time"
)

// The debrief tells the owner by when the thank-you should leave.
func TestDebriefSaysWhenTheThankYouIsDue(t *testing.T) {
	set := mustLoad(t, "")
	tests := []struct {
		name string
		by   time.Time
		want string
	}{
		{"the day it is due", time.Date(2026, 3, 4, 0, 0, 0, 0, sampleOwnerZone), "should go out by the end of Wednesday 4 March."},
		{"no day known", time.Time{}, "should go out within a day."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Sample()
			d.ThankYouBy = tt.by
			m, err := set.Render("debrief", d)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(m.Body, "Your thank-you note to Claire "+tt.want) {
				t.Fatalf("debrief lacks %q:\n%s", tt.want, m.Body)
			}
		})
	}
}
