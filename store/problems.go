package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Problem is something that went wrong outside any contact's history, for
// the owner's next digest.
type Problem struct {
	ID     int64
	At     time.Time
	Kind   string // ProblemUnauthenticated, …
	Detail string // one line for the owner: what arrived and why it was refused
}

// Problem kinds.
const (
	// ProblemUnauthenticated is mail that claimed to be the owner's, to
	// rapport, without the authentication commands need.
	ProblemUnauthenticated = "unauthenticated"
	// ProblemDraft is a message rapport could not write (a template that
	// fails for one contact): the step waits.
	ProblemDraft = "draft"
	// ProblemOffline is a time without a connection to the mailbox.
	ProblemOffline = "offline"
	// ProblemUnreadable is mail from a contact, or in a contact's thread,
	// that rapport could not read whole (malformed, undecodable, over the
	// size cap): it counted as their answer, so no nudge follows, and the
	// owner should read it themselves.
	ProblemUnreadable = "unreadable"
	// ProblemIgnored is the owner's mail to rapport, or an answer to one
	// of its notices, that rapport read and did not act on: an approval
	// that came too late or still holds a placeholder, an automatic
	// answer, rapport's own notice sent back.
	ProblemIgnored = "ignored"
	// ProblemBooking is a scheduling service's booking by people who are
	// not contacts: rapport changed nobody, and the owner may add them.
	ProblemBooking = "booking"
)

// AddProblem records p and sets p.ID.
func (tx *Tx) AddProblem(ctx context.Context, p *Problem) error {
	res, err := tx.q.ExecContext(ctx, `INSERT INTO problems (at, kind, detail) VALUES (:at, :kind, :detail)`,
		sql.Named("at", timeText(p.At)), sql.Named("kind", p.Kind), sql.Named("detail", p.Detail))
	if err != nil {
		return fmt.Errorf("record problem %s: %w", p.Kind, err)
	}
	p.ID, err = res.LastInsertId()
	return err
}

// ProblemsSince returns the problems recorded at or after since (all of
// them for the zero time), oldest first.
func (tx *Tx) ProblemsSince(ctx context.Context, since time.Time) ([]Problem, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT id, at, kind, detail FROM problems
		WHERE at >= :since ORDER BY at, id`, sql.Named("since", timeFormatZero(since)))
	if err != nil {
		return nil, fmt.Errorf("problems since %s: %w", since.Format(time.RFC3339), err)
	}
	var list []Problem
	err = scanEach(rows, func() error {
		var p Problem
		var at sql.NullString
		if err := rows.Scan(&p.ID, &at, &p.Kind, &p.Detail); err != nil {
			return err
		}
		var err error
		p.At, err = parseTime(at)
		list = append(list, p)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("problems since %s: %w", since.Format(time.RFC3339), err)
	}
	return list, nil
}

// timeFormatZero is timeText, with the zero time written as the earliest
// time instead of NULL, for comparisons.
func timeFormatZero(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}
