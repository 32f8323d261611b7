package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// Entry is one line of a contact's history: an applied workflow event, a
// note or an edit.
type Entry struct {
	ID        int64
	ContactID int64
	At        time.Time
	Kind      string          // a workflow.EventKind, or EntryNote / EntryEdited
	From, To  workflow.Status // the status before and after; equal when it did not change
	Why       string          // why it happened, in a few words
	Detail    string          // event facts in words ("meeting Wed 25 Nov 15:00")
	MessageID string          // the message that caused it, if any
	Source    string          // who did it: SourceCLI, SourceMail, SourceTimer, SourceImport
}

// Entry kinds that are not workflow events.
const (
	EntryNote   = "note"
	EntryEdited = "edited"
)

// Sources of history entries.
const (
	SourceCLI    = "cli"
	SourceImport = "import"
	SourceMail   = "mail"
	SourceTimer  = "timer"
)

// AppendHistory adds e to its contact's history and sets e.ID.
func (tx *Tx) AppendHistory(ctx context.Context, e *Entry) error {
	res, err := tx.q.ExecContext(ctx, `INSERT INTO history (contact_id, at, kind, from_status,
		to_status, why, detail, message_id, source) VALUES (:contact_id, :at, :kind, :from, :to,
		:why, :detail, :message_id, :source)`,
		sql.Named("contact_id", e.ContactID), sql.Named("at", timeText(e.At)), sql.Named("kind", e.Kind),
		sql.Named("from", string(e.From)), sql.Named("to", string(e.To)), sql.Named("why", e.Why),
		sql.Named("detail", e.Detail), sql.Named("message_id", e.MessageID), sql.Named("source", e.Source))
	if err != nil {
		return fmt.Errorf("append history of contact #%d: %w", e.ContactID, err)
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.milestone(ctx, e)
}

// milestone keeps the contact's first time at each step of the funnel
// (schemas 8 and 13) as its history grows: see milestoneSteps for the
// rule. Each column is written once, by the first entry that reaches its
// step; later entries leave it alone, so that a contact paused and
// resumed, or a meeting cancelled and arranged again, counts once.
func (tx *Tx) milestone(ctx context.Context, e *Entry) error {
	var set []string
	for _, s := range milestoneSteps {
		if s.reachedBy(e) {
			set = append(set, s.assign...)
		}
	}
	if len(set) == 0 {
		return nil
	}
	query := `UPDATE contacts SET ` + strings.Join(set, ", ") + ` WHERE id = :id`
	if _, err := tx.q.ExecContext(ctx, query, sql.Named("id", e.ContactID), sql.Named("at", timeText(e.At))); err != nil {
		return fmt.Errorf("milestone of contact #%d: %w", e.ContactID, err)
	}
	return nil
}

// milestoneStep is one step of the funnel and the contact column that
// remembers when the contact first reached it.
type milestoneStep struct {
	column string
	// statuses are the statuses a contact who reached the step can be
	// in; an entry reaches the step when it moves the contact into one
	// of them from a status outside them.
	statuses []workflow.Status
	// kind, when set, is an event that reaches the step whatever the
	// statuses it leaves and enters.
	kind workflow.EventKind
	// afterRequest: the step counts only at or after the first request
	// (the reply rate's numerator must be part of its denominator).
	afterRequest bool
	// assign are the SET clauses that stamp the step at :at.
	assign []string
}

// milestoneSteps are the steps of the funnel, in its order. They are
// decided from the status an entry moves the contact to rather than from
// its kind, so that every road counts: an answer by mail, a calendar
// invitation as the first answer, the meeting-over timer, the owner's
// marks on the command line or by mail command, and roads added later.
//
//   - requested: the contact became requested or nudged: a request left.
//   - replied: the contact moved into replied, scheduled, met, thanked,
//     keeping in touch or declined (a no is an answer too) from any other
//     status: requested, nudged, no response, bounced, paused…; or a reply
//     arrived, whatever the statuses (while they are paused, a reply
//     leaves the status as it is). Only at or after the first request: a
//     contact met without a request, or who wrote first, never counts as
//     replied, and reply_days is the time from that request.
//   - scheduled: the contact became scheduled, met, thanked or keeping in
//     touch: a meeting that took place was arranged, even when rapport
//     never heard its time.
//   - met: the contact became met, thanked or keeping in touch.
//   - thanked: the contact became thanked or keeping in touch.
//
// A bounce, a pause, a drop or no response reach no step.
var milestoneSteps = []milestoneStep{
	{
		column:   "requested_at",
		statuses: []workflow.Status{workflow.StatusRequested, workflow.StatusNudged},
		assign:   []string{`requested_at = coalesce(requested_at, :at)`},
	},
	{
		column: "replied_at",
		statuses: []workflow.Status{workflow.StatusReplied, workflow.StatusScheduled, workflow.StatusMet,
			workflow.StatusThanked, workflow.StatusKeepingInTouch, workflow.StatusDeclined},
		kind:         workflow.EventReplyReceived,
		afterRequest: true,
		// SQLite reads the old row on the right of every SET: reply_days
		// sees replied_at still empty.
		assign: []string{
			`reply_days = CASE WHEN replied_at IS NULL AND requested_at <= :at
				THEN julianday(:at) - julianday(requested_at) ELSE reply_days END`,
			`replied_at = CASE WHEN replied_at IS NULL AND requested_at <= :at THEN :at ELSE replied_at END`,
		},
	},
	{
		column: "scheduled_at",
		statuses: []workflow.Status{workflow.StatusScheduled, workflow.StatusMet, workflow.StatusThanked,
			workflow.StatusKeepingInTouch},
		assign: []string{`scheduled_at = coalesce(scheduled_at, :at)`},
	},
	{
		column:   "met_at",
		statuses: []workflow.Status{workflow.StatusMet, workflow.StatusThanked, workflow.StatusKeepingInTouch},
		assign:   []string{`met_at = coalesce(met_at, :at)`},
	},
	{
		column:   "thanked_at",
		statuses: []workflow.Status{workflow.StatusThanked, workflow.StatusKeepingInTouch},
		assign:   []string{`thanked_at = coalesce(thanked_at, :at)`},
	},
}

// reachedBy reports whether e reaches the step.
func (s milestoneStep) reachedBy(e *Entry) bool {
	if s.kind != "" && e.Kind == string(s.kind) {
		return true
	}
	return slices.Contains(s.statuses, e.To) && !slices.Contains(s.statuses, e.From)
}

// Milestones are when a contact first reached each step of the funnel
// (see milestoneSteps); the zero time for a step not reached. ReplyDays
// is the time from the first request to the first answer after it, in
// days; negative when there was none.
type Milestones struct {
	Requested, Replied, Scheduled, Met, Thanked time.Time
	ReplyDays                                   float64
}

// Milestones returns the milestones of contact contactID, or an error
// wrapping ErrNotFound.
func (tx *Tx) Milestones(ctx context.Context, contactID int64) (Milestones, error) {
	var m Milestones
	var at [5]sql.NullString
	var days sql.NullFloat64
	err := tx.q.QueryRowContext(ctx, `SELECT requested_at, replied_at, scheduled_at, met_at, thanked_at, reply_days
		FROM contacts WHERE id = :id`, sql.Named("id", contactID)).Scan(&at[0], &at[1], &at[2], &at[3], &at[4], &days)
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("milestones of contact #%d: %w", contactID, ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("milestones of contact #%d: %w", contactID, err)
	}
	for i, p := range []*time.Time{&m.Requested, &m.Replied, &m.Scheduled, &m.Met, &m.Thanked} {
		if *p, err = parseTime(at[i]); err != nil {
			return m, fmt.Errorf("milestones of contact #%d: %w", contactID, err)
		}
	}
	m.ReplyDays = -1
	if days.Valid {
		m.ReplyDays = days.Float64
	}
	return m, nil
}

// History returns the contact's history, oldest first.
func (tx *Tx) History(ctx context.Context, contactID int64) ([]Entry, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT `+entryColumns+` FROM history WHERE contact_id = :id ORDER BY id`,
		sql.Named("id", contactID))
	if err != nil {
		return nil, fmt.Errorf("history of contact #%d: %w", contactID, err)
	}
	list, err := scanEntries(rows)
	if err != nil {
		return nil, fmt.Errorf("history of contact #%d: %w", contactID, err)
	}
	return list, nil
}

// entryColumns are the columns scanEntries reads, in order.
const entryColumns = `id, contact_id, at, kind, from_status, to_status, why, detail, message_id, source`

// scanEntries reads rows of entryColumns and closes them.
func scanEntries(rows *sql.Rows) ([]Entry, error) {
	var list []Entry
	err := scanEach(rows, func() error {
		var e Entry
		var at sql.NullString
		var from, to string
		if err := rows.Scan(&e.ID, &e.ContactID, &at, &e.Kind, &from, &to, &e.Why, &e.Detail, &e.MessageID, &e.Source); err != nil {
			return err
		}
		e.From, e.To = workflow.Status(from), workflow.Status(to)
		var err error
		e.At, err = parseTime(at)
		list = append(list, e)
		return err
	})
	return list, err
}
