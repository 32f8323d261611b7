package config

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// The defaults of [workflow] are workflow.DefaultPolicy's, so that the
// daemon and the tests that use DefaultPolicy agree.
func TestDefaultPolicy(t *testing.T) {
	for _, zone := range []string{"UTC", "Europe/Berlin", "America/New_York"} {
		t.Run(zone, func(t *testing.T) {
			c := Default()
			c.Owner.TimeZone = zone
			got := c.Policy()
			if got.Calendar.Zone.String() != zone || got.OwnerZone != got.Calendar.Zone {
				t.Fatalf("Policy() zones = %v and %v, want %s for both", got.Calendar.Zone, got.OwnerZone, zone)
			}
			if want := workflow.DefaultPolicy(got.Calendar.Zone); !reflect.DeepEqual(got, want) {
				t.Fatalf("Default().Policy() = %+v\nwant workflow.DefaultPolicy() = %+v", got, want)
			}
		})
	}
}

func TestDefaultWorkflowKeys(t *testing.T) {
	w := Default().Workflow
	tests := []struct {
		key       string
		got, want any
	}{
		{"workflow.prep_brief_at", w.PrepBriefAt, "08:00"},
		{"workflow.away_grace_business_days", w.AwayGraceBusinessDays, 1},
		{"workflow.away_without_date", w.AwayWithoutDate, Duration{7 * 24 * time.Hour}},
		{"workflow.thank_you_within", w.ThankYouWithin, Duration{24 * time.Hour}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("default %s = %v, want %v", tt.key, tt.got, tt.want)
		}
	}
}

// TestPolicy checks that each key reaches its Policy field: want edits
// workflow.DefaultPolicy in the owner's zone into the expected policy.
func TestPolicy(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Config)
		want   func(p *workflow.Policy)
	}{
		{"defaults", func(c *Config) {}, func(p *workflow.Policy) {}},
		{"holidays", func(c *Config) { c.Workflow.Holidays = []string{"2026-12-25", "2026-12-31"} }, func(p *workflow.Policy) {
			p.Calendar = workflow.NewCalendar(p.Calendar.Zone, []workflow.Date{{Year: 2026, Month: 12, Day: 25}, {Year: 2026, Month: 12, Day: 31}})
		}},
		{"nudges", func(c *Config) { c.Workflow.NudgeAfterBusinessDays, c.Workflow.MaxNudges = 3, 2 }, func(p *workflow.Policy) {
			p.NudgeAfter, p.MaxNudges = 3, 2
		}},
		{"no response after", func(c *Config) { c.Workflow.NoResponseAfter.Duration = 240 * time.Hour }, func(p *workflow.Policy) {
			p.NoResponseAfter = 240 * time.Hour
		}},
		{"thank-you delay", func(c *Config) { c.Workflow.ThankYouDelay.Duration = 2 * time.Hour }, func(p *workflow.Policy) {
			p.MeetingOverAfter = 2 * time.Hour
		}},
		{"thank-you within 2d", func(c *Config) { c.Workflow.ThankYouWithin.Duration = 48 * time.Hour }, func(p *workflow.Policy) {
			p.ThankYouWithin = 2
		}},
		{"keep in touch after", func(c *Config) { c.Workflow.KeepInTouchAfter.Duration = 60 * 24 * time.Hour }, func(p *workflow.Policy) {
			p.KeepInTouchAfter = 60 * 24 * time.Hour
		}},
		{"prep brief at 07:45", func(c *Config) { c.Workflow.PrepBriefAt = "07:45" }, func(p *workflow.Policy) {
			p.PrepBriefAt = 7*time.Hour + 45*time.Minute
		}},
		{"prep brief at 9:05", func(c *Config) { c.Workflow.PrepBriefAt = "9:05" }, func(p *workflow.Policy) {
			p.PrepBriefAt = 9*time.Hour + 5*time.Minute
		}},
		{"prep brief that does not parse: eight", func(c *Config) { c.Workflow.PrepBriefAt = "soon" }, func(p *workflow.Policy) {}},
		{"away grace 0", func(c *Config) { c.Workflow.AwayGraceBusinessDays = 0 }, func(p *workflow.Policy) {
			p.AwayGrace = 0
		}},
		{"away grace 3", func(c *Config) { c.Workflow.AwayGraceBusinessDays = 3 }, func(p *workflow.Policy) {
			p.AwayGrace = 3
		}},
		{"away without date", func(c *Config) { c.Workflow.AwayWithoutDate.Duration = 72 * time.Hour }, func(p *workflow.Policy) {
			p.AwayUnknown = 72 * time.Hour
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validConfig()
			c.Owner.TimeZone = "Asia/Tokyo"
			tt.change(c)
			got := c.Policy()
			if got.Calendar.Zone.String() != "Asia/Tokyo" || got.OwnerZone != got.Calendar.Zone {
				t.Fatalf("Policy() zones = %v and %v, want Asia/Tokyo for both", got.Calendar.Zone, got.OwnerZone)
			}
			want := workflow.DefaultPolicy(got.Calendar.Zone)
			tt.want(&want)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Policy() = %+v\nwant %+v", got, want)
			}
		})
	}
}

// Without owner.time_zone the policy is in the system's zone, as
// Location says.
func TestPolicyLocalZone(t *testing.T) {
	p := validConfig().Policy()
	if p.Calendar.Zone != time.Local || p.OwnerZone != time.Local {
		t.Fatalf("Policy() zones = %v and %v, want time.Local", p.Calendar.Zone, p.OwnerZone)
	}
}

// The new [workflow] keys point at their line, like every key.
func TestValidateWorkflowTimingKeys(t *testing.T) {
	path := writeConfig(t, `[owner]
name = "Alex"
addresses = ["alex@example.com"]

[workflow]
away_grace_business_days = 31
away_without_date = "30m"
prep_brief_at = "8.00"
`)
	c, err := Load(path)
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	err = c.Validate()
	want := []string{
		path + `:6: workflow.away_grace_business_days: 31 is out of range (use 0 to 30 business days)`,
		path + `:7: workflow.away_without_date: 30m is out of range (use "1h" to "60d")`,
		path + `:8: workflow.prep_brief_at: "8.00" is not a time like "07:30" (use HH:MM in the owner's time zone)`,
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Fatalf("Validate() = %v\nwant\n%s", err, strings.Join(want, "\n"))
	}
}

// A duration key must be quoted, as the other durations.
func TestAwayWithoutDateNeedsAUnit(t *testing.T) {
	path := writeConfig(t, "[workflow]\naway_without_date = 7\n")
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), ":2:") || !strings.Contains(err.Error(), "workflow.away_without_date") {
		t.Fatalf("Load() = %v, want an error at line 2 naming workflow.away_without_date", err)
	}
}
