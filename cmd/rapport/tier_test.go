package main

import (
	"strings"
	"testing"
)

// rapport mark WHO tier sets the keep-in-touch tier; show and list --json
// tell it; none removes it.
func TestMarkTier(t *testing.T) {
	e := newEnv(t)
	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com")
	wantContains(t, "mark tier A", e.ok("mark", "1", "tier", "A"), "#1 Kim Park: tier A, keep in touch every 21 days")
	wantContains(t, "mark tier A again", e.ok("mark", "1", "tier", "a"), "#1 Kim Park: tier A, keep in touch every 21 days (already; nothing changed)")
	wantContains(t, "show", e.ok("show", "1"), "Tier:", "A (keep in touch every 21 days)", "tier set")
	if c := e.listJSON()[0]; c.Tier != "A" {
		t.Fatalf("list --json tier = %q, want A", c.Tier)
	}
	wantContains(t, "mark tier none", e.ok("mark", "kim", "tier", "none"), "#1 Kim Park: no tier, keep in touch every 90 days")
	if c := e.listJSON()[0]; c.Tier != "" {
		t.Fatalf("list --json tier after none = %q, want none", c.Tier)
	}
	if out := e.ok("show", "1"); strings.Contains(out, "Tier:") {
		t.Fatalf("show prints a tier for a contact with none:\n%s", out)
	}

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no tier given", []string{"mark", "1", "tier"}, "tier takes one of A, B, C, D or none"},
		{"unknown tier", []string{"mark", "1", "tier", "Z"}, `unknown tier "Z" (use A, B, C, D or none)`},
		{"two tiers", []string{"mark", "1", "tier", "A", "B"}, "tier takes one of A, B, C, D or none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := e.run(tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Fatalf("rapport %v: exit %d, %q; want exit 2 and %q", tt.args, code, errOut, tt.want)
			}
		})
	}
	// The same tier again is no mistake: nothing to do, and it says so.
	if code, out, errOut := e.run("mark", "1", "tier", "none"); code != 0 || errOut != "" || !strings.Contains(out, "no tier, keep in touch every 90 days (already; nothing changed)") {
		t.Fatalf("the same tier again: exit %d, %q, %q; want exit 0 and nothing changed", code, out, errOut)
	}
}
