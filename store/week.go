package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// QuestionMark says that question N of the owner's question bank worked
// well with a contact (schema 14).
type QuestionMark struct {
	ContactID int64
	Week      string // the Monday of the week it was marked, YYYY-MM-DD in the owner's zone
	N         int
	Question  string // the question's words when marked
	At        time.Time
	Source    string // SourceMail, SourceCLI
}

// MarkQuestion keeps m; added is false when the question was already
// marked for that contact that week, and then its first words and time
// stay.
func (tx *Tx) MarkQuestion(ctx context.Context, m *QuestionMark) (added bool, err error) {
	res, err := tx.q.ExecContext(ctx, `INSERT INTO question_marks (contact_id, week, number, question, at, source)
		VALUES (:id, :week, :n, :q, :at, :source) ON CONFLICT DO NOTHING`,
		sql.Named("id", m.ContactID), sql.Named("week", m.Week), sql.Named("n", m.N), sql.Named("q", m.Question),
		sql.Named("at", timeText(m.At)), sql.Named("source", m.Source))
	if err != nil {
		return false, fmt.Errorf("mark Q%d for contact #%d: %w", m.N, m.ContactID, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// GoodQuestion is one question marked as good in a period.
type GoodQuestion struct {
	N        int
	Question string  // its words when first marked in the period
	Contacts []int64 // with whom it worked, by when it was marked
}

// GoodQuestionsBetween returns the questions marked in [from, to), the
// most marked first, then by number.
func (tx *Tx) GoodQuestionsBetween(ctx context.Context, from, to time.Time) ([]GoodQuestion, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT number, question, contact_id FROM question_marks
		WHERE at >= :from AND at < :to ORDER BY at, rowid`,
		sql.Named("from", timeFormatZero(from)), sql.Named("to", timeFormatZero(to)))
	if err != nil {
		return nil, fmt.Errorf("good questions: %w", err)
	}
	var list []GoodQuestion
	index := map[int]int{}
	err = scanEach(rows, func() error {
		var n int
		var q string
		var id int64
		if err := rows.Scan(&n, &q, &id); err != nil {
			return err
		}
		i, ok := index[n]
		if !ok {
			i = len(list)
			index[n] = i
			list = append(list, GoodQuestion{N: n, Question: q})
		}
		list[i].Contacts = append(list[i].Contacts, id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("good questions: %w", err)
	}
	// Most marked first; a stable order among equals (by number).
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && better(list[j], list[j-1]); j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
	return list, nil
}

func better(a, b GoodQuestion) bool {
	if len(a.Contacts) != len(b.Contacts) {
		return len(a.Contacts) > len(b.Contacts)
	}
	return a.N < b.N
}

// Learned is what the owner learned from a contact, from their debrief.
type Learned struct {
	ContactID int64
	At        time.Time
	Text      string // the owner's words, on one line
}

// AddLearned keeps what the owner learned from a contact.
func (tx *Tx) AddLearned(ctx context.Context, l *Learned) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO learned (contact_id, at, text) VALUES (:id, :at, :text)`,
		sql.Named("id", l.ContactID), sql.Named("at", timeText(l.At)), sql.Named("text", l.Text))
	if err != nil {
		return fmt.Errorf("keep what you learned from contact #%d: %w", l.ContactID, err)
	}
	return nil
}

// LearnedBetween returns at most limit of what was learned in [from, to),
// oldest first, and how many there are in all.
func (tx *Tx) LearnedBetween(ctx context.Context, from, to time.Time, limit int) ([]Learned, int, error) {
	args := []any{sql.Named("from", timeFormatZero(from)), sql.Named("to", timeFormatZero(to)), sql.Named("limit", limit)}
	var total int
	if err := tx.q.QueryRowContext(ctx, `SELECT count(*) FROM learned WHERE at >= :from AND at < :to`, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("learned: %w", err)
	}
	rows, err := tx.q.QueryContext(ctx, `SELECT contact_id, at, text FROM learned WHERE at >= :from AND at < :to
		ORDER BY at, id LIMIT :limit`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("learned: %w", err)
	}
	var list []Learned
	err = scanEach(rows, func() error {
		var l Learned
		var at sql.NullString
		if err := rows.Scan(&l.ContactID, &at, &l.Text); err != nil {
			return err
		}
		var err error
		l.At, err = parseTime(at)
		list = append(list, l)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("learned: %w", err)
	}
	return list, total, nil
}

// ReachedBetween returns at most limit history entries in [from, to) that
// moved a contact into status from another one, one per contact (its
// latest), oldest first, and how many contacts have one. It goes by the
// status reached, as the funnel's milestones do, so that every road
// counts: for met, the owner's mark, a mail command and the meeting-over
// timer alike.
func (tx *Tx) ReachedBetween(ctx context.Context, status workflow.Status, from, to time.Time, limit int) ([]Entry, int, error) {
	args := []any{sql.Named("status", string(status)), sql.Named("from", timeFormatZero(from)), sql.Named("to", timeFormatZero(to)),
		sql.Named("limit", limit)}
	const reached = `to_status = :status AND from_status <> :status AND at >= :from AND at < :to`
	var total int
	if err := tx.q.QueryRowContext(ctx, `SELECT count(DISTINCT contact_id) FROM history WHERE `+reached, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("contacts who became %s: %w", status, err)
	}
	rows, err := tx.q.QueryContext(ctx, `SELECT `+entryColumns+` FROM history WHERE id IN (
		SELECT max(id) FROM history WHERE `+reached+` GROUP BY contact_id)
		ORDER BY at, id LIMIT :limit`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("contacts who became %s: %w", status, err)
	}
	list, err := scanEntries(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("contacts who became %s: %w", status, err)
	}
	return list, total, nil
}

// ReferralNode is a contact in the referral tree: one who introduced
// someone, or was introduced.
type ReferralNode struct {
	ID           int64
	Name         string
	IntroducedBy int64 // 0 for none
	Created      time.Time
}

// ReferralNodes returns at most limit contacts of the referral tree, by
// #id, and how many there are in all, so that a big database costs a
// bounded read.
func (tx *Tx) ReferralNodes(ctx context.Context, limit int) ([]ReferralNode, int, error) {
	const in = `FROM contacts WHERE introduced_by IS NOT NULL
		OR id IN (SELECT introduced_by FROM contacts WHERE introduced_by IS NOT NULL)`
	var total int
	if err := tx.q.QueryRowContext(ctx, `SELECT count(*) `+in).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("referral tree: %w", err)
	}
	rows, err := tx.q.QueryContext(ctx, `SELECT id, name, coalesce(introduced_by, 0), created_at `+in+
		` ORDER BY id LIMIT :limit`, sql.Named("limit", limit))
	if err != nil {
		return nil, 0, fmt.Errorf("referral tree: %w", err)
	}
	var list []ReferralNode
	err = scanEach(rows, func() error {
		var n ReferralNode
		var at sql.NullString
		if err := rows.Scan(&n.ID, &n.Name, &n.IntroducedBy, &at); err != nil {
			return err
		}
		var err error
		n.Created, err = parseTime(at)
		list = append(list, n)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("referral tree: %w", err)
	}
	return list, total, nil
}
