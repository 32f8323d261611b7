package outbox

import (
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// thankYouBy returns the last day the thank-you to c is due on, at
// midnight in the owner's zone: workflow.thank_you_within after the day
// of their meeting, or of now when no meeting is kept.
func (d *Drafter) thankYouBy(c *store.Contact) time.Time {
	met := d.now()
	if m := c.State.Meeting; m != nil && !m.Start.IsZero() {
		met = m.Start
	}
	zone := d.Config.Location()
	p := workflow.Policy{OwnerZone: zone, ThankYouWithin: d.Config.Workflow.ThankYouDays()}
	y, m, day := p.ThankYouDue(met).In(zone).Date()
	return time.Date(y, m, day-1, 0, 0, 0, 0, zone)
}
