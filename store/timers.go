package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// saveTimers makes the contact's stored timers exactly timers.
func (tx *Tx) saveTimers(ctx context.Context, contactID int64, timers map[workflow.TimerKind]time.Time) error {
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM timers WHERE contact_id = :id`, sql.Named("id", contactID)); err != nil {
		return fmt.Errorf("save timers of contact #%d: %w", contactID, err)
	}
	for kind, at := range timers {
		_, err := tx.q.ExecContext(ctx, `INSERT INTO timers (contact_id, kind, due_at) VALUES (:id, :kind, :at)`,
			sql.Named("id", contactID), sql.Named("kind", string(kind)), sql.Named("at", timeText(at)))
		if err != nil {
			return fmt.Errorf("save %s timer of contact #%d: %w", kind, contactID, err)
		}
	}
	return nil
}

// saveTags makes the contact's stored tags exactly tags (normalised).
func (tx *Tx) saveTags(ctx context.Context, contactID int64, tags []string) error {
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM contact_tags WHERE contact_id = :id`, sql.Named("id", contactID)); err != nil {
		return fmt.Errorf("save tags of contact #%d: %w", contactID, err)
	}
	for _, tag := range NormalizeTags(tags) {
		_, err := tx.q.ExecContext(ctx, `INSERT INTO contact_tags (contact_id, tag) VALUES (:id, :tag)`,
			sql.Named("id", contactID), sql.Named("tag", tag))
		if err != nil {
			return fmt.Errorf("save tag %q of contact #%d: %w", tag, contactID, err)
		}
	}
	return nil
}

// NormalizeTags lower-cases and trims tags, drops empty ones and
// duplicates, and sorts them.
func NormalizeTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		if t = normalizeTag(t); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

func normalizeTag(t string) string { return strings.ToLower(strings.TrimSpace(t)) }

// loadTimersAndTags fills the timers and tags of the listed contacts with
// one query of each per 500 contacts.
func (tx *Tx) loadTimersAndTags(ctx context.Context, list []Contact) error {
	const chunk = 500
	byID := make(map[int64]*Contact, len(list))
	for i := range list {
		byID[list[i].ID] = &list[i]
	}
	for start := 0; start < len(list); start += chunk {
		part := list[start:min(start+chunk, len(list))]
		in, args := idList(part)
		rows, err := tx.q.QueryContext(ctx, `SELECT contact_id, kind, due_at FROM timers WHERE contact_id IN (`+in+`)`, args...)
		if err != nil {
			return fmt.Errorf("load timers: %w", err)
		}
		err = scanEach(rows, func() error {
			var id int64
			var kind string
			var at sql.NullString
			if err := rows.Scan(&id, &kind, &at); err != nil {
				return err
			}
			t, err := parseTime(at)
			if err != nil {
				return err
			}
			c := byID[id]
			if c.State.Timers == nil {
				c.State.Timers = make(map[workflow.TimerKind]time.Time)
			}
			c.State.Timers[workflow.TimerKind(kind)] = t
			return nil
		})
		if err != nil {
			return fmt.Errorf("load timers: %w", err)
		}
		rows, err = tx.q.QueryContext(ctx, `SELECT contact_id, tag FROM contact_tags WHERE contact_id IN (`+in+`) ORDER BY tag`, args...)
		if err != nil {
			return fmt.Errorf("load tags: %w", err)
		}
		err = scanEach(rows, func() error {
			var id int64
			var tag string
			if err := rows.Scan(&id, &tag); err != nil {
				return err
			}
			byID[id].Tags = append(byID[id].Tags, tag)
			return nil
		})
		if err != nil {
			return fmt.Errorf("load tags: %w", err)
		}
	}
	return nil
}

// idList returns "?, ?, …" and the IDs of the contacts as arguments.
func idList(list []Contact) (string, []any) {
	args := make([]any, len(list))
	for i, c := range list {
		args[i] = c.ID
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(list)), ", "), args
}

// scanEach calls fn for every row, then closes rows and returns the first
// error.
func scanEach(rows *sql.Rows, fn func() error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(); err != nil {
			return err
		}
	}
	return rows.Err()
}

// liveTimer is the condition on a timer t of contact c that may fire: not
// frozen by a pause (:paused, :resume) or by a hold, whose timers are the
// follow-ups' (workflow's heldTimers).
const liveTimer = `(c.status != :paused OR t.kind = :resume)
	AND NOT (c.held_by != 0 AND t.kind IN ('nudge', 'no_response', 'colleague'))`

// Timer is one pending timer of a contact.
type Timer struct {
	ContactID int64
	Kind      workflow.TimerKind
	Due       time.Time
}

// DueTimers returns the timers due at or before now, oldest first, at most
// limit of them. Timers of paused contacts stay frozen, except the one
// that ends the pause, and so do the follow-up timers of a contact held
// because a colleague answered (workflow.State.HeldBy).
func (tx *Tx) DueTimers(ctx context.Context, now time.Time, limit int) ([]Timer, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT t.contact_id, t.kind, t.due_at FROM timers t
		JOIN contacts c ON c.id = t.contact_id
		WHERE t.due_at <= :now AND `+liveTimer+`
		ORDER BY t.due_at, t.contact_id LIMIT :limit`,
		sql.Named("now", timeText(now)), sql.Named("paused", string(workflow.StatusPaused)),
		sql.Named("resume", string(workflow.TimerResume)), sql.Named("limit", limit))
	if err != nil {
		return nil, fmt.Errorf("due timers: %w", err)
	}
	var list []Timer
	err = scanEach(rows, func() error {
		var t Timer
		var kind string
		var at sql.NullString
		if err := rows.Scan(&t.ContactID, &kind, &at); err != nil {
			return err
		}
		t.Kind = workflow.TimerKind(kind)
		t.Due, err = parseTime(at)
		list = append(list, t)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("due timers: %w", err)
	}
	return list, nil
}

// NextTimer returns when the next timer that DueTimers would return falls
// due, and false when none is pending.
func (tx *Tx) NextTimer(ctx context.Context) (time.Time, bool, error) {
	var at sql.NullString
	err := tx.q.QueryRowContext(ctx, `SELECT MIN(t.due_at) FROM timers t
		JOIN contacts c ON c.id = t.contact_id
		WHERE `+liveTimer,
		sql.Named("paused", string(workflow.StatusPaused)), sql.Named("resume", string(workflow.TimerResume))).Scan(&at)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next timer: %w", err)
	}
	if !at.Valid {
		return time.Time{}, false, nil
	}
	t, err := parseTime(at)
	return t, err == nil, err
}

// DropTimer removes one pending timer of a contact, for a timer the
// workflow refused to fire.
func (tx *Tx) DropTimer(ctx context.Context, contactID int64, kind workflow.TimerKind) error {
	_, err := tx.q.ExecContext(ctx, `DELETE FROM timers WHERE contact_id = :id AND kind = :kind`,
		sql.Named("id", contactID), sql.Named("kind", string(kind)))
	if err != nil {
		return fmt.Errorf("drop the %s timer of contact #%d: %w", kind, contactID, err)
	}
	return nil
}
