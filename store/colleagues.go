package store

import (
	"context"
	"database/sql"
	"strings"
)

// ContactsAt returns, in #ID order, the contacts whose address is at
// domain or one of its subdomains, or whose company starts with company
// (ASCII letters compared without case): the candidates among which the
// caller picks the colleagues of someone, by its own finer rule. An
// empty domain or company matches nobody by that side; company should be
// the ASCII start of a name, since SQLite folds the case of ASCII letters
// only, and "" with anyCompany set matches every contact with a company.
// The match is a scan of the contacts table in SQLite, without decoding
// the rows that do not match.
func (tx *Tx) ContactsAt(ctx context.Context, domain, company string, anyCompany bool) ([]Contact, error) {
	var where []string
	var args []any
	if domain != "" {
		where = append(where, `email LIKE :at ESCAPE '\' OR email LIKE :sub ESCAPE '\'`)
		d := likeEscape(domain)
		args = append(args, sql.Named("at", "%@"+d), sql.Named("sub", "%@%."+d))
	}
	switch {
	case company != "":
		where = append(where, `company LIKE :company ESCAPE '\'`)
		args = append(args, sql.Named("company", likeEscape(company)+"%"))
	case anyCompany:
		where = append(where, `company != ''`)
	}
	if len(where) == 0 {
		return nil, nil
	}
	return tx.queryContacts(ctx, `WHERE `+strings.Join(where, " OR ")+` ORDER BY id`, args...)
}

// ContactsHeldBy returns the contacts held because contact id answered
// (workflow.State.HeldBy), by #ID.
func (tx *Tx) ContactsHeldBy(ctx context.Context, id int64) ([]Contact, error) {
	// "held_by != 0" lets SQLite use the partial index contacts_held_by.
	return tx.queryContacts(ctx, `WHERE held_by = :id AND held_by != 0 ORDER BY id`, sql.Named("id", id))
}

// likeEscape escapes the wildcards of a LIKE pattern, with \ as escape.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// HeldContacts returns every contact held because a colleague answered
// (workflow.State.HeldBy), the longest held first.
func (tx *Tx) HeldContacts(ctx context.Context) ([]Contact, error) {
	return tx.queryContacts(ctx, `WHERE held_by != 0 ORDER BY held_at, id`)
}
