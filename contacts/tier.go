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
	every := p.KeepInTouchEvery(c.State.Tier)
	s := fmt.Sprintf("%s: tier %s, keep in touch every %s", label(c), c.State.Tier.Label(), days(every))
	if c.State.Tier == workflow.TierNone {
		s = fmt.Sprintf("%s: no tier, keep in touch every %s", label(c), days(every))
	}
	if at, ok := c.State.Timers[workflow.TimerKeepInTouch]; ok {
		s += "; next note due " + at.In(zone).Format("Mon 2 Jan 2006")
	}
	return s
}

// days writes d in whole days, as the owner configured it: "21 days".
func days(d time.Duration) string {
	n := int((d + 12*time.Hour) / (24 * time.Hour))
	if n == 1 {
		return "day"
	}
	return fmt.Sprintf("%d days", n)
}
