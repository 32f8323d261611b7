package config

import (
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

func TestKeepInTouchTiersReachThePolicy(t *testing.T) {
	path := writeConfig(t, `[owner]
name = "Alex"
addresses = ["alex@example.com"]

[workflow.keep_in_touch_tiers]
a = "2w"
c = "120d"
`)
	c, err := Load(path)
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	p := c.Policy()
	tests := []struct {
		tier workflow.Tier
		want time.Duration
	}{
		{workflow.TierA, 14 * day},  // set
		{workflow.TierB, 61 * day},  // the default
		{workflow.TierC, 120 * day}, // set
		{workflow.TierD, 365 * day}, // the default
		{workflow.TierNone, 90 * day},
	}
	for _, tt := range tests {
		if got := p.KeepInTouchEvery(tt.tier); got != tt.want {
			t.Errorf("tier %s waits %v, want %v", tt.tier.Label(), got, tt.want)
		}
	}
}

func TestKeepInTouchTiersRefused(t *testing.T) {
	tests := []struct {
		name, toml, want string
	}{
		{
			name: "zero",
			toml: "a = \"0\"\n",
			want: `:6: workflow.keep_in_touch_tiers.a: 0s is out of range (use "1d" to "730d")`,
		},
		{
			name: "too long",
			toml: "b = \"1d\"\nd = \"1000d\"\n",
			want: `:7: workflow.keep_in_touch_tiers.d: 1000d is out of range (use "1d" to "730d")`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, "[owner]\nname = \"Alex\"\naddresses = [\"alex@example.com\"]\n\n[workflow.keep_in_touch_tiers]\n"+tt.toml)
			c, err := Load(path)
			if err != nil {
				t.Fatalf("Load() = %v", err)
			}
			err = c.Validate()
			if err == nil || err.Error() != path+tt.want {
				t.Fatalf("Validate() = %v\nwant %s", err, path+tt.want)
			}
		})
	}
}

// A tier the workflow does not have is an unknown key, named as such.
func TestKeepInTouchTiersUnknownKey(t *testing.T) {
	path := writeConfig(t, "[workflow.keep_in_touch_tiers]\ne = \"30d\"\n")
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "workflow.keep_in_touch_tiers.e") {
		t.Fatalf("Load() = %v, want an error naming workflow.keep_in_touch_tiers.e", err)
	}
}

// A tier duration must be quoted with its unit, as the other durations.
func TestKeepInTouchTierNeedsAUnit(t *testing.T) {
	path := writeConfig(t, "[workflow.keep_in_touch_tiers]\na = 21\n")
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), ":2:") || !strings.Contains(err.Error(), "workflow.keep_in_touch_tiers.a") {
		t.Fatalf("Load() = %v, want an error at line 2 naming workflow.keep_in_touch_tiers.a", err)
	}
}
