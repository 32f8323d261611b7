package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/rapport-mail/rapport/workflow"
)

// ContactBrief is what a pass over the whole address book needs of each
// contact to tell where they work and how far along they are: the
// digest's "Next to ask" reads one per contact, and only then the whole
// contact of the few it names.
type ContactBrief struct {
	ID      int64
	Email   string
	Company string
	Status  workflow.Status
}

// EachContactBrief calls fn with the brief of each contact in one of
// statuses, by #ID, and stops at fn's first error, which it returns; no
// statuses selects nobody. It reads four columns of each row and no
// timers or tags, so that 100,000 contacts cost one pass of one query
// (EachContact would load each chunk's timers and tags as well). fn
// must not change contacts: the query is still reading them.
func (tx *Tx) EachContactBrief(ctx context.Context, statuses []workflow.Status, fn func(ContactBrief) error) error {
	if len(statuses) == 0 {
		return nil
	}
	in := make([]string, len(statuses))
	args := make([]any, len(statuses))
	for i, s := range statuses {
		name := fmt.Sprintf("s%d", i)
		in[i] = ":" + name
		args[i] = sql.Named(name, string(s))
	}
	// "+status" keeps SQLite off the status index: most contacts are in
	// the statuses asked for, and one pass down the table in #ID order
	// reads each page once, where the index would seek into the table
	// for every row.
	rows, err := tx.q.direct().QueryContext(ctx, `SELECT id, coalesce(email, ''), company, status FROM contacts
		WHERE +status IN (`+strings.Join(in, ", ")+`) ORDER BY id`, args...)
	if err != nil {
		return fmt.Errorf("query contacts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var b ContactBrief
		var status string
		if err := rows.Scan(&b.ID, &b.Email, &b.Company, &status); err != nil {
			return fmt.Errorf("read contacts: %w", err)
		}
		b.Status = workflow.Status(status)
		if err := fn(b); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query contacts: %w", err)
	}
	return nil
}
