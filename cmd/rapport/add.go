package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/internal/shellquote"
	mailcmd "github.com/rapport-mail/rapport/mail/command"
	"github.com/rapport-mail/rapport/store"

	"github.com/spf13/pflag"
)

// addFlags are add's flags: the contact's fields.
type addFlags struct {
	c                store.Contact
	introducer, note string
	tags             []string
}

func (f *addFlags) bind(fs *pflag.FlagSet) {
	fs.StringVar(&f.c.Name, "name", "", "their full `NAME`")
	fs.StringVar(&f.c.Email, "email", "", "their email `ADDRESS`")
	fs.StringVar(&f.c.Company, "company", "", "the `COMPANY` or organisation they work at")
	fs.StringVar(&f.c.Role, "role", "", "their `ROLE` or position")
	fs.StringVar(&f.c.Field, "field", "", "the `FIELD` or occupation they represent")
	fs.StringVar(&f.c.Source, "source", "", "where you found them (`SOURCE`), e.g. LinkedIn")
	fs.StringVar(&f.c.URL, "url", "", "the `URL` of a profile page")
	fs.StringVar(&f.c.TimeZone, "tz", "", "their time `ZONE`, e.g. Europe/Berlin")
	fs.StringVar(&f.introducer, "introduced-by", "", "the contact (`WHO`) who introduced them: an #id, an email or part of a name")
	fs.StringArrayVar(&f.tags, "tag", nil, "a `TAG`; repeat for more")
	fs.StringVar(&f.note, "note", "", "the `TEXT` of a first note")
}

func runAdd(ctx context.Context, a *app, f *addFlags, rest []string) error {
	c, introducer, note, tags := f.c, f.introducer, f.note, f.tags
	if len(rest) > 0 {
		// The likeliest slip is "rapport add NAME ADDRESS": say which
		// flag each value belongs to, with the line to type.
		flag := "--name"
		if strings.Contains(rest[0], "@") {
			flag = "--email"
		}
		return usagef("unexpected argument %q: add takes its values as flags (did you mean %s %s?), as in: rapport add --name 'Ana Ruiz' --email ana@acme.example",
			rest[0], flag, shellquote.Word(rest[0]))
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
		// As a mail add's via: the introducer's history says whom they
		// introduced, as well as the new contact's record.
		added, err = s.track.AddContact(ctx, tx, contacts.AddRequest{Contact: c, Existing: contacts.Refuse,
			Note: note, Referral: "introduced", Source: store.SourceCLI, Why: "added by hand"}, now)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "added #%d %s\n", added.Contact.ID, nameAndEmail(added.Contact))
	return nil
}
