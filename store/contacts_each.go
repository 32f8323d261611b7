package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/rapport-mail/rapport/workflow"
)

// ListOrder is the order in which EachContact and ListContacts return
// contacts. Ties keep #ID order.
type ListOrder int

const (
	ByID     ListOrder = iota // by #ID, the default
	ByName                    // by FoldName of the name
	ByStatus                  // by the status's place in workflow.Statuses
	ByAdded                   // newest first
)

// eachChunk is how many contacts EachContact reads before it loads their
// timers and tags (one query each) and hands them over: memory stays a
// few hundred contacts whatever the size of the database.
const eachChunk = 256

// contactsRead counts the contact rows eachContact has read, so that a
// test can tell a limit SQLite applied from one applied after reading.
var contactsRead atomic.Int64

// EachContact calls fn with each contact that matches opts, in
// opts.Order, at most opts.Limit of them (all when 0), and stops at fn's
// first error, which it returns. It never holds more than a few hundred
// contacts: they are read in chunks, each chunk's timers and tags loaded
// in one query each. fn may keep c and may run other queries on tx, but
// should not change contacts: the query is still reading them.
//
// On a Tx from [Store.Read] each query may see a different state of the
// database; use [Store.WithReadTx] to read one snapshot.
func (tx *Tx) EachContact(ctx context.Context, opts ListOptions, fn func(c *Contact) error) error {
	query, args, err := listQuery(opts, contactColumns)
	if err != nil {
		return err
	}
	return tx.eachContact(ctx, query, args, fn)
}

// listQuery selects columns of the contacts opts selects, in its order
// and within its limit.
func listQuery(opts ListOptions, columns string) (string, []any, error) {
	where, args := listWhere(opts)
	order, err := orderBy(opts.Order)
	if err != nil {
		return "", nil, err
	}
	query := `SELECT ` + columns + ` FROM contacts ` + where + ` ` + order
	if opts.Limit > 0 {
		query += ` LIMIT ` + strconv.Itoa(opts.Limit)
	}
	return query, args, nil
}

// eachContact runs query, which selects contactColumns, and calls fn with
// each contact, chunk by chunk.
func (tx *Tx) eachContact(ctx context.Context, query string, args []any, fn func(c *Contact) error) error {
	return tx.eachChunk(ctx, query, args, func(chunk []Contact) error {
		for i := range chunk {
			if err := fn(&chunk[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// eachChunk runs query, which selects contactColumns, and calls fn with
// the contacts eachChunk at a time, their timers and tags loaded. Each
// call has an array of its own: fn may keep the contacts.
func (tx *Tx) eachChunk(ctx context.Context, query string, args []any, fn func(chunk []Contact) error) error {
	rows, err := tx.q.direct().QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("query contacts: %w", err)
	}
	defer rows.Close()
	chunk := make([]Contact, 0, eachChunk)
	flush := func() error {
		if err := tx.loadTimersAndTags(ctx, chunk); err != nil {
			return err
		}
		if err := fn(chunk); err != nil {
			return err
		}
		chunk = make([]Contact, 0, eachChunk)
		return nil
	}
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return err
		}
		contactsRead.Add(1)
		if chunk = append(chunk, c); len(chunk) == eachChunk {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query contacts: %w", err)
	}
	if len(chunk) == 0 {
		return nil
	}
	return flush()
}

// EachContactWithHistory is EachContact, handing fn each contact's
// history too (oldest first, as History returns it), read with one query
// per chunk of contacts.
func (tx *Tx) EachContactWithHistory(ctx context.Context, opts ListOptions, fn func(c *Contact, history []Entry) error) error {
	query, args, err := listQuery(opts, contactColumns)
	if err != nil {
		return err
	}
	return tx.eachChunk(ctx, query, args, func(chunk []Contact) error {
		in, ids := idList(chunk)
		rows, err := tx.q.QueryContext(ctx, `SELECT `+entryColumns+` FROM history WHERE contact_id IN (`+in+`) ORDER BY contact_id, id`, ids...)
		if err != nil {
			return fmt.Errorf("history of %d contacts: %w", len(chunk), err)
		}
		entries, err := scanEntries(rows)
		if err != nil {
			return fmt.Errorf("history of %d contacts: %w", len(chunk), err)
		}
		byID := make(map[int64][]Entry, len(chunk))
		for _, e := range entries {
			byID[e.ContactID] = append(byID[e.ContactID], e)
		}
		for i := range chunk {
			if err := fn(&chunk[i], byID[chunk[i].ID]); err != nil {
				return err
			}
		}
		return nil
	})
}

// EachContactOf calls fn with the contacts whose IDs are ids, in the
// order of ids, reading them a chunk at a time; an ID with no contact is
// skipped. It stops at fn's first error, which it returns.
func (tx *Tx) EachContactOf(ctx context.Context, ids []int64, fn func(c *Contact) error) error {
	for len(ids) > 0 {
		part := ids[:min(eachChunk, len(ids))]
		ids = ids[len(part):]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		in := strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")
		byID := make(map[int64]*Contact, len(part))
		err := tx.eachContact(ctx, `SELECT `+contactColumns+` FROM contacts WHERE id IN (`+in+`)`, args,
			func(c *Contact) error { byID[c.ID] = c; return nil })
		if err != nil {
			return err
		}
		for _, id := range part {
			if c, ok := byID[id]; ok {
				if err := fn(c); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// ContactHead is what a table of contacts shows of each: enough to size
// its columns before reading the contacts themselves.
type ContactHead struct {
	ID            int64
	Name, Company string
	Status        workflow.Status
}

// EachContactHead is EachContact reading only each contact's ContactHead:
// no timers, no tags, one query.
func (tx *Tx) EachContactHead(ctx context.Context, opts ListOptions, fn func(h ContactHead) error) error {
	query, args, err := listQuery(opts, `id, name, company, status`)
	if err != nil {
		return err
	}
	rows, err := tx.q.direct().QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("query contacts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h ContactHead
		var status string
		if err := rows.Scan(&h.ID, &h.Name, &h.Company, &status); err != nil {
			return fmt.Errorf("read contact: %w", err)
		}
		h.Status = workflow.Status(status)
		if err := fn(h); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query contacts: %w", err)
	}
	return nil
}

// CountMatching returns how many contacts match opts (its Order and
// Limit aside).
func (tx *Tx) CountMatching(ctx context.Context, opts ListOptions) (int, error) {
	where, args := listWhere(opts)
	var n int
	if err := tx.q.direct().QueryRowContext(ctx, `SELECT count(*) FROM contacts `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count contacts: %w", err)
	}
	return n, nil
}

// IntroducerEmails returns the address of every contact who introduced
// another, by ID ("" for one without an address): what an export names
// introducers by, without holding every contact.
func (tx *Tx) IntroducerEmails(ctx context.Context) (map[int64]string, error) {
	rows, err := tx.q.direct().QueryContext(ctx, `SELECT id, coalesce(email, '') FROM contacts
		WHERE id IN (SELECT introduced_by FROM contacts WHERE introduced_by IS NOT NULL)`)
	if err != nil {
		return nil, fmt.Errorf("look up introducers: %w", err)
	}
	out := map[int64]string{}
	err = scanEach(rows, func() error {
		var id int64
		var email string
		if err := rows.Scan(&id, &email); err != nil {
			return err
		}
		out[id] = email
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("look up introducers: %w", err)
	}
	return out, nil
}
