// Package benchdata fills a store with a large pipeline for benchmarks:
// the digest's (digest.BenchmarkBuild) and the daemon's at scale
// (daemon.BenchmarkScale, BenchmarkIdle) read the same kind of data.
package benchdata

import (
	"context"
	"fmt"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// Options say what Contacts writes.
type Options struct {
	Contacts int       // how many
	Now      time.Time // the history spans the year before it
	// Lead is how long after Now the first pending nudges and meetings
	// fall due (0: some are due at once).
	Lead time.Duration
	// Role is every contact's role; "" for none.
	Role string
	// Subject and Body are those of the drafts, one per fifty contacts.
	Subject, Body string
}

// leadsTo is the status each kind of Contacts' histories moves a contact
// to; a kind not listed leaves the status as it is.
var leadsTo = map[workflow.EventKind]workflow.Status{
	workflow.EventAdded: workflow.StatusNew, workflow.EventRequestDrafted: workflow.StatusDrafted,
	workflow.EventRequestSent: workflow.StatusRequested, workflow.EventNudgeSent: workflow.StatusNudged,
	workflow.EventReplyReceived: workflow.StatusReplied, workflow.EventMeetingScheduled: workflow.StatusScheduled,
	workflow.EventMet: workflow.StatusMet, workflow.EventThankYouSent: workflow.StatusThanked,
	workflow.EventKeepInTouchSent: workflow.StatusKeepingInTouch,
}

// Contacts writes o.Contacts contacts spread over every status, with four
// to ten history entries each over the year before o.Now, pending nudges
// and meetings over the days after o.Now+o.Lead, and a draft request for
// one in fifty. Contact i (from 0) has ID i+1 on an empty store and the
// address c{i}@firm{i%997}.example. It commits every 5,000 contacts.
func Contacts(ctx context.Context, st *store.Store, o Options) error {
	statuses := workflow.Statuses()
	year := o.Now.AddDate(-1, 0, 0)
	kinds := []workflow.EventKind{workflow.EventAdded, workflow.EventRequestDrafted, workflow.EventRequestSent,
		workflow.EventNudgeSent, workflow.EventReplyReceived, workflow.EventMeetingScheduled, workflow.EventMet,
		workflow.EventThankYouSent, workflow.EventReferralAdded, workflow.EventKeepInTouchSent}
	const batch = 5000
	for first := 0; first < o.Contacts; first += batch {
		err := st.WithTx(ctx, func(tx *store.Tx) error {
			for i := first; i < first+batch && i < o.Contacts; i++ {
				began := year.Add(time.Duration(i) * (365 * 24 * time.Hour / time.Duration(o.Contacts)))
				s := workflow.State{Status: statuses[i%len(statuses)]}
				switch s.Status {
				case workflow.StatusScheduled:
					m := o.Now.Add(o.Lead + time.Duration(i%72)*time.Hour)
					s.Meeting = &workflow.Meeting{Start: m, End: m.Add(30 * time.Minute), Place: "video call"}
				case workflow.StatusRequested, workflow.StatusNudged:
					s.Timers = map[workflow.TimerKind]time.Time{workflow.TimerNudge: o.Now.Add(o.Lead + time.Duration(i%120)*time.Hour)}
				}
				c := &store.Contact{Name: fmt.Sprintf("Contact %d", i), Email: fmt.Sprintf("c%d@firm%d.example", i, i%997),
					Company: fmt.Sprintf("Firm %d", i%997), Role: o.Role, State: s, CreatedAt: began}
				if err := tx.InsertContact(ctx, c); err != nil {
					return err
				}
				var from workflow.Status
				for k, kind := range kinds[:4+i%7] {
					// Each entry moves the contact along the chain, as
					// Tracker.Apply records it: the funnel's milestones
					// follow the statuses.
					to := from
					if next, ok := leadsTo[kind]; ok {
						to = next
					}
					e := &store.Entry{ContactID: c.ID, At: began.Add(time.Duration(k) * 36 * time.Hour), Kind: string(kind),
						From: from, To: to, Source: store.SourceMail}
					from = to
					if kind == workflow.EventReferralAdded {
						e.Detail = fmt.Sprintf("introduced #%d", c.ID-1)
					}
					if err := tx.AppendHistory(ctx, e); err != nil {
						return err
					}
				}
				if i%50 == 0 {
					d := &store.Outgoing{ContactID: c.ID, Template: workflow.TemplateRequest, Audience: store.AudienceContact,
						Status: store.OutboxDraft, MessageID: fmt.Sprintf("d%d@owner.example", i), To: c.Email,
						Subject: o.Subject, Body: o.Body}
					if err := tx.InsertOutgoing(ctx, d, began); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("benchdata: %w", err)
		}
	}
	return nil
}
