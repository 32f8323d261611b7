package contacts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/internal/textclean"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// OnExisting says what AddContact does when the person is already a
// contact.
type OnExisting int

const (
	// Refuse leaves the existing contact alone and returns a
	// *store.DuplicateError that names it.
	Refuse OnExisting = iota
	// Merge fills the existing contact's empty fields from the request
	// and adds its new tags and notes; it never overwrites what is there,
	// except the fields the request names in Replace.
	Merge
)

// AddRequest is what a caller knows of a person to add: the command
// line's flags, a row of an imported file, a mail command, a person in a
// forwarded introduction.
type AddRequest struct {
	// Contact holds the fields to store. Its Email (any of a contact's
	// addresses) and then its URL find the contact it already is; its ID
	// and State are ignored. IntroducedBy, when not 0, is the introducer's
	// ID; an introducer that does not exist is an error.
	Contact  store.Contact
	Existing OnExisting
	// Replace names the fields ("company", "role", "field", "time zone")
	// whose value in Contact is the owner's word: on a merge it replaces
	// what is stored instead of only filling a gap.
	Replace []string
	// Note, when not empty, is added as a dated note with its history
	// entry, to a new or an existing contact.
	Note string
	// Referral, when not empty and there is an introducer, is the verb of
	// the referral entry written in the introducer's history, new contact
	// or not: "introduced" writes "introduced Jane Doe".
	Referral string
	// Source and Why are written in the history: who did it
	// (store.SourceCLI …) and why ("added by hand").
	Source, Why string
}

// Added is what AddContact did.
type Added struct {
	Contact *store.Contact
	New     bool // a contact was added, rather than found
	// Changed lists the fields a merge filled or replaced, in a fixed
	// order ("company", "url", "notes", "tags", "introducer"); empty when
	// the existing contact was left as it was.
	Changed []string
	// Introducer is the contact that introduced them, as stored after the
	// referral entry; nil for none.
	Introducer *store.Contact
}

// AddContact adds the person req describes as a new contact in status
// new, or finds the contact they already are (by any of their addresses,
// then by profile URL) and, with Merge, completes it. Every change writes
// its history entry: "added", "edited" (the fields a merge changed),
// "note", and the introducer's referral. It works in the caller's
// transaction. With Refuse and an existing contact it returns the
// contact and a *store.DuplicateError, and writes nothing.
func (t *Tracker) AddContact(ctx context.Context, tx *store.Tx, req AddRequest, now time.Time) (*Added, error) {
	var by *store.Contact
	if id := req.Contact.IntroducedBy; id != 0 {
		var err error
		if by, err = tx.Contact(ctx, id); err != nil {
			return nil, fmt.Errorf("introducer: %w", err)
		}
	}
	existing, dup, err := findExisting(ctx, tx, &req.Contact)
	if err != nil {
		return nil, err
	}
	res := &Added{Contact: existing, Introducer: by}
	switch {
	case existing == nil:
		c := req.Contact
		c.ID, c.State = 0, workflow.State{}
		c.Tags = store.NormalizeTags(c.Tags)
		if err := t.Add(ctx, tx, &c, now, req.Source, req.Why); err != nil {
			return nil, err
		}
		res.Contact, res.New = &c, true
	case req.Existing == Refuse:
		return res, dup
	default:
		res.Changed = merge(existing, &req.Contact, req.Replace)
		if len(res.Changed) > 0 {
			if err := tx.UpdateContact(ctx, existing, now); err != nil {
				return nil, err
			}
			err := tx.AppendHistory(ctx, &store.Entry{ContactID: existing.ID, At: now, Kind: store.EntryEdited,
				From: existing.State.Status, To: existing.State.Status, Why: req.Why,
				Detail: "filled " + strings.Join(res.Changed, ", "), Source: req.Source})
			if err != nil {
				return nil, err
			}
		}
	}
	if req.Note != "" {
		if err := t.Note(ctx, tx, res.Contact, req.Note, now, req.Source); err != nil {
			return nil, err
		}
	}
	if by != nil && req.Referral != "" && by.ID != res.Contact.ID {
		ref := workflow.Event{Kind: workflow.EventReferralAdded, Referral: res.Contact.ID,
			Why: req.Referral + " " + shortName(res.Contact.Name)}
		if _, err := t.Apply(ctx, tx, by, ref, now, req.Source); err != nil {
			// The workflow records a referral in every status; a refusal
			// would only mean there is nothing to record.
			var refused *workflow.TransitionError
			if !errors.As(err, &refused) {
				return nil, err
			}
		}
	}
	return res, nil
}

// LinkIntroducer records by as the contact who introduced c, unless c
// already names one (the first introduction is kept) or by is c. It
// reports whether c changed, and saves it when it did.
func LinkIntroducer(ctx context.Context, tx *store.Tx, c *store.Contact, by int64, now time.Time) (bool, error) {
	if !linkIntroducer(c, by) {
		return false, nil
	}
	return true, tx.UpdateContact(ctx, c, now)
}

func linkIntroducer(c *store.Contact, by int64) bool {
	if c.IntroducedBy != 0 || by == 0 || by == c.ID {
		return false
	}
	c.IntroducedBy = by
	return true
}

// findExisting returns the contact that has one of c's addresses, else
// its URL, with the duplicate error a refusal reports; nil when there is
// none.
func findExisting(ctx context.Context, tx *store.Tx, c *store.Contact) (*store.Contact, *store.DuplicateError, error) {
	for _, key := range []struct {
		field, value string
		find         func(context.Context, string) (*store.Contact, error)
	}{{"email", c.Email, tx.ContactByEmail}, {"url", c.URL, tx.ContactByURL}} {
		if key.value == "" {
			continue
		}
		found, err := key.find(ctx, key.value)
		switch {
		case err == nil:
			return found, &store.DuplicateError{Field: key.field, Value: key.value, Existing: found.ID}, nil
		case !errors.Is(err, store.ErrNotFound):
			return nil, nil, err
		}
	}
	return nil, nil, nil
}

// merge completes c with what the request knows and returns the names of
// the fields it changed. Empty fields are filled; a field named in
// replace takes the request's value when it has one (a time zone so set
// is the owner's, never replaced by a guess); notes the contact lacks are
// appended and tags added. The name is the owner's and is never changed.
func merge(c, from *store.Contact, replace []string) []string {
	var changed []string
	put := func(name string, dst *string, v string) bool {
		if v == "" || *dst == v || (*dst != "" && !slices.Contains(replace, name)) {
			return false
		}
		*dst = v
		changed = append(changed, name)
		return true
	}
	put("email", &c.Email, from.Email)
	put("company", &c.Company, from.Company)
	put("role", &c.Role, from.Role)
	put("field", &c.Field, from.Field)
	put("source", &c.Source, from.Source)
	put("url", &c.URL, from.URL)
	if put("time zone", &c.TimeZone, from.TimeZone) {
		c.TimeZoneLearned = false
	}
	if from.Notes != "" && !strings.Contains(c.Notes, from.Notes) {
		c.Notes = strings.TrimSpace(c.Notes + "\n" + from.Notes)
		changed = append(changed, "notes")
	}
	if tags := store.NormalizeTags(append(slices.Clone(c.Tags), from.Tags...)); len(tags) != len(c.Tags) {
		c.Tags = tags
		changed = append(changed, "tags")
	}
	if linkIntroducer(c, from.IntroducedBy) {
		changed = append(changed, "introducer")
	}
	return changed
}

// shortName is a contact's name on one line, cut to 80 runes, for a
// history entry's why.
func shortName(s string) string {
	s = textclean.OneLine(s)
	if r := []rune(s); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}
