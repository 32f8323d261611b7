package main

import (
	"context"
	"fmt"
	"strings"

	"rapport/contacts"
	mailcmd "rapport/mail/command"
	"rapport/store"
)

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func runAdd(ctx context.Context, a *app, args []string) error {
	fs := a.flags("add")
	var c store.Contact
	var introducer, note string
	var tags stringList
	fs.StringVar(&c.Name, "name", "", "full `name`")
	fs.StringVar(&c.Email, "email", "", "email `address`")
	fs.StringVar(&c.Company, "company", "", "company or organisation")
	fs.StringVar(&c.Role, "role", "", "their role or position")
	fs.StringVar(&c.Field, "field", "", "the field or occupation they represent")
	fs.StringVar(&c.Source, "source", "", "how you found them")
	fs.StringVar(&c.URL, "url", "", "a profile page")
	fs.StringVar(&c.TimeZone, "tz", "", "their time `zone` (e.g. Europe/Berlin)")
	fs.StringVar(&introducer, "introduced-by", "", "the contact who introduced them (#id, email or name)")
	fs.Var(&tags, "tag", "a tag (repeatable)")
	fs.StringVar(&note, "note", "", "a first note")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q (quote values that contain spaces)", rest[0])
	}
	c.Name = strings.Join(strings.Fields(c.Name), " ")
	if c.Name == "" {
		return usagef("--name is required")
	}
	if c.Email = strings.TrimSpace(c.Email); c.Email == "" {
		return usagef("--email is required")
	}
	if err := mailcmd.CheckEmail(c.Email); err != nil {
		return err
	}
	if c.TimeZone != "" {
		loc, err := mailcmd.LoadZone(c.TimeZone)
		if err != nil {
			return fmt.Errorf("--tz: %w", err)
		}
		c.TimeZone = loc.String()
	}
	c.Tags = store.NormalizeTags(tags)

	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	now := a.now()
	var added *contacts.Added
	err = s.store.WithTx(ctx, func(tx *store.Tx) error {
		if introducer != "" {
			by, err := resolve(ctx, tx, introducer)
			if err != nil {
				return fmt.Errorf("--introduced-by: %w", err)
			}
			c.IntroducedBy = by.ID
		}
		added, err = s.track.AddContact(ctx, tx, contacts.AddRequest{Contact: c, Existing: contacts.Refuse,
			Note: note, Source: store.SourceCLI, Why: "added by hand"}, now)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "added #%d %s\n", added.Contact.ID, nameAndEmail(added.Contact))
	return nil
}
