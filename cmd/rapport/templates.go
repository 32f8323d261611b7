package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"path/filepath"
	"slices"
	"strings"

	"rapport/outbox"
	"rapport/templates"
)

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
	sub, _, err := subcommand(fset, rest, "templates", "init, check or preview",
		map[string][]string{"init": {"force"}, "check": {"dir"}, "preview": {"dir", "contact"}})
	switch {
	case err != nil:
		return err
	case sub == "init" && len(rest) != 2:
		return usagef("init takes one directory: rapport templates init DIR")
	case sub == "init":
		written, err := templates.WriteDefaults(rest[1], *force)
		for _, p := range written {
			fmt.Fprintf(a.stdout, "wrote %s\n", p)
		}
		if err != nil {
			return err
		}
		abs, err := filepath.Abs(rest[1])
		if err != nil {
			abs = rest[1]
		}
		fmt.Fprintf(a.stdout, "\nEdit the templates you want to change and delete the others, so that those keep\n"+
			"following rapport's own updates. Then set paths.templates = %q in the\n"+
			"configuration, and run rapport templates check.\n", abs)
		return nil
	case sub == "check" && len(rest) != 1:
		return usagef("check takes no argument; give the directory with --dir DIR")
	case sub == "check":
		return templatesCheck(a, *dir)
	case len(rest) != 2:
		return usagef("preview takes one template name: %s", strings.Join(templates.Names(), ", "))
	}
	return templatesPreview(ctx, a, rest[1], *dir, *who)
}

// loadTemplates loads dir, or the configured paths.templates when dir is
// "", printing every problem to w when the templates are broken.
func loadTemplates(a *app, w io.Writer, dir string) (*templates.Set, string, error) {
	if dir == "" {
		cfg, err := a.config()
		if err != nil {
			return nil, "", err
		}
		dir = cfg.Paths.Templates
	}
	set, err := templates.Load(dir)
	var le *templates.LoadError
	if errors.As(err, &le) {
		for _, p := range le.Problems {
			fmt.Fprintln(w, p)
		}
		return nil, dir, fmt.Errorf("%d problem(s) in the templates of %s", len(le.Problems), dir)
	}
	return set, dir, err
}

func templatesCheck(a *app, dir string) error {
	set, dir, err := loadTemplates(a, a.stdout, dir)
	switch {
	case err != nil:
		return err
	case dir == "":
		fmt.Fprintln(a.stdout, "templates OK: the built-in ones (set paths.templates, or give --dir DIR, to check your own)")
	case len(set.Overrides()) == 0:
		fmt.Fprintf(a.stdout, "templates OK: %s overrides none of the built-in templates\n", dir)
	default:
		fmt.Fprintf(a.stdout, "templates OK: %s overrides %s\n", dir, strings.Join(set.Overrides(), ", "))
	}
	return nil
}

// templatesPreview renders a template as the Drafter would write it
// (outbox.Drafter.Preview), for a stored contact or, when who is "", for
// the sample contact, and prints it as a message.
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
	set, _, err := loadTemplates(a, a.stderr, dir)
	if err != nil {
		return fmt.Errorf("%w (run rapport templates check)", err)
	}
	d := &outbox.Drafter{Config: cfg}
	var p *outbox.Preview
	if who == "" {
		p, err = d.Preview(ctx, nil, set, nil, name)
	} else {
		err = withSession(ctx, a, func(s *session) error {
			c, err := resolve(ctx, s.store.Read(), who)
			if err == nil {
				p, err = d.Preview(ctx, s.store.Read(), set, c, name)
			}
			return err
		})
	}
	if err != nil {
		return err
	}
	if p.SampleOwner {
		fmt.Fprintf(a.stderr, "note: no owner in the configuration; showing the sample owner, %s\n", p.From.Name)
	}
	fmt.Fprintf(a.stdout, "From: %s\nTo: %s\nSubject: %s\n", showAddress(&p.From), showAddress(&p.To), p.Subject)
	for _, h := range []struct {
		name string
		list []*mail.Address
	}{{"Cc", p.Cc}, {"Bcc", p.Bcc}, {"Reply-To", p.ReplyTo}} {
		var parts []string
		for _, addr := range h.list {
			parts = append(parts, showAddress(addr))
		}
		if len(parts) > 0 {
			fmt.Fprintf(a.stdout, "%s: %s\n", h.name, strings.Join(parts, ", "))
		}
	}
	fmt.Fprintf(a.stdout, "\n%s", p.Body)
	if ph := templates.Placeholders(p.Body); len(ph) > 0 {
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
