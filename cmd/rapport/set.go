package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rapport-mail/rapport/contacts"
	mailcmd "github.com/rapport-mail/rapport/mail/command"
	"github.com/rapport-mail/rapport/store"

	"github.com/spf13/cobra"
)

// runSet changes one field of a stored contact (contacts.Tracker.Set):
// "rapport set 12 company Acme Robotics". The words after the field are
// its value; "" clears it.
func runSet(ctx context.Context, a *app, rest []string) error {
	if len(rest) < 3 {
		return usagef(`give a contact, a field (%s) and its value ("" clears it)`, strings.Join(contacts.SetFields, ", "))
	}
	field, err := contacts.SetField(rest[1])
	if err != nil {
		return usagef("%v", err)
	}
	value := strings.TrimSpace(strings.Join(rest[2:], " "))
	// Checked before the database is opened, as add checks its flags: a
	// slip is a usage mistake, not a failure.
	switch {
	case field == "name" && value == "":
		return usagef("a contact's name cannot be empty")
	case field == "tz" && value != "":
		if _, err := mailcmd.LoadZone(value); err != nil {
			return usagef("%v", err)
		}
	}

	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	var c *store.Contact
	var old string
	changed := false
	err = s.store.WithTx(ctx, func(tx *store.Tx) error {
		if c, err = resolve(ctx, tx, rest[0]); err != nil {
			return err
		}
		old = contacts.FieldOf(c, field)
		changed, err = s.track.Set(ctx, tx, c, field, value, a.now(), store.SourceCLI)
		var dup *store.DuplicateError
		if errors.As(err, &dup) {
			return duplicateOf(ctx, tx, dup)
		}
		return err
	})
	if err != nil {
		return err
	}
	label := contacts.FieldLabel(field)
	if !changed {
		fmt.Fprintf(a.stdout, "#%d %s: %s %s (already; nothing changed)\n", c.ID, c.Name, label, contacts.FieldValue(old))
		return nil
	}
	if now := contacts.FieldOf(c, field); now == old {
		// Only a learned time zone is changed by setting it to itself.
		fmt.Fprintf(a.stdout, "#%d %s: %s %s, yours now: rapport no longer guesses it from their mail\n", c.ID, c.Name, label, contacts.FieldValue(now))
		return nil
	}
	fmt.Fprintf(a.stdout, "#%d %s: %s %s → %s\n", c.ID, c.Name, label, contacts.FieldValue(old), contacts.FieldValue(contacts.FieldOf(c, field)))
	return nil
}

// duplicateOf names the contact who has the URL (or address) dup is
// about, so the owner knows whom they clash with.
func duplicateOf(ctx context.Context, tx *store.Tx, dup *store.DuplicateError) error {
	other, err := tx.Contact(ctx, dup.Existing)
	if err != nil {
		return dup
	}
	return fmt.Errorf("%s %s already belongs to #%d %s; clear it there first: rapport set %d %s \"\"",
		dup.Field, dup.Value, other.ID, other.Name, other.ID, dup.Field)
}

// completeSet completes set's contact, then its field.
func completeSet(a *app, cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	switch len(args) {
	case 0:
		return completeContacts(a, cmd, args, toComplete)
	case 1:
		return withPrefix(contacts.SetFields, toComplete), noFiles
	}
	return nil, noFiles
}
