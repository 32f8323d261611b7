package config

import (
	"strings"
	"testing"
	"time"
)

// digest.weekly_day names the day of the weekly look back, or turns it
// off; a day rapport cannot read is an error that says what to write.
func TestWeeklyDay(t *testing.T) {
	tests := []struct {
		value   string
		day     time.Weekday
		on      bool
		wantErr string
	}{
		{"friday", time.Friday, true, ""},
		{"Mon", time.Monday, true, ""},
		{" SUNDAY ", time.Sunday, true, ""},
		{"", 0, false, ""},
		{"off", 0, false, ""},
		{"OFF", 0, false, ""},
		{"fridays", 0, false, `digest.weekly_day: "fridays" is not a day (use Mon, Tue, Wed, Thu, Fri, Sat or Sun)`},
		{"weekly", 0, false, `"weekly" is not a day`},
		{"5", 0, false, `"5" is not a day`},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			c := Default()
			c.Owner.Name, c.Owner.Addresses = "Alex Example", []string{"alex@example.com"}
			c.Digest.WeeklyDay = tt.value
			day, on := c.Digest.Weekly()
			if day != tt.day || on != tt.on {
				t.Errorf("Weekly() = %v, %v; want %v, %v", day, on, tt.day, tt.on)
			}
			err := c.Validate()
			switch {
			case tt.wantErr == "" && err != nil && strings.Contains(err.Error(), "weekly_day"):
				t.Errorf("Validate() = %v; want no weekly_day problem", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Validate() = %v; want %q", err, tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), `"off" for no weekly look back`):
				t.Errorf("Validate() = %v; want the hint", err)
			}
		})
	}
	if day, on := Default().Digest.Weekly(); !on || day != time.Friday {
		t.Errorf("the default weekly day = %v, %v; want Friday", day, on)
	}
}
