package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// This file holds what the daily digest reads: counts over every contact
// and history entry, done in SQL so that they stay fast with a hundred
// thousand contacts, and short lists, capped by the caller.

// CountByStatus returns how many contacts are in each status.
func (tx *Tx) CountByStatus(ctx context.Context) (map[workflow.Status]int, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT status, count(*) FROM contacts GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("count contacts by status: %w", err)
	}
	out := map[workflow.Status]int{}
	err = scanEach(rows, func() error {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return err
		}
		out[workflow.Status(s)] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count contacts by status: %w", err)
	}
	return out, nil
}

// ContactsInStatus returns at most limit contacts in one of statuses, the
// longest unchanged first (oldest first) or the most recently changed
// first (newest).
func (tx *Tx) ContactsInStatus(ctx context.Context, statuses []workflow.Status, newest bool, limit int) ([]Contact, error) {
	if len(statuses) == 0 {
		return nil, nil
	}
	var in []string
	args := []any{sql.Named("limit", limit)}
	for i, s := range statuses {
		name := fmt.Sprintf("s%d", i)
		in = append(in, ":"+name)
		args = append(args, sql.Named(name, string(s)))
	}
	order := "updated_at, id"
	if newest {
		order = "updated_at DESC, id DESC"
	}
	return tx.queryContacts(ctx, `WHERE status IN (`+strings.Join(in, ", ")+`) ORDER BY `+order+` LIMIT :limit`, args...)
}

// MeetingsBetween returns the scheduled contacts whose meeting starts in
// [from, to), soonest first.
func (tx *Tx) MeetingsBetween(ctx context.Context, from, to time.Time) ([]Contact, error) {
	return tx.queryContacts(ctx, `WHERE status = :scheduled AND meeting_start >= :from AND meeting_start < :to
		ORDER BY meeting_start, id`, sql.Named("scheduled", string(workflow.StatusScheduled)),
		sql.Named("from", timeText(from)), sql.Named("to", timeText(to)))
}

// ReturningBetween returns the contacts still waited on whose
// out-of-office return date falls in [from, to).
func (tx *Tx) ReturningBetween(ctx context.Context, from, to time.Time) ([]Contact, error) {
	return tx.queryContacts(ctx, `WHERE status IN (:requested, :nudged) AND return_date >= :from AND return_date < :to
		ORDER BY return_date, id`, sql.Named("requested", string(workflow.StatusRequested)),
		sql.Named("nudged", string(workflow.StatusNudged)), sql.Named("from", timeText(from)), sql.Named("to", timeText(to)))
}

// CountOutbox returns how many outgoing messages for audience are in
// status.
func (tx *Tx) CountOutbox(ctx context.Context, audience, status string) (int, error) {
	var n int
	err := tx.q.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE audience = :audience AND status = :status`,
		sql.Named("audience", audience), sql.Named("status", status)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count outbox: %w", err)
	}
	return n, nil
}

// FunnelCounts are the contacts who reached each step of the outreach:
// a request sent, a reply, a meeting arranged, a meeting, a thank-you
// (see milestoneSteps for what reaching each means); and the median time
// from the first request to the first reply after it, in days (negative
// when nobody replied).
type FunnelCounts struct {
	Requested, Replied, Scheduled, Met, Thanked int
	MedianReplyDays                             float64
}

// Funnel counts the contacts who reached each step of the outreach, in
// all, and first reached it at or after since (the median: of those whose
// first request left since then). It reads the milestones kept on the
// contacts (schema 8): one pass over the contacts, and the medians from
// the reply_days index.
func (tx *Tx) Funnel(ctx context.Context, since time.Time) (all, recent FunnelCounts, err error) {
	at := sql.Named("since", timeFormatZero(since))
	var replyAll, replyRecent int
	err = tx.q.QueryRowContext(ctx, `SELECT count(requested_at), count(replied_at), count(scheduled_at),
			count(met_at), count(thanked_at),
			coalesce(sum(requested_at >= :since), 0), coalesce(sum(replied_at >= :since), 0),
			coalesce(sum(scheduled_at >= :since), 0), coalesce(sum(met_at >= :since), 0),
			coalesce(sum(thanked_at >= :since), 0),
			count(reply_days), coalesce(sum(reply_days IS NOT NULL AND requested_at >= :since), 0)
		FROM contacts`, at).Scan(&all.Requested, &all.Replied, &all.Scheduled, &all.Met, &all.Thanked,
		&recent.Requested, &recent.Replied, &recent.Scheduled, &recent.Met, &recent.Thanked, &replyAll, &replyRecent)
	if err != nil {
		return all, recent, fmt.Errorf("funnel: %w", err)
	}
	if all.MedianReplyDays, err = tx.medianReplyDays(ctx, "", replyAll); err != nil {
		return all, recent, err
	}
	recent.MedianReplyDays, err = tx.medianReplyDays(ctx, "AND requested_at >= :since", replyRecent, at)
	return all, recent, err
}

// medianReplyDays returns the median of reply_days over the n contacts
// that have one and match where, or -1 when n is 0.
func (tx *Tx) medianReplyDays(ctx context.Context, where string, n int, args ...any) (float64, error) {
	if n == 0 {
		return -1, nil
	}
	args = append(args, sql.Named("limit", 2-n%2), sql.Named("offset", (n-1)/2))
	var m sql.NullFloat64
	err := tx.q.QueryRowContext(ctx, `SELECT avg(reply_days) FROM (SELECT reply_days FROM contacts
		WHERE reply_days IS NOT NULL `+where+` ORDER BY reply_days LIMIT :limit OFFSET :offset)`, args...).Scan(&m)
	if err != nil {
		return 0, fmt.Errorf("median reply time: %w", err)
	}
	if !m.Valid {
		return -1, nil
	}
	return m.Float64, nil
}

// HistorySince returns at most limit history entries of kind recorded at
// or after since, newest first, and how many there are in all.
func (tx *Tx) HistorySince(ctx context.Context, kind string, since time.Time, limit int) ([]Entry, int, error) {
	var total int
	if err := tx.q.QueryRowContext(ctx, `SELECT count(*) FROM history WHERE kind = :kind AND at >= :since`,
		sql.Named("kind", kind), sql.Named("since", timeFormatZero(since))).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("history since: %w", err)
	}
	rows, err := tx.q.QueryContext(ctx, `SELECT `+entryColumns+` FROM history WHERE kind = :kind AND at >= :since
		ORDER BY at DESC, id DESC LIMIT :limit`,
		sql.Named("kind", kind), sql.Named("since", timeFormatZero(since)), sql.Named("limit", limit))
	if err != nil {
		return nil, 0, fmt.Errorf("history since: %w", err)
	}
	list, err := scanEntries(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("history since: %w", err)
	}
	return list, total, nil
}

// Digest is the record of one day's digest.
type Digest struct {
	Day      string // YYYY-MM-DD in the owner's zone
	OutboxID int64
	At       time.Time
}

// DigestOf returns the digest of day, or ErrNotFound.
func (tx *Tx) DigestOf(ctx context.Context, day string) (*Digest, error) {
	d := Digest{Day: day}
	var id sql.NullInt64
	var at sql.NullString
	err := tx.q.QueryRowContext(ctx, `SELECT outbox_id, at FROM digests WHERE day = :day`, sql.Named("day", day)).Scan(&id, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("digest of %s: %w", day, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("digest of %s: %w", day, err)
	}
	d.OutboxID = id.Int64
	if d.At, err = parseTime(at); err != nil {
		return nil, err
	}
	return &d, nil
}

// LastDigest returns the most recent digest, or ErrNotFound.
func (tx *Tx) LastDigest(ctx context.Context) (*Digest, error) {
	var day string
	err := tx.q.QueryRowContext(ctx, `SELECT day FROM digests ORDER BY day DESC LIMIT 1`).Scan(&day)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("last digest: %w", ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("last digest: %w", err)
	}
	return tx.DigestOf(ctx, day)
}

// AddDigest records the digest of d.Day. A second digest for the same day
// is refused with an error wrapping ErrDigestExists: the caller's
// transaction, which also queued the mail, must roll back.
func (tx *Tx) AddDigest(ctx context.Context, d *Digest) error {
	res, err := tx.q.ExecContext(ctx, `INSERT INTO digests (day, outbox_id, at) VALUES (:day, :id, :at)
		ON CONFLICT (day) DO NOTHING`, sql.Named("day", d.Day), sql.Named("id", nullID(d.OutboxID)), sql.Named("at", timeText(d.At)))
	if err != nil {
		return fmt.Errorf("record the digest of %s: %w", d.Day, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("record the digest of %s: %w", d.Day, ErrDigestExists)
	}
	return nil
}

// ErrDigestExists is returned by AddDigest for a day that has its digest.
var ErrDigestExists = errors.New("the day already has its digest")

// OutboxPage returns at most limit outgoing messages for audience in
// status, oldest first.
func (tx *Tx) OutboxPage(ctx context.Context, audience, status string, limit int) ([]Outgoing, error) {
	return tx.queryOutbox(ctx, `WHERE audience = :audience AND status = :status ORDER BY id LIMIT :limit`,
		sql.Named("audience", audience), sql.Named("status", status), sql.Named("limit", limit))
}

// ContactsByID returns the contacts with these IDs, in no order; missing
// ones are left out.
func (tx *Tx) ContactsByID(ctx context.Context, ids []int64) (map[int64]*Contact, error) {
	out := map[int64]*Contact{}
	if len(ids) == 0 {
		return out, nil
	}
	var in []string
	var args []any
	for i, id := range ids {
		name := fmt.Sprintf("id%d", i)
		in = append(in, ":"+name)
		args = append(args, sql.Named(name, id))
	}
	list, err := tx.queryContacts(ctx, `WHERE id IN (`+strings.Join(in, ", ")+`)`, args...)
	if err != nil {
		return nil, err
	}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	return out, nil
}

// LastEvents returns, for each of the contacts ids, when the last history
// entry of one of kinds was recorded; contacts without one are left out.
func (tx *Tx) LastEvents(ctx context.Context, ids []int64, kinds ...string) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	if len(ids) == 0 || len(kinds) == 0 {
		return out, nil
	}
	var idIn, kindIn []string
	var args []any
	for i, id := range ids {
		name := fmt.Sprintf("id%d", i)
		idIn = append(idIn, ":"+name)
		args = append(args, sql.Named(name, id))
	}
	for i, k := range kinds {
		name := fmt.Sprintf("k%d", i)
		kindIn = append(kindIn, ":"+name)
		args = append(args, sql.Named(name, k))
	}
	// "+kind" keeps SQLite on the history_contact index: a few contacts'
	// entries, not every entry of the kinds.
	rows, err := tx.q.QueryContext(ctx, `SELECT contact_id, MAX(at) FROM history WHERE contact_id IN (`+
		strings.Join(idIn, ", ")+`) AND +kind IN (`+strings.Join(kindIn, ", ")+`) GROUP BY contact_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("last events: %w", err)
	}
	err = scanEach(rows, func() error {
		var id int64
		var at sql.NullString
		if err := rows.Scan(&id, &at); err != nil {
			return err
		}
		t, err := parseTime(at)
		out[id] = t
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("last events: %w", err)
	}
	return out, nil
}
