package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// The writes of an import: many new contacts at once. A statement of
// SQLite through database/sql costs far more around the B-trees than in
// them, so writing 64 rows per statement makes an import of 100,000 rows
// several times faster than InsertContact's eight statements a contact.
//
// A statement that writes many rows and could fail halfway makes SQLite
// copy every page it changes into a journal of its own first, to undo
// the statement alone: a seventh of an import's time, mostly system
// calls. Its inserts fail rather than abort on a clash (OR FAIL), and
// WithImportTx checks foreign keys once at the end rather than after
// each statement, so that neither needs that journal.

// bulkRows is how many rows one statement of InsertContacts writes.
const bulkRows = 64

// NewContact is a contact for InsertContacts, with the history entry that
// records its arrival.
type NewContact struct {
	Contact *Contact
	Added   *Entry
}

// InsertContacts stores new contacts, each followed by its entry, as
// InsertContact and AppendHistory would one by one, in a few statements
// per 64 contacts. It sets each contact's ID, CreatedAt (when zero) and
// UpdatedAt, and each entry's ID and ContactID. It does not look for
// duplicates: the caller has made sure that no contact has one of their
// emails or URLs (see ContactAddresses and ContactURLs) and that no two of
// list share one. A clash fails with SQLite's constraint error, leaving
// the rows before it written: tx must then be rolled back.
func (tx *Tx) InsertContacts(ctx context.Context, list []NewContact) error {
	if len(list) == 0 {
		return nil
	}
	var lastContact, lastEntry int64
	err := tx.q.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM contacts),
		(SELECT coalesce(max(id), 0) FROM history)`).Scan(&lastContact, &lastEntry)
	if err != nil {
		return fmt.Errorf("insert %d contacts: %w", len(list), err)
	}
	now := time.Now()
	// An import stamps every row with the same few times: format each once.
	var lastTime time.Time
	var lastText any
	stamp := func(t time.Time) any {
		if !t.Equal(lastTime) || lastText == nil {
			lastTime, lastText = t, timeText(t)
		}
		return lastText
	}
	var contacts, tags, timers, entries []any
	for i, n := range list {
		c, e := n.Contact, n.Added
		// The IDs SQLite would give, known before the insert so that
		// the entries, tags and timers can name them.
		c.ID, e.ID, e.ContactID = lastContact+int64(i)+1, lastEntry+int64(i)+1, lastContact+int64(i)+1
		if c.CreatedAt.IsZero() {
			c.CreatedAt = now
		}
		c.UpdatedAt = c.CreatedAt
		s := c.State
		m := s.Meeting
		if m == nil {
			m = &workflow.Meeting{}
		}
		created := stamp(c.CreatedAt)
		contacts = append(contacts, c.ID, c.Name, nullString(c.Email), c.Company, c.Role, c.Field, c.Source,
			nullString(c.URL), nullID(c.IntroducedBy), c.TimeZone, c.TimeZoneLearned, c.Notes,
			string(s.Status), string(s.PausedFrom), timeText(s.PausedAt), s.Nudges, timeText(m.Start),
			timeText(m.End), m.Place, m.UID, m.Sequence, timeText(s.ReturnDate), created, created,
			string(s.Tier), s.HeldBy, timeText(s.HeldAt))
		for kind, at := range s.Timers {
			timers = append(timers, c.ID, string(kind), timeText(at))
		}
		for _, tag := range NormalizeTags(c.Tags) {
			tags = append(tags, c.ID, tag)
		}
		entries = append(entries, e.ID, e.ContactID, stamp(e.At), e.Kind, string(e.From), string(e.To),
			e.Why, e.Detail, e.MessageID, e.Source)
	}
	for _, ins := range []struct {
		head  string
		width int
		args  []any
	}{
		{`INSERT OR FAIL INTO contacts (id, name, email, company, role, field, source, url, introduced_by,
			time_zone, time_zone_learned, notes, status, paused_from, paused_at, nudges, meeting_start,
			meeting_end, meeting_place, meeting_uid, meeting_seq, return_date, created_at, updated_at,
			keep_in_touch_tier, held_by, held_at) VALUES `, 27, contacts},
		{`INSERT OR FAIL INTO timers (contact_id, kind, due_at) VALUES `, 3, timers},
		{`INSERT OR FAIL INTO contact_tags (contact_id, tag) VALUES `, 2, tags},
		{`INSERT OR FAIL INTO history (id, contact_id, at, kind, from_status, to_status, why, detail,
			message_id, source) VALUES `, 10, entries},
	} {
		if err := tx.insertRows(ctx, ins.head, ins.width, ins.args); err != nil {
			return fmt.Errorf("insert %d contacts: %w", len(list), err)
		}
	}
	for _, n := range list {
		if err := tx.milestone(ctx, n.Added); err != nil {
			return err
		}
	}
	return nil
}

// insertRows runs head ("INSERT INTO t (a, b) VALUES ") for args, rows of
// width values each, bulkRows rows per statement. Full statements go
// through the cache of prepared statements; the last, shorter one runs
// unprepared, so that the cache keeps one statement per table.
func (tx *Tx) insertRows(ctx context.Context, head string, width int, args []any) error {
	row := "(?" + strings.Repeat(", ?", width-1) + ")"
	for len(args) > 0 {
		n := min(bulkRows, len(args)/width)
		query := head + row + strings.Repeat(", "+row, n-1)
		var err error
		if n == bulkRows {
			_, err = tx.q.ExecContext(ctx, query, args[:n*width]...)
		} else {
			_, err = tx.q.direct().ExecContext(ctx, query, args[:n*width]...)
		}
		if err != nil {
			return err
		}
		args = args[n*width:]
	}
	return nil
}

// WithImportTx is WithTx for an import of many rows (see InsertContacts):
// on a connection of its own, fn runs with foreign keys unchecked, and
// then every reference of the tables an import writes (contacts, their
// history, tags, timers and addresses) is checked at once: the
// transaction commits only when none is broken.
func (s *Store) WithImportTx(ctx context.Context, fn func(tx *Tx) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.explain(fmt.Errorf("begin transaction: %w", err))
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return s.explain(fmt.Errorf("begin transaction: %w", err))
	}
	defer func() {
		// Back to the pool checking foreign keys, as the others do, or
		// dropped.
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return s.run(ctx, conn.BeginTx, func(tx *Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return tx.checkReferences(ctx)
	})
}

// checkReferences returns an error naming a broken reference, if the
// tables an import writes have one.
func (tx *Tx) checkReferences(ctx context.Context) error {
	for _, table := range []string{"contacts", "history", "contact_tags", "timers", "contact_addresses"} {
		var child, parent string
		var rowid sql.NullInt64
		var fk int
		err := tx.q.direct().QueryRowContext(ctx, "PRAGMA foreign_key_check("+table+")").Scan(&child, &rowid, &parent, &fk)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("check references of %s: %w", table, err)
		default:
			return fmt.Errorf("row %d of %s names a %s that does not exist: nothing written", rowid.Int64, child, parent)
		}
	}
	return nil
}

// ContactURLs returns which of urls are a contact's profile URL, keyed by
// the URL as given. It answers for a whole batch in one query.
func (tx *Tx) ContactURLs(ctx context.Context, urls []string) (map[string]bool, error) {
	return tx.known(ctx, `SELECT url FROM contacts WHERE url IN (SELECT value FROM json_each(:list))`, urls)
}

// IntroducerLink says that contact By introduced contact ID.
type IntroducerLink struct{ ID, By int64 }

// LinkIntroducers records each introducer, as LinkIntroducer in package
// contacts does one by one, in list order: a contact that already names
// one keeps it, and no contact is its own introducer. The contacts it
// changes get UpdatedAt now. It returns how many changed.
func (tx *Tx) LinkIntroducers(ctx context.Context, list []IntroducerLink, now time.Time) (int64, error) {
	pairs := make([][2]int64, 0, len(list))
	seen := make(map[int64]bool, len(list))
	for _, l := range list {
		if !seen[l.ID] { // the first introduction of a contact wins
			seen[l.ID] = true
			pairs = append(pairs, [2]int64{l.ID, l.By})
		}
	}
	if len(pairs) == 0 {
		return 0, nil
	}
	js, err := json.Marshal(pairs)
	if err != nil {
		return 0, err
	}
	res, err := tx.q.ExecContext(ctx, `UPDATE contacts SET introduced_by = l.by, updated_at = :now
		FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS by
			FROM json_each(:list)) AS l
		WHERE contacts.id = l.id AND contacts.introduced_by IS NULL AND l.by != 0 AND l.by != contacts.id`,
		sql.Named("list", string(js)), sql.Named("now", timeText(now)))
	if err != nil {
		return 0, fmt.Errorf("link %d introducers: %w", len(list), err)
	}
	return res.RowsAffected()
}
