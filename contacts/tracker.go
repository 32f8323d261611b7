package contacts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapport-mail/rapport/internal/textclean"
	"github.com/rapport-mail/rapport/internal/when"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// Effects carries out the actions that need more than the store: drafting
// a message from a template, notifying the owner. Implementations must do
// their writes in tx so they commit with the transition.
type Effects interface {
	Draft(ctx context.Context, tx *store.Tx, c *store.Contact, d workflow.Draft) error
	Notify(ctx context.Context, tx *store.Tx, c *store.Contact, n workflow.Notify) error
}

// Tracker applies events under the owner's policy. The zero value is not
// usable; build it with New.
type Tracker struct {
	policy  workflow.Policy
	zone    *time.Location // the owner's, for history details
	effects Effects
}

// New returns a Tracker with the owner's policy. effects may be nil: then
// Draft and Notify actions are returned to the caller as pending.
func New(policy workflow.Policy, effects Effects) *Tracker {
	zone := policy.Calendar.Zone
	if zone == nil {
		zone = time.UTC
	}
	return &Tracker{policy: policy, zone: zone, effects: effects}
}

// Zone returns the owner's time zone.
func (t *Tracker) Zone() *time.Location { return t.zone }

// Result is what applying an event did.
type Result struct {
	Entry   store.Entry       // the history entry written
	Actions []workflow.Action // every action of the transition
	Pending []workflow.Action // Draft and Notify actions no Effects carried out
}

// Add stores c as a new contact in status new and records its "added"
// history entry with why ("imported from connections.csv line 4").
func (t *Tracker) Add(ctx context.Context, tx *store.Tx, c *store.Contact, now time.Time, source, why string) error {
	next, _, err := workflow.Apply(workflow.State{}, workflow.Event{Kind: workflow.EventAdded}, now, t.policyFor(c))
	if err != nil {
		return err
	}
	c.State = next
	c.CreatedAt = now
	if err := tx.InsertContact(ctx, c); err != nil {
		return err
	}
	detail := ""
	if c.IntroducedBy != 0 {
		detail = fmt.Sprintf("introduced by #%d", c.IntroducedBy)
	}
	return tx.AppendHistory(ctx, &store.Entry{
		ContactID: c.ID, At: now, Kind: string(workflow.EventAdded), To: next.Status,
		Why: why, Detail: detail, Source: source,
	})
}

// Apply applies ev to c at now, updates c in place and in tx, appends the
// history entry and carries out the actions it can. When the workflow
// refuses the event, Apply returns its *workflow.TransitionError and
// writes nothing.
func (t *Tracker) Apply(ctx context.Context, tx *store.Tx, c *store.Contact, ev workflow.Event, now time.Time, source string) (*Result, error) {
	if err := introducer(ctx, tx, c, &ev); err != nil {
		return nil, err
	}
	next, actions, err := workflow.Apply(c.State, ev, now, t.policyFor(c))
	if err != nil {
		return nil, fmt.Errorf("contact #%d (%s): %w", c.ID, c.Name, err)
	}
	prev := c.State
	c.State = next
	if err := tx.UpdateContact(ctx, c, now); err != nil {
		c.State = prev
		return nil, err
	}
	res := &Result{Actions: actions}
	res.Entry = store.Entry{
		ContactID: c.ID, At: now, Kind: string(ev.Kind), From: prev.Status, To: next.Status,
		Why: ev.Why, Detail: t.detail(ev), MessageID: ev.MessageID, Source: source,
	}
	if err := tx.AppendHistory(ctx, &res.Entry); err != nil {
		return nil, err
	}
	for _, a := range actions {
		switch a := a.(type) {
		case workflow.CancelDrafts:
			if _, err := tx.CancelDrafts(ctx, c.ID, a.Templates, now); err != nil {
				return nil, err
			}
		case workflow.Draft:
			if t.effects == nil {
				res.Pending = append(res.Pending, a)
			} else if err := t.effects.Draft(ctx, tx, c, a); err != nil {
				return nil, fmt.Errorf("draft %s for contact #%d: %w", a.Template, c.ID, err)
			}
		case workflow.Notify:
			if t.effects == nil {
				res.Pending = append(res.Pending, a)
			} else if err := t.effects.Notify(ctx, tx, c, a); err != nil {
				return nil, fmt.Errorf("notify the owner about contact #%d: %w", c.ID, err)
			}
		case workflow.AskColleague:
			if err := t.askColleague(ctx, tx, c, now, source); err != nil {
				return nil, err
			}
		case workflow.HoldColleagues:
			if err := t.holdColleagues(ctx, tx, c, now, source); err != nil {
				return nil, err
			}
		}
		// SetTimer and CancelTimer are already in c.State.Timers, which
		// UpdateContact saved.
	}
	return res, nil
}

// introducer fills ev.Introducer for the events that read it (met, and a
// timer: the meeting-over and report-back timers), from c's introducer
// as the store has them now. An introducer who no longer exists is no
// introducer.
func introducer(ctx context.Context, tx *store.Tx, c *store.Contact, ev *workflow.Event) error {
	if c.IntroducedBy == 0 || ev.Introducer != nil || (ev.Kind != workflow.EventMet && ev.Kind != workflow.EventTimerFired) {
		return nil
	}
	by, err := tx.Contact(ctx, c.IntroducedBy)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil
	case err != nil:
		return fmt.Errorf("contact #%d: their introducer #%d: %w", c.ID, c.IntroducedBy, err)
	}
	ev.Introducer = &workflow.Introducer{ID: by.ID, Status: by.State.Status, HasMail: by.Email != ""}
	return nil
}

// Note appends a dated line to the contact's notes and records it in the
// history.
func (t *Tracker) Note(ctx context.Context, tx *store.Tx, c *store.Contact, text string, now time.Time, source string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		return fmt.Errorf("note for contact #%d is empty", c.ID)
	}
	line := now.In(t.zone).Format("2006-01-02") + ": " + text
	if c.Notes == "" {
		c.Notes = line
	} else {
		c.Notes = strings.TrimRight(c.Notes, "\n") + "\n" + line
	}
	if err := tx.UpdateContact(ctx, c, now); err != nil {
		return err
	}
	return tx.AppendHistory(ctx, &store.Entry{
		ContactID: c.ID, At: now, Kind: store.EntryNote, From: c.State.Status, To: c.State.Status,
		Detail: text, Source: source,
	})
}

// policyFor returns the owner's policy with business days counted in the
// contact's zone when it is known.
func (t *Tracker) policyFor(c *store.Contact) workflow.Policy {
	p := t.policy
	if c.TimeZone != "" {
		if loc, err := time.LoadLocation(c.TimeZone); err == nil {
			p.Calendar = p.Calendar.In(loc)
		}
	}
	return p
}

// detail describes the event's facts for the timeline, in the owner's zone.
func (t *Tracker) detail(ev workflow.Event) string {
	switch ev.Kind {
	case workflow.EventMeetingScheduled, workflow.EventMeetingMoved:
		if m := ev.Meeting; m != nil {
			// As rapport show's card prints it (package when), so that the
			// card and the timeline read alike.
			s := "meeting " + when.Owner(t.zone).Span(m.Start, m.End)
			if m.Place != "" {
				s += " at " + m.Place
			}
			return s
		}
	case workflow.EventAutoReplyReceived:
		if !ev.ReturnDate.IsZero() {
			return "away until " + when.Date(ev.ReturnDate) // a calendar day, the same in every zone
		}
		return "away, no return date given"
	case workflow.EventPaused:
		if !ev.Until.IsZero() {
			return "until " + ev.Until.In(t.zone).Format("Mon 2 Jan 2006")
		}
	case workflow.EventBounceReceived:
		if b := ev.Bounce; b != nil {
			return bounceDetail(b)
		}
	case workflow.EventReferralAdded:
		return fmt.Sprintf("introduced #%d", ev.Referral)
	case workflow.EventTimerFired:
		return string(ev.Timer) + " timer"
	case workflow.EventTierSet:
		return "tier " + ev.Tier.Label()
	}
	return ""
}

// maxBounceWords bounds the server's words kept in a bounce's history
// detail, in bytes: the notice has them in full.
const maxBounceWords = 200

// bounceDetail says what failed, for the history: "jd@acme.example failed
// with 5.1.1: 550 5.1.1 user unknown". The server's words are made one
// line and cut short.
func bounceDetail(b *workflow.Bounce) string {
	s := "failed"
	if r := textclean.OneLine(b.Recipient); r != "" {
		s = r + " failed"
	}
	if st := textclean.OneLine(b.Status); st != "" {
		s += " with " + st
	}
	if words := textclean.OneLine(b.Diagnostic); words != "" {
		if len(words) > maxBounceWords {
			cut := maxBounceWords
			for cut > 0 && !utf8.RuneStart(words[cut]) {
				cut--
			}
			words = words[:cut] + "…"
		}
		s += ": " + words
	}
	return s
}
