package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/rapport-mail/rapport/internal/textclean"
)

// migrationSteps are the parts of a schema version that SQL cannot
// express. migrate runs each in the migration's transaction, right after
// the SQL of its version, so that a failure leaves the database as it
// was.
var migrationSteps = map[int]func(ctx context.Context, tx *sql.Tx) error{
	11: decodeStoredNames,
	13: fillMilestones,
}

// decodeStoredNames decodes the RFC 2047 encoded words left in stored
// names (schema 11): contact names, and the senders of forwarded
// introductions. A value with no encoded word, or one in a charset no one
// knows, stays as it is.
func decodeStoredNames(ctx context.Context, tx *sql.Tx) error {
	for _, col := range []struct{ table, key, column string }{
		{"contacts", "id", "name"},
		{"introductions", "contact_id", "sender"},
	} {
		if err := decodeColumn(ctx, tx, col.table, col.key, col.column); err != nil {
			return fmt.Errorf("decode %s.%s: %w", col.table, col.column, err)
		}
	}
	return nil
}

// decodeColumn rewrites each value of table.column that holds "=?" as
// textclean.Name reads it. The names are constants of this file, never
// input.
func decodeColumn(ctx context.Context, tx *sql.Tx, table, key, column string) error {
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT %s, %s FROM %s WHERE instr(%s, '=?') > 0`, key, column, table, column))
	if err != nil {
		return err
	}
	type change struct {
		id    int64
		value string
	}
	var changes []change
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			rows.Close()
			return err
		}
		if d := textclean.Name(v); d != v && d != "" {
			changes = append(changes, change{id, d})
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range changes {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE %s SET %s = ?1 WHERE %s = ?2`, table, column, key), c.value, c.id); err != nil {
			return err
		}
	}
	return nil
}
