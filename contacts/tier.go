package contacts

import (
	"fmt"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// Policy returns the cadence the tracker applies, in the owner's zone.
func (t *Tracker) Policy() workflow.Policy { return t.policy }

// TierChange says what a contact's tier now means, once set: "#12 Jane
// Doe: tier A, keep in touch every 21 days; next note due Mon 4 Jan", with
// the next note only when one is planned (a contact not yet thanked has
// none until the thank-you leaves).
func TierChange(c *store.Contact, p workflow.Policy, zone *time.Location) string {
	s := fmt.Sprintf("%s: tier %s, keep in touch %s", label(c), c.State.Tier.Label(), KeepInTouchWait(p, c.State.Tier))
	if c.State.Tier == workflow.TierNone {
		s = fmt.Sprintf("%s: no tier, keep in touch %s", label(c), KeepInTouchWait(p, c.State.Tier))
	}
	if at, ok := c.State.Timers[workflow.TimerKeepInTouch]; ok {
		s += "; next note due " + at.In(zone).Format("Mon 2 Jan 2006")
	}
	return s
}

// SameTier reports whether ev sets the tier c already has: nothing to do,
// and the front-ends say so (TierChange plus "nothing changed") rather
// than report the workflow's refusal as a failure.
func SameTier(c *store.Contact, ev workflow.Event) bool {
	return ev.Kind == workflow.EventTierSet && c.State.Tier == ev.Tier
}

// KeepInTouchWait says how often p keeps in touch with a contact of tier
// t, in whole days as the owner configures it: "every 21 days".
func KeepInTouchWait(p workflow.Policy, t workflow.Tier) string {
	n := int((p.KeepInTouchEvery(t) + 12*time.Hour) / (24 * time.Hour))
	if n <= 1 {
		return "every day"
	}
	return fmt.Sprintf("every %d days", n)
}
