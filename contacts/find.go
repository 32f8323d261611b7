package contacts

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/rapport-mail/rapport/store"
)

// FindError says why what a person typed names no single contact: none
// matches (Matches is empty), or several do.
type FindError struct {
	Query string
	// ByID is set when Query is a contact's number ("#12" or "12").
	ByID    bool
	Matches []store.Contact // ordered by ID
}

func (e *FindError) Error() string {
	switch {
	case len(e.Matches) > 1:
		return fmt.Sprintf("%q matches %d contacts", e.Query, len(e.Matches))
	case e.ByID:
		return fmt.Sprintf("there is no contact %s", e.Query)
	}
	return fmt.Sprintf("no contact matches %q", e.Query)
}

// Find finds exactly one contact from what a person typed, on the command
// line or in a mail command: "#12" or "12", an email address (any of the
// contact's), or a fragment of a name, email or company (see
// store.Tx.FindContacts). When none or several match it returns a
// *FindError, which each front-end words in its own way.
func Find(ctx context.Context, tx *store.Tx, who string) (*store.Contact, error) {
	who = strings.TrimSpace(who)
	list, err := tx.FindContacts(ctx, who)
	if err != nil {
		return nil, err
	}
	if len(list) == 1 {
		return &list[0], nil
	}
	_, idErr := strconv.ParseInt(strings.TrimPrefix(who, "#"), 10, 64)
	return nil, &FindError{Query: who, ByID: idErr == nil, Matches: list}
}
