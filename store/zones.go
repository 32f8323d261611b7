package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// maxZoneObservations is how many of a contact's latest dates are kept:
// enough to span a year of seasons, few enough to follow a move.
const maxZoneObservations = 20

// ZoneObservation is the date of one of a contact's messages: when it was
// written and the UTC offset its Date header gave.
type ZoneObservation struct {
	At     time.Time // UTC
	Offset int       // seconds east of UTC
}

// AddZoneObservation records that the contact's mail written at at was
// dated with offset (seconds east of UTC), and forgets all but the
// contact's 20 most recent observations.
func (tx *Tx) AddZoneObservation(ctx context.Context, contactID int64, at time.Time, offset int) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO zone_observations (contact_id, at, utc_offset)
		VALUES (:id, :at, :offset)`,
		sql.Named("id", contactID), sql.Named("at", timeText(at)), sql.Named("offset", offset))
	if err != nil {
		return fmt.Errorf("record a time zone observation of contact #%d: %w", contactID, err)
	}
	_, err = tx.q.ExecContext(ctx, `DELETE FROM zone_observations WHERE contact_id = :id
		AND id NOT IN (SELECT id FROM zone_observations WHERE contact_id = :id
			ORDER BY at DESC, id DESC LIMIT :keep)`,
		sql.Named("id", contactID), sql.Named("keep", maxZoneObservations))
	if err != nil {
		return fmt.Errorf("prune the time zone observations of contact #%d: %w", contactID, err)
	}
	return nil
}

// ZoneObservations returns the contact's kept observations, oldest first.
func (tx *Tx) ZoneObservations(ctx context.Context, contactID int64) ([]ZoneObservation, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT at, utc_offset FROM zone_observations
		WHERE contact_id = :id ORDER BY at, id`, sql.Named("id", contactID))
	if err != nil {
		return nil, fmt.Errorf("time zone observations of contact #%d: %w", contactID, err)
	}
	var list []ZoneObservation
	err = scanEach(rows, func() error {
		var o ZoneObservation
		var at sql.NullString
		if err := rows.Scan(&at, &o.Offset); err != nil {
			return err
		}
		var err error
		o.At, err = parseTime(at)
		list = append(list, o)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("time zone observations of contact #%d: %w", contactID, err)
	}
	return list, nil
}
