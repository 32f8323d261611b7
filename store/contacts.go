package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/workflow"
)

// Contact is a person the owner wants to learn from, with their workflow
// state (including pending timers).
type Contact struct {
	ID           int64
	Name         string
	Email        string // "" while unknown; unique, compared case-insensitively
	Company      string
	Role         string
	Field        string // the occupation or industry the owner is exploring
	Source       string // how the owner found them
	URL          string // a profile page; unique when set
	IntroducedBy int64  // the contact who introduced them; 0 for none
	TimeZone     string // an IANA zone name, "" when unknown
	Notes        string
	Tags         []string
	State        workflow.State
	CreatedAt    time.Time
	UpdatedAt    time.Time

	// TimeZoneLearned is set when rapport guessed TimeZone from the
	// contact's mail, and clear when the owner set it or it is unknown: a
	// zone the owner set is never replaced by a guess.
	TimeZoneLearned bool
}

// DuplicateError reports a contact whose email or URL another contact
// already has.
type DuplicateError struct {
	Field    string // "email" or "url"
	Value    string
	Existing int64 // the contact that has it
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("%s %s already belongs to contact #%d", e.Field, e.Value, e.Existing)
}

const contactColumns = `id, name, email, company, role, field, source, url, introduced_by,
	time_zone, time_zone_learned, notes, status, paused_from, paused_at, nudges, meeting_start,
	meeting_end, meeting_place, meeting_uid, meeting_seq, return_date, created_at, updated_at,
	keep_in_touch_tier, held_by, held_at`

// InsertContact stores a new contact and sets c.ID. A contact with the
// same email or URL as another returns a *DuplicateError.
func (tx *Tx) InsertContact(ctx context.Context, c *Contact) error {
	if err := tx.checkUnique(ctx, c); err != nil {
		return err
	}
	now := time.Now()
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	c.UpdatedAt = c.CreatedAt
	res, err := tx.q.ExecContext(ctx, `INSERT INTO contacts (name, email, company, role, field,
		source, url, introduced_by, time_zone, time_zone_learned, notes, status, created_at, updated_at)
		VALUES (:name, :email, :company, :role, :field, :source, :url, :introduced_by,
		:time_zone, :time_zone_learned, :notes, :status, :created_at, :created_at)`,
		sql.Named("name", c.Name), sql.Named("email", nullString(c.Email)),
		sql.Named("company", c.Company), sql.Named("role", c.Role), sql.Named("field", c.Field),
		sql.Named("source", c.Source), sql.Named("url", nullString(c.URL)),
		sql.Named("introduced_by", nullID(c.IntroducedBy)), sql.Named("time_zone", c.TimeZone),
		sql.Named("time_zone_learned", c.TimeZoneLearned),
		sql.Named("notes", c.Notes), sql.Named("status", string(c.State.Status)),
		sql.Named("created_at", timeText(c.CreatedAt)))
	if err != nil {
		return fmt.Errorf("insert contact %q: %w", c.Name, err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("insert contact %q: %w", c.Name, err)
	}
	return tx.saveState(ctx, c)
}

// UpdateContact writes every field of c, its state and its pending
// timers, and sets c.UpdatedAt to now, read from the caller's clock.
func (tx *Tx) UpdateContact(ctx context.Context, c *Contact, now time.Time) error {
	if err := tx.checkUnique(ctx, c); err != nil {
		return err
	}
	c.UpdatedAt = now
	res, err := tx.q.ExecContext(ctx, `UPDATE contacts SET name = :name, email = :email,
		company = :company, role = :role, field = :field, source = :source, url = :url,
		introduced_by = :introduced_by, time_zone = :time_zone,
		time_zone_learned = :time_zone_learned, notes = :notes,
		updated_at = :updated_at WHERE id = :id`,
		sql.Named("id", c.ID), sql.Named("name", c.Name), sql.Named("email", nullString(c.Email)),
		sql.Named("company", c.Company), sql.Named("role", c.Role), sql.Named("field", c.Field),
		sql.Named("source", c.Source), sql.Named("url", nullString(c.URL)),
		sql.Named("introduced_by", nullID(c.IntroducedBy)), sql.Named("time_zone", c.TimeZone),
		sql.Named("time_zone_learned", c.TimeZoneLearned),
		sql.Named("notes", c.Notes), sql.Named("updated_at", timeText(c.UpdatedAt)))
	if err != nil {
		return fmt.Errorf("update contact #%d: %w", c.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("update contact #%d: %w", c.ID, ErrNotFound)
	}
	// An other address that became the one rapport writes to is listed
	// once, as that.
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM contact_addresses WHERE contact_id = :id AND address = :email`,
		sql.Named("id", c.ID), sql.Named("email", c.Email)); err != nil {
		return fmt.Errorf("update contact #%d: %w", c.ID, err)
	}
	return tx.saveState(ctx, c)
}

// saveState writes the workflow state, the timers and the tags of c.
func (tx *Tx) saveState(ctx context.Context, c *Contact) error {
	s := c.State
	m := s.Meeting
	if m == nil {
		m = &workflow.Meeting{}
	}
	_, err := tx.q.ExecContext(ctx, `UPDATE contacts SET status = :status,
		paused_from = :paused_from, paused_at = :paused_at, nudges = :nudges,
		meeting_start = :meeting_start, meeting_end = :meeting_end, meeting_place = :meeting_place,
		meeting_uid = :meeting_uid, meeting_seq = :meeting_seq, return_date = :return_date,
		keep_in_touch_tier = :tier, held_by = :held_by, held_at = :held_at WHERE id = :id`,
		sql.Named("id", c.ID), sql.Named("status", string(s.Status)),
		sql.Named("paused_from", string(s.PausedFrom)), sql.Named("paused_at", timeText(s.PausedAt)),
		sql.Named("nudges", s.Nudges), sql.Named("meeting_start", timeText(m.Start)),
		sql.Named("meeting_end", timeText(m.End)), sql.Named("meeting_place", m.Place),
		sql.Named("meeting_uid", m.UID), sql.Named("meeting_seq", m.Sequence),
		sql.Named("return_date", timeText(s.ReturnDate)), sql.Named("tier", string(s.Tier)),
		sql.Named("held_by", s.HeldBy), sql.Named("held_at", timeText(s.HeldAt)))
	if err != nil {
		return fmt.Errorf("save state of contact #%d: %w", c.ID, err)
	}
	if err := tx.saveTimers(ctx, c.ID, s.Timers); err != nil {
		return err
	}
	return tx.saveTags(ctx, c.ID, c.Tags)
}

// checkUnique turns a clash on email or URL into a DuplicateError that
// names the other contact, before SQLite's bare constraint error can.
func (tx *Tx) checkUnique(ctx context.Context, c *Contact) error {
	for _, f := range []struct{ name, value string }{{"email", c.Email}, {"url", c.URL}} {
		if f.value == "" {
			continue
		}
		query := `SELECT id FROM contacts WHERE ` + f.name + ` = :v AND id != :id`
		if f.name == "email" {
			// Another contact's other address is theirs as much.
			query += ` UNION ALL SELECT contact_id FROM contact_addresses WHERE address = :v AND contact_id != :id`
		}
		var id int64
		err := tx.q.QueryRowContext(ctx, query, sql.Named("v", f.value), sql.Named("id", c.ID)).Scan(&id)
		switch {
		case err == nil:
			return &DuplicateError{Field: f.name, Value: f.value, Existing: id}
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("check %s %s: %w", f.name, f.value, err)
		}
	}
	return nil
}

// Contact returns the contact with that ID, or an error wrapping
// ErrNotFound.
func (tx *Tx) Contact(ctx context.Context, id int64) (*Contact, error) {
	list, err := tx.queryContacts(ctx, `WHERE id = :id`, sql.Named("id", id))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("contact #%d: %w", id, ErrNotFound)
	}
	return &list[0], nil
}

// byAddress is the ID of the contact with the address :email, the one
// rapport writes to or another of theirs (see AddAddress), ASCII letters
// compared without regard to case (SQLite's NOCASE folds ASCII only, so a
// look-alike such as the Kelvin sign never matches); NULL for none.
const byAddress = `coalesce((SELECT id FROM contacts WHERE email = :email),
	(SELECT contact_id FROM contact_addresses WHERE address = :email))`

// ContactByEmail returns the contact with that address, the one rapport
// writes to or another of theirs (compared case-insensitively), or an
// error wrapping ErrNotFound.
func (tx *Tx) ContactByEmail(ctx context.Context, email string) (*Contact, error) {
	list, err := tx.queryContacts(ctx, `WHERE id = `+byAddress, sql.Named("email", strings.TrimSpace(email)))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("contact <%s>: %w", email, ErrNotFound)
	}
	return &list[0], nil
}

// ContactIDByEmail returns the ID of the contact with that address, the
// one rapport writes to or another of theirs (compared
// case-insensitively), or 0 when there is none. It is the cheap
// question asked of every incoming message.
func (tx *Tx) ContactIDByEmail(ctx context.Context, email string) (int64, error) {
	var id sql.NullInt64
	err := tx.q.QueryRowContext(ctx, `SELECT `+byAddress,
		sql.Named("email", strings.TrimSpace(email))).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("look up contact <%s>: %w", email, err)
	}
	return id.Int64, nil
}

// ContactAddresses returns which of addrs belong to a contact (as the
// address rapport writes to or another of theirs), keyed by the address
// as given. It answers for a whole batch of incoming mail in
// one query.
func (tx *Tx) ContactAddresses(ctx context.Context, addrs []string) (map[string]bool, error) {
	found, err := tx.known(ctx, `SELECT email FROM contacts
		WHERE email IN (SELECT value FROM json_each(:list))
		UNION ALL SELECT address FROM contact_addresses
		WHERE address IN (SELECT value FROM json_each(:list))`, addrs)
	if err != nil {
		return nil, err
	}
	// The column compares without ASCII case (NOCASE): map back to the
	// spelling asked with the same folding, so that a look-alike asked in
	// the same batch (the Kelvin sign for K) is not taken for the contact.
	lower := make(map[string]bool, len(found))
	for f := range found {
		lower[ascii.Lower(f)] = true
	}
	out := make(map[string]bool, len(found))
	for _, a := range addrs {
		if lower[ascii.Lower(a)] {
			out[a] = true
		}
	}
	return out, nil
}

// known runs query, which selects one text column from the values of the
// JSON array :list, and returns the values found.
func (tx *Tx) known(ctx context.Context, query string, list []string) (map[string]bool, error) {
	found := map[string]bool{}
	if len(list) == 0 {
		return found, nil
	}
	js, err := json.Marshal(list)
	if err != nil {
		return nil, err
	}
	rows, err := tx.q.QueryContext(ctx, query, sql.Named("list", string(js)))
	if err != nil {
		return nil, fmt.Errorf("look up %d values: %w", len(list), err)
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("look up %d values: %w", len(list), err)
		}
		found[v] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("look up %d values: %w", len(list), err)
	}
	return found, nil
}

// ContactByURL returns the contact with that profile URL, or an error
// wrapping ErrNotFound.
func (tx *Tx) ContactByURL(ctx context.Context, u string) (*Contact, error) {
	list, err := tx.queryContacts(ctx, `WHERE url = :url`, sql.Named("url", u))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("contact %s: %w", u, ErrNotFound)
	}
	return &list[0], nil
}

// FindContacts resolves what a person types to name a contact: "#12" or
// "12" (an ID), an email address (exact, case-insensitive), or a fragment
// of a name, email or company (case-insensitive). It returns every match,
// ordered by ID; none is not an error.
func (tx *Tx) FindContacts(ctx context.Context, who string) ([]Contact, error) {
	who = strings.TrimSpace(who)
	if who == "" {
		return nil, nil
	}
	if id, err := strconv.ParseInt(strings.TrimPrefix(who, "#"), 10, 64); err == nil {
		c, err := tx.Contact(ctx, id)
		if errors.Is(err, ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return []Contact{*c}, nil
	}
	if strings.Contains(who, "@") {
		if c, err := tx.ContactByEmail(ctx, who); err == nil {
			return []Contact{*c}, nil
		}
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(who) + "%"
	return tx.queryContacts(ctx, `WHERE name LIKE :like ESCAPE '\' OR email LIKE :like ESCAPE '\'
		OR company LIKE :like ESCAPE '\' ORDER BY id`, sql.Named("like", like))
}

// ListOptions filters, orders and limits ListContacts and EachContact;
// zero fields do not filter.
type ListOptions struct {
	Status workflow.Status
	Stage  workflow.Stage
	Tag    string
	Order  ListOrder
	Limit  int // at most this many contacts; 0 for all
}

// ListContacts returns the contacts that match opts, in opts.Order (by
// ID unless set). It holds them all: EachContact streams them.
func (tx *Tx) ListContacts(ctx context.Context, opts ListOptions) ([]Contact, error) {
	var list []Contact
	err := tx.EachContact(ctx, opts, func(c *Contact) error {
		list = append(list, *c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// CountContacts returns how many contacts there are.
func (tx *Tx) CountContacts(ctx context.Context) (int, error) {
	var n int
	if err := tx.q.QueryRowContext(ctx, `SELECT count(*) FROM contacts`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count contacts: %w", err)
	}
	return n, nil
}

func (tx *Tx) queryContacts(ctx context.Context, clause string, args ...any) ([]Contact, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT `+contactColumns+` FROM contacts `+clause, args...)
	if err != nil {
		return nil, fmt.Errorf("query contacts: %w", err)
	}
	defer rows.Close()
	var list []Contact
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query contacts: %w", err)
	}
	if err := tx.loadTimersAndTags(ctx, list); err != nil {
		return nil, err
	}
	return list, nil
}

func scanContact(rows *sql.Rows) (Contact, error) {
	var (
		c                                           Contact
		email, url                                  sql.NullString
		introducedBy                                sql.NullInt64
		status, pausedFrom, tier                    string
		pausedAt, mStart, mEnd, returnDate, created sql.NullString
		updated, heldAt                             sql.NullString
		m                                           workflow.Meeting
	)
	err := rows.Scan(&c.ID, &c.Name, &email, &c.Company, &c.Role, &c.Field, &c.Source, &url,
		&introducedBy, &c.TimeZone, &c.TimeZoneLearned, &c.Notes, &status, &pausedFrom, &pausedAt, &c.State.Nudges,
		&mStart, &mEnd, &m.Place, &m.UID, &m.Sequence, &returnDate, &created, &updated, &tier,
		&c.State.HeldBy, &heldAt)
	if err != nil {
		return c, fmt.Errorf("read contact: %w", err)
	}
	c.Email, c.URL, c.IntroducedBy = email.String, url.String, introducedBy.Int64
	c.State.Status, c.State.PausedFrom = workflow.Status(status), workflow.Status(pausedFrom)
	c.State.Tier = workflow.Tier(tier)
	for _, f := range []struct {
		dst *time.Time
		src sql.NullString
	}{{&c.State.PausedAt, pausedAt}, {&m.Start, mStart}, {&m.End, mEnd},
		{&c.State.ReturnDate, returnDate}, {&c.CreatedAt, created}, {&c.UpdatedAt, updated},
		{&c.State.HeldAt, heldAt}} {
		if *f.dst, err = parseTime(f.src); err != nil {
			return c, fmt.Errorf("read contact #%d: %w", c.ID, err)
		}
	}
	if !m.Start.IsZero() {
		c.State.Meeting = &m
	}
	return c, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// ContactsIntroducedBy returns the contacts that id introduced: the next
// links of the referral chain, ordered by ID.
func (tx *Tx) ContactsIntroducedBy(ctx context.Context, id int64) ([]Contact, error) {
	return tx.queryContacts(ctx, `WHERE introduced_by = :id ORDER BY id`, sql.Named("id", id))
}
