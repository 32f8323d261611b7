package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"rapport/outbox"
	"rapport/templates"
)

// templatesFlags lists which flags each templates subcommand takes,
// besides --config and --db.
var templatesFlags = map[string][]string{
	"init":    {"force"},
	"check":   {"dir"},
	"preview": {"dir", "contact"},
}

// runTemplates sets up, checks and previews the message templates:
//
//	templates init DIR [--force]
//	templates check [--dir DIR]
//	templates preview NAME [--contact WHO] [--dir DIR]
//
// DIR defaults to the configured paths.templates.
func runTemplates(ctx context.Context, a *app, args []string) error {
	fset := a.flags("templates")
	force := fset.Bool("force", false, "with init: overwrite files that exist")
	dir := fset.String("dir", "", "with check and preview: the template `DIR` (default: the configured paths.templates)")
	who := fset.String("contact", "", "with preview: the contact, as an #id, an email or part of a name (default: a sample contact)")
	rest, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usagef("give a subcommand: init, check or preview")
	}
	sub := rest[0]
	allowed, ok := templatesFlags[sub]
	if !ok {
		return usagef("unknown subcommand %q: use init, check or preview", sub)
	}
	var misplaced []string
	fset.Visit(func(f *flag.Flag) {
		if f.Name != "config" && f.Name != "db" && !slices.Contains(allowed, f.Name) {
			misplaced = append(misplaced, "--"+f.Name)
		}
	})
	if len(misplaced) > 0 {
		return usagef("%s does not go with templates %s", strings.Join(misplaced, ", "), sub)
	}
	switch sub {
	case "init":
		if len(rest) != 2 {
			return usagef("init takes one directory: rapport templates init DIR")
		}
		return templatesInit(a, rest[1], *force)
	case "check":
		if len(rest) != 1 {
			return usagef("check takes no argument; give the directory with --dir DIR")
		}
		return templatesCheck(a, *dir)
	default:
		if len(rest) != 2 {
			return usagef("preview takes one template name: %s", strings.Join(templates.Names(), ", "))
		}
		return templatesPreview(ctx, a, rest[1], *dir, *who)
	}
}

// templatesInit copies the built-in templates into dir, refusing to
// overwrite any file unless force is set; it writes nothing when it
// refuses.
func templatesInit(a *app, dir string, force bool) error {
	names := templates.Names()
	if !force {
		var exist []string
		for _, name := range names {
			p := filepath.Join(dir, templates.FileName(name))
			if _, err := os.Lstat(p); err == nil {
				exist = append(exist, p)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		if len(exist) > 0 {
			return fmt.Errorf("%d file(s) already exist, so nothing was written (use --force to overwrite them):\n  %s",
				len(exist), strings.Join(exist, "\n  "))
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create the template directory: %w", err)
	}
	for _, name := range names {
		file := templates.FileName(name)
		text, err := templates.Default.ReadFile(file)
		if err != nil {
			return err
		}
		p := filepath.Join(dir, file)
		if err := os.WriteFile(p, text, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
		fmt.Fprintf(a.stdout, "wrote %s\n", p)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	fmt.Fprintf(a.stdout, "\nEdit the templates you want to change and delete the others, so that those keep\n"+
		"following rapport's own updates. Then set paths.templates = %q in the\n"+
		"configuration, and run rapport templates check.\n", abs)
	return nil
}

// templatesDir returns dir, or the configured paths.templates when dir is
// "" ("" again when neither is set: the built-in templates).
func templatesDir(a *app, dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	cfg, err := a.config()
	if err != nil {
		return "", err
	}
	return cfg.Paths.Templates, nil
}

// loadTemplates loads dir, printing every problem to w when the
// templates are broken.
func loadTemplates(w io.Writer, dir string) (*templates.Set, error) {
	set, err := templates.Load(dir)
	var le *templates.LoadError
	if errors.As(err, &le) {
		for _, p := range le.Problems {
			fmt.Fprintln(w, p)
		}
		return nil, fmt.Errorf("%d problem(s) in the templates of %s", len(le.Problems), dir)
	}
	return set, err
}

func templatesCheck(a *app, dir string) error {
	dir, err := templatesDir(a, dir)
	if err != nil {
		return err
	}
	set, err := loadTemplates(a.stdout, dir)
	if err != nil {
		return err
	}
	if dir == "" {
		fmt.Fprintln(a.stdout, "templates OK: the built-in ones (set paths.templates, or give --dir DIR, to check your own)")
		return nil
	}
	over := set.Overrides()
	if len(over) == 0 {
		fmt.Fprintf(a.stdout, "templates OK: %s overrides none of the built-in templates\n", dir)
		return nil
	}
	fmt.Fprintf(a.stdout, "templates OK: %s overrides %s\n", dir, strings.Join(over, ", "))
	return nil
}

// templatesPreview renders a template for a stored contact, or for the
// sample contact when who is "", and prints it as a message. The owner
// comes from the configuration. A stored contact's message has no thread
// to quote: rapport keeps no message bodies, the daemon fills it in when
// it writes.
func templatesPreview(ctx context.Context, a *app, name, dir, who string) error {
	if !slices.Contains(templates.Names(), name) {
		return usagef("no template is called %q; the templates are %s", name, strings.Join(templates.Names(), ", "))
	}
	cfg, err := a.config()
	if err != nil {
		return err
	}
	if dir == "" {
		dir = cfg.Paths.Templates
	}
	set, err := loadTemplates(a.stderr, dir)
	if err != nil {
		return fmt.Errorf("%w (run rapport templates check)", err)
	}
	d := templates.Sample()
	if cfg.Owner.Name != "" {
		d.Owner = templates.Owner{
			Name:       cfg.Owner.Name,
			FirstName:  templates.FirstName(cfg.Owner.Name),
			Background: cfg.Owner.Background,
			Signature:  cfg.Owner.Signature,
		}
	} else {
		fmt.Fprintf(a.stderr, "note: no owner in the configuration; showing the sample owner, %s\n", d.Owner.Name)
	}
	if who != "" {
		if d, err = storedContactData(ctx, a, who, name, set, d.Owner); err != nil {
			return err
		}
	}
	m, err := set.Render(name, d)
	if err != nil {
		return err
	}
	owner := &mail.Address{Name: d.Owner.Name}
	if len(cfg.Owner.Addresses) > 0 {
		owner.Address = cfg.Owner.Addresses[0]
	}
	to := &mail.Address{Name: d.Contact.Name, Address: d.Contact.Email}
	if !templates.ToContact(name) {
		to = &mail.Address{Name: d.Owner.Name, Address: cfg.DigestRecipient()}
	}
	w := a.stdout
	fmt.Fprintf(w, "From: %s\n", showAddress(owner))
	fmt.Fprintf(w, "To: %s\n", showAddress(to))
	fmt.Fprintf(w, "Subject: %s\n", m.Subject)
	for _, h := range []struct {
		name string
		list []*mail.Address
	}{{"Cc", m.Cc}, {"Bcc", m.Bcc}, {"Reply-To", m.ReplyTo}} {
		if len(h.list) > 0 {
			var parts []string
			for _, addr := range h.list {
				parts = append(parts, showAddress(addr))
			}
			fmt.Fprintf(w, "%s: %s\n", h.name, strings.Join(parts, ", "))
		}
	}
	fmt.Fprintf(w, "\n%s", m.Body)
	if ph := templates.Placeholders(m.Body); len(ph) > 0 {
		fmt.Fprintf(a.stderr, "warning: replace %s before sending\n", strings.Join(ph, ", "))
	}
	return nil
}

// showAddress formats an address for people, without the encoding mail
// headers need: "Name <address>", or whichever of the two is known.
func showAddress(addr *mail.Address) string {
	switch {
	case addr.Address == "":
		return addr.Name
	case addr.Name == "":
		return addr.Address
	}
	return addr.Name + " <" + addr.Address + ">"
}

// storedContactData builds the template data for the stored contact who
// names, as the daemon would for the template name. The owner is given.
func storedContactData(ctx context.Context, a *app, who, name string, set *templates.Set, owner templates.Owner) (templates.Data, error) {
	s, err := a.open(ctx)
	if err != nil {
		return templates.Data{}, err
	}
	defer s.store.Close()
	tx := s.store.Read()
	c, err := resolve(ctx, tx, who)
	if err != nil {
		return templates.Data{}, err
	}
	d, err := outbox.ContactData(ctx, tx, c, owner, s.zone)
	if err != nil {
		return templates.Data{}, err
	}
	switch name {
	case "nudge":
		d.Nudge = c.State.Nudges + 1
	case "notice_approve":
		// The first mail that waits for approval is the request.
		req, err := set.Render("request", d)
		if err != nil {
			return templates.Data{}, err
		}
		d.Draft = &templates.DraftInfo{Subject: req.Subject, Body: req.Body}
	case "notice_bounce":
		d.Bounce = &templates.BounceInfo{Recipient: c.Email, Status: "5.1.1", Meaning: outbox.StatusMeaning("5.1.1"),
			Diagnostic: "550 5.1.1 <" + c.Email + ">: Recipient address rejected (an example: the server's own words appear here)"}
	case "receipt":
		// A receipt answers the owner's mail, not one contact: show the sample's.
		d.Receipt = templates.Sample().Receipt
	case "digest", "digest.html":
		// The digest is about everyone: show the sample's.
		d.Digest = templates.Sample().Digest
	}
	if name != "nudge" && name != "thank_you" {
		d.Thread = nil
	}
	return d, nil
}
