package digest

import (
	"context"
	"fmt"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// metAt returns when each contact of list met the owner: their meeting's
// start when one is kept, else the last time they were marked met; a
// contact with neither is left out.
func (b *builder) metAt(ctx context.Context, list []store.Contact) (map[int64]time.Time, error) {
	var ids []int64
	for i := range list {
		if list[i].State.Meeting == nil {
			ids = append(ids, list[i].ID)
		}
	}
	at, err := b.tx.LastEvents(ctx, ids, string(workflow.EventMet))
	if err != nil {
		return nil, err
	}
	for i := range list {
		if m := list[i].State.Meeting; m != nil {
			at[list[i].ID] = m.Start
		}
	}
	return at, nil
}

// thankYouDue says when the thank-you to a contact met at met is due, and
// how late it is once that day has passed: "met Mon 7 Dec; the thank-you
// is 2 days late (it was due by Tue 8 Dec)". A zero met (not known) says
// the window alone.
func (b *builder) thankYouDue(met time.Time) string {
	within := max(b.o.ThankYouWithin, 1)
	if met.IsZero() {
		if within == 1 {
			return "met; the thank-you should leave within a day"
		}
		return fmt.Sprintf("met; the thank-you should leave within %d days", within)
	}
	p := workflow.Policy{OwnerZone: b.o.Zone, ThankYouWithin: within}
	late := p.ThankYouDue(met) // midnight after the last day it is due
	dueBy := b.date(late.Add(-time.Hour))
	text := "met " + b.date(met) + "; "
	if b.o.Now.Before(late) {
		return text + "the thank-you is due by " + dueBy
	}
	days := daysBetween(late, b.o.Now.In(b.o.Zone)) + 1
	unit := "days"
	if days == 1 {
		unit = "day"
	}
	return fmt.Sprintf("%sthe thank-you is %d %s late (it was due by %s)", text, days, unit, dueBy)
}

// daysBetween counts the calendar days from a's date to b's, each read
// in its own location: a day of 23 or 25 hours counts as one.
func daysBetween(a, b time.Time) int {
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da) / (24 * time.Hour))
}
