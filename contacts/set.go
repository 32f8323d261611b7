package contacts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/internal/typo"
	mailcmd "github.com/rapport-mail/rapport/mail/command"
	"github.com/rapport-mail/rapport/store"
)

// SetFields are the fields Set changes, as the owner types them, in the
// order a usage message lists them.
var SetFields = []string{"company", "role", "field", "source", "url", "tz", "name"}

// FieldError reports a field Set does not know; Suggest is the known
// field nearest to it, "" when none is near.
type FieldError struct {
	Field, Suggest string
}

func (e *FieldError) Error() string {
	msg := fmt.Sprintf("%q is not a field to set; use %s", short(e.Field, 40), strings.Join(SetFields, ", "))
	if e.Suggest != "" {
		msg = fmt.Sprintf("%q is not a field to set (did you mean %s?); use %s", short(e.Field, 40), e.Suggest, strings.Join(SetFields, ", "))
	}
	return msg
}

// SetField returns the field of SetFields that name is, in any case, or
// a *FieldError with the nearest one.
func SetField(name string) (string, error) {
	lower := strings.ToLower(strings.TrimSpace(name))
	best, bestD := "", 3 // further than two edits away is a different word
	for _, f := range SetFields {
		if lower == f {
			return f, nil
		}
		if d := typo.Distance(lower, f); d < bestD && d < len(lower) {
			best, bestD = f, d
		}
	}
	if lower == "timezone" || lower == "time zone" || lower == "zone" {
		return "tz", nil
	}
	return "", &FieldError{Field: name, Suggest: best}
}

// FieldLabel is how a field of SetFields is named in the history and to
// the owner: "time zone" for tz.
func FieldLabel(field string) string {
	if field == "tz" {
		return "time zone"
	}
	return field
}

// FieldValue is a field's value as a history entry or the command line
// shows it: on one line and cut short, an empty one as "(none)".
func FieldValue(s string) string {
	if s == "" {
		return "(none)"
	}
	return short(s, 60)
}

// SetChange words a change of one field for a history entry: "company:
// Acme → Acme Robotics".
func SetChange(field, from, to string) string {
	return FieldLabel(field) + ": " + FieldValue(from) + " → " + FieldValue(to)
}

// Set replaces one field of c (one of SetFields) by value, the owner's
// word: in tx, with tx.UpdateContact and an "edited" history entry that
// says what it was and what it is. An empty value clears the field,
// except the name, which a contact must have. A time zone is checked and
// spelled as mail/command.LoadZone reads it, and counts as the owner's:
// rapport no longer guesses it from their mail. A URL another contact
// has is refused with that *store.DuplicateError. Setting what the field
// already holds changes nothing and reports false. On an error c is as
// it was.
func (t *Tracker) Set(ctx context.Context, tx *store.Tx, c *store.Contact, field, value string, now time.Time, source string) (changed bool, err error) {
	field, err = SetField(field)
	if err != nil {
		return false, err
	}
	value = strings.TrimSpace(value)
	if strings.ContainsAny(value, "\r\n") {
		return false, fmt.Errorf("%s: give the value on one line", FieldLabel(field))
	}
	before := *c
	dst := fieldOf(c, field)
	switch field {
	case "tz":
		if value != "" {
			loc, err := mailcmd.LoadZone(value)
			if err != nil {
				return false, err
			}
			value = loc.String()
		}
	case "name":
		// As add reads --name: one space between words.
		if value = strings.Join(strings.Fields(value), " "); value == "" {
			return false, errors.New("a contact's name cannot be empty")
		}
	}
	old := *dst
	// A learned zone set by hand to itself still changes something: it
	// becomes the owner's, and rapport stops guessing it.
	learned := field == "tz" && c.TimeZoneLearned && value != ""
	if old == value && !learned {
		return false, nil
	}
	*dst = value
	if field == "tz" {
		c.TimeZoneLearned = false
	}
	if err := tx.UpdateContact(ctx, c, now); err != nil {
		*c = before
		return false, err
	}
	if learned {
		old += " (learned)"
	}
	err = tx.AppendHistory(ctx, &store.Entry{ContactID: c.ID, At: now, Kind: store.EntryEdited,
		From: c.State.Status, To: c.State.Status, Why: "set by hand",
		Detail: SetChange(field, old, value), Source: source})
	if err != nil {
		*c = before
		return false, err
	}
	return true, nil
}

// FieldOf is the value c holds in field, one of SetFields; "" for
// another name.
func FieldOf(c *store.Contact, field string) string {
	if p := fieldOf(c, field); p != nil {
		return *p
	}
	return ""
}

func fieldOf(c *store.Contact, field string) *string {
	switch field {
	case "company":
		return &c.Company
	case "role":
		return &c.Role
	case "field":
		return &c.Field
	case "source":
		return &c.Source
	case "url":
		return &c.URL
	case "tz":
		return &c.TimeZone
	case "name":
		return &c.Name
	}
	return nil
}
