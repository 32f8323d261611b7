package contacts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/internal/when"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The 3B7 routine's steps that reach beyond one contact: asking the next
// person at an organisation, and holding everyone else's follow-ups
// there when one of them answers. The workflow says when; this file says
// who, by [Colleagues].

// ColleaguesOf returns the contacts at c's organisation, read in tx (see
// [Colleagues]), by #ID and without c; none when nothing says where c
// works.
func ColleaguesOf(ctx context.Context, tx *store.Tx, c *store.Contact) ([]store.Contact, error) {
	company, domain := companyKey(c.Company), domainKey(c.Email)
	if company == "" && domain == "" {
		return nil, nil
	}
	// SQLite narrows by the domain and the start of the company's name,
	// as far as it can fold case (ASCII); Colleagues decides.
	prefix := asciiStart(company)
	candidates, err := tx.ContactsAt(ctx, domain, prefix, company != "" && prefix == "")
	if err != nil {
		return nil, fmt.Errorf("colleagues of #%d: %w", c.ID, err)
	}
	var out []store.Contact
	for _, o := range candidates {
		if Colleagues(*c, o) {
			out = append(out, o)
		}
	}
	return out, nil
}

// asciiStart returns the start of key before its first character that
// is not ASCII ("" for "éclair"): SQLite's LIKE folds ASCII case only.
func asciiStart(key string) string {
	for i := 0; i < len(key); i++ {
		if key[i] >= 0x80 {
			return key[:i]
		}
	}
	return key
}

// answering are the statuses of a colleague who is talking with the
// owner: while one is, nobody else at the organisation is asked.
var answering = []workflow.Status{workflow.StatusReplied, workflow.StatusScheduled}

// askColleague carries out workflow.AskColleague for c: the next person
// at c's organisation (NextToAsk: not asked yet, warm first) gets a
// request drafted, unless a colleague is answering. What happened is
// written in c's history either way, so that rapport show says why
// someone was or was not asked.
func (t *Tracker) askColleague(ctx context.Context, tx *store.Tx, c *store.Contact, now time.Time, source string) error {
	colleagues, err := ColleaguesOf(ctx, tx, c)
	if err != nil {
		return err
	}
	org := orgName(c)
	if org == "" {
		return t.note3B7(ctx, tx, c, now, source, fmt.Sprintf("3B7: nobody else asked: no company is known for them (a webmail address, and no company typed: rapport set %d company NAME)", c.ID))
	}
	for _, o := range colleagues {
		if slices.Contains(answering, o.State.Status) {
			return t.note3B7(ctx, tx, c, now, source, fmt.Sprintf("3B7: nobody else asked at %s: %s is talking with you", org, label(&o)))
		}
	}
	next, ok := NextToAsk(colleagues)
	if !ok {
		return t.note3B7(ctx, tx, c, now, source, fmt.Sprintf("3B7: nobody else at %s to ask yet: add someone there", org))
	}
	why := fmt.Sprintf("3B7: %s has not answered in %d business days", label(c), t.policy.ColleagueAfter)
	_, err = t.DraftRequest(ctx, tx, &next, false, why, now, source)
	var refused *workflow.TransitionError
	switch {
	case errors.As(err, &refused):
		return t.note3B7(ctx, tx, c, now, source, fmt.Sprintf("3B7: %s not asked: %s", label(&next), refused.Reason))
	case err != nil:
		return fmt.Errorf("3B7: ask %s after #%d: %w", label(&next), c.ID, err)
	}
	return t.note3B7(ctx, tx, c, now, source, fmt.Sprintf("3B7: request to %s at %s drafted", label(&next), org))
}

// holdColleagues carries out workflow.HoldColleagues for c, who answered:
// everyone at c's organisation still waiting for an answer is held
// (EventColleagueReplied), so that no nudge leaves until the owner says
// go on or hold; the notice about c's answer names them.
func (t *Tracker) holdColleagues(ctx context.Context, tx *store.Tx, c *store.Contact, now time.Time, source string) error {
	colleagues, err := ColleaguesOf(ctx, tx, c)
	if err != nil {
		return err
	}
	for i := range colleagues {
		o := &colleagues[i]
		if o.State.Held() {
			continue
		}
		switch o.State.Status {
		case workflow.StatusRequested, workflow.StatusNudged:
		case workflow.StatusDrafted:
			// Their request has not left: it waits as well. The answer to
			// an introduction is a courtesy to whoever introduced them,
			// and goes all the same.
			waiting, err := requestWaiting(ctx, tx, o.ID)
			if err != nil {
				return err
			}
			if !waiting {
				continue
			}
		default:
			continue
		}
		ev := workflow.Event{Kind: workflow.EventColleagueReplied, Colleague: c.ID,
			Why: fmt.Sprintf("%s, at the same organisation, answered", label(c))}
		if _, err := t.Apply(ctx, tx, o, ev, now, source); err != nil {
			return fmt.Errorf("hold %s after #%d answered: %w", label(o), c.ID, err)
		}
	}
	return nil
}

// requestWaiting reports whether contact id has a request (not the answer
// to an introduction) drafted and not yet sent.
func requestWaiting(ctx context.Context, tx *store.Tx, id int64) (bool, error) {
	rows, err := tx.ListOutbox(ctx, store.OutboxFilter{ContactID: id, Audience: store.AudienceContact,
		Statuses: []string{store.OutboxDraft, store.OutboxApproved}})
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(rows, func(o store.Outgoing) bool { return o.Template == workflow.TemplateRequest }), nil
}

// note3B7 records in c's history what the colleague timer did.
func (t *Tracker) note3B7(ctx context.Context, tx *store.Tx, c *store.Contact, now time.Time, source, text string) error {
	return tx.AppendHistory(ctx, &store.Entry{
		ContactID: c.ID, At: now, Kind: store.EntryNote, From: c.State.Status, To: c.State.Status,
		Detail: text, Source: source,
	})
}

// orgName is how the owner would name c's organisation: the company as
// typed, else the domain.
func orgName(c *store.Contact) string {
	if s := strings.TrimSpace(c.Company); s != "" && companyKey(s) != "" {
		return s
	}
	return domainKey(c.Email)
}

// HoldChange says, for the owner's receipt or the command line, what go
// on (kind workflow.EventGoOn) or hold (workflow.EventHold) did to c, as
// it stands after: "#1 Ana Ruiz: follow-ups go on; the nudge is due Tue 8
// Dec 06:00 UTC".
func HoldChange(c *store.Contact, kind workflow.EventKind, zone *time.Location) string {
	rule := when.Owner(zone)
	s := c.State
	if kind == workflow.EventHold && s.Status == workflow.StatusNew {
		return label(c) + ": not asked for now; their request is withdrawn"
	}
	if kind == workflow.EventHold {
		text := label(c) + ": no nudge, and nobody else asked on their account"
		if at, ok := s.Timers[workflow.TimerNoResponse]; ok {
			text += "; without an answer they count as no answer from " + rule.Day(at)
		}
		return text
	}
	if s.Status == workflow.StatusDrafted {
		return label(c) + ": the request is written again, to leave as your send mode says"
	}
	text := label(c) + ": follow-ups go on"
	if at, ok := s.Timers[workflow.TimerNudge]; ok {
		text += "; the nudge is due " + rule.Short(at)
	} else if at, ok := s.Timers[workflow.TimerNoResponse]; ok {
		text += "; without an answer they count as no answer from " + rule.Day(at)
	}
	return text
}
