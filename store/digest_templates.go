package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// RequestRate is how one request template fared with one subject: how
// many contacts it went to, and how many of those replied.
type RequestRate struct {
	Template string // "request", "intro_reply"
	// Subject is the subject the requests went out with, or "" for the
	// subjects sent to fewer than minSent contacts each, counted together
	// (Subjects says how many): a subject with the contact's name in it
	// is a new subject each time, and says nothing on its own.
	Subject  string
	Subjects int
	Sent     int // contacts it was sent to
	Replied  int // of those, the contacts who have replied (a first reply is on record)
}

// RequestRates returns the reply rates of the requests sent with each of
// templates, by template and subject: a subject sent to at least minSent
// contacts on its own, the rest of a template's subjects together. The
// most sent come first. A contact counts once for each template and
// subject that reached them, and as replied when their first reply is on
// record, whenever it came. It reads the outbox's sent mail and the
// contacts' milestones in one query.
func (tx *Tx) RequestRates(ctx context.Context, templates []string, minSent int) ([]RequestRate, error) {
	if len(templates) == 0 {
		return nil, nil
	}
	args := []any{sql.Named("sent", OutboxSent), sql.Named("audience", AudienceContact), sql.Named("min", max(minSent, 1))}
	in := make([]string, len(templates))
	for i, t := range templates {
		in[i] = fmt.Sprintf(":t%d", i)
		args = append(args, sql.Named(fmt.Sprintf("t%d", i), t))
	}
	rows, err := tx.q.QueryContext(ctx, `WITH per AS (
			SELECT o.template AS template, o.subject AS subject, count(DISTINCT o.contact_id) AS n,
				count(DISTINCT CASE WHEN c.replied_at IS NOT NULL THEN o.contact_id END) AS r
			FROM outbox o JOIN contacts c ON c.id = o.contact_id
			WHERE o.status = :sent AND o.audience = :audience AND o.template IN (`+strings.Join(in, ", ")+`)
			GROUP BY o.template, o.subject)
		SELECT template, CASE WHEN n >= :min THEN subject END AS s, count(*), sum(n), sum(r)
		FROM per GROUP BY template, s ORDER BY sum(n) DESC, template, s`, args...)
	if err != nil {
		return nil, fmt.Errorf("request reply rates: %w", err)
	}
	var out []RequestRate
	err = scanEach(rows, func() error {
		var r RequestRate
		var s sql.NullString
		if err := rows.Scan(&r.Template, &s, &r.Subjects, &r.Sent, &r.Replied); err != nil {
			return err
		}
		r.Subject = s.String
		if s.Valid && s.String == "" {
			r.Subject = "(no subject)"
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("request reply rates: %w", err)
	}
	return out, nil
}
