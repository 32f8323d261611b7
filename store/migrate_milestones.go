package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// fillMilestones fills, for each contact, every milestone still empty
// from its history (schema 13): the time of the earliest entry that
// reached the step, by the rule of milestoneSteps, which AppendHistory
// follows from then on. Milestones already kept stay as they are.
func fillMilestones(ctx context.Context, tx *sql.Tx) error {
	for _, s := range milestoneSteps {
		statuses, err := json.Marshal(s.statuses)
		if err != nil {
			return err
		}
		// The column names are constants of milestoneSteps, never input.
		reached := `(h.to_status IN (SELECT value FROM json_each(:statuses))
			AND h.from_status NOT IN (SELECT value FROM json_each(:statuses)))`
		if s.kind != "" {
			reached = `(` + reached + ` OR h.kind = :kind)`
		}
		where := fmt.Sprintf(`%s IS NULL`, s.column)
		if s.afterRequest {
			reached += ` AND h.at >= contacts.requested_at`
			where += ` AND requested_at IS NOT NULL`
		}
		query := fmt.Sprintf(`UPDATE contacts SET %s = (SELECT MIN(h.at) FROM history h
			WHERE h.contact_id = contacts.id AND %s) WHERE %s`, s.column, reached, where)
		if _, err := tx.ExecContext(ctx, query, sql.Named("statuses", string(statuses)),
			sql.Named("kind", string(s.kind))); err != nil {
			return fmt.Errorf("fill %s: %w", s.column, err)
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE contacts SET reply_days = julianday(replied_at) - julianday(requested_at)
		WHERE replied_at IS NOT NULL AND reply_days IS NULL`)
	if err != nil {
		return fmt.Errorf("fill reply_days: %w", err)
	}
	return nil
}
