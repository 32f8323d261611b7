package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
)

// ContactIDsByEmail returns, for each of emails that is a contact's
// address (the one rapport writes to or another of theirs, as
// ContactIDByEmail finds it), that contact's ID, keyed by the address as
// given. It answers for a whole batch in one query.
func (tx *Tx) ContactIDsByEmail(ctx context.Context, emails []string) (map[string]int64, error) {
	return tx.idsOf(ctx, `SELECT j.value, `+strings.ReplaceAll(byAddress, ":email", "j.value")+`
		FROM json_each(:list) AS j`, emails, strings.TrimSpace)
}

// ContactIDsByURL returns, for each of urls that is a contact's profile
// URL, that contact's ID, keyed by the URL as given, in one query.
func (tx *Tx) ContactIDsByURL(ctx context.Context, urls []string) (map[string]int64, error) {
	return tx.idsOf(ctx, `SELECT j.value, (SELECT id FROM contacts WHERE url = j.value)
		FROM json_each(:list) AS j`, urls, func(s string) string { return s })
}

// idsOf runs query, which selects each value of the JSON array :list and
// the ID it names (NULL for none), on the values of list as norm makes
// them, and returns the IDs found keyed by the values of list.
func (tx *Tx) idsOf(ctx context.Context, query string, list []string, norm func(string) string) (map[string]int64, error) {
	out := map[string]int64{}
	if len(list) == 0 {
		return out, nil
	}
	asked := make(map[string][]string, len(list)) // the values given, by the value asked
	normed := make([]string, 0, len(list))
	for _, v := range list {
		n := norm(v)
		if _, ok := asked[n]; !ok {
			normed = append(normed, n)
		}
		asked[n] = append(asked[n], v)
	}
	js, err := json.Marshal(normed)
	if err != nil {
		return nil, err
	}
	rows, err := tx.q.QueryContext(ctx, query, sql.Named("list", string(js)))
	if err != nil {
		return nil, fmt.Errorf("look up %d contacts: %w", len(normed), err)
	}
	err = scanEach(rows, func() error {
		var v string
		var id sql.NullInt64
		if err := rows.Scan(&v, &id); err != nil {
			return err
		}
		if id.Valid {
			for _, given := range asked[v] {
				out[given] = id.Int64
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("look up %d contacts: %w", len(normed), err)
	}
	return out, nil
}
