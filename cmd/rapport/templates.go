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

	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/templates"

	"github.com/spf13/pflag"
)

// The templates subcommands set up, check and preview the message
// templates:
//
//	templates init DIR [--force]
//	templates check [--dir DIR]
//	templates preview NAME [--contact WHO] [--dir DIR]
//
// DIR defaults to the configured paths.templates.

type templatesInitFlags struct{ force bool }

func (f *templatesInitFlags) bind(fs *pflag.FlagSet) {
	fs.BoolVar(&f.force, "force", false, "overwrite the files that exist")
}

func runTemplatesInit(ctx context.Context, a *app, f *templatesInitFlags, rest []string) error {
	if len(rest) != 1 {
		return usagef("init takes one directory: rapport templates init DIR")
	}
	written, err := templates.WriteDefaults(rest[0], f.force)
	for _, p := range written {
		fmt.Fprintf(a.stdout, "wrote %s\n", p)
	}
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(rest[0])
	if err != nil {
		abs = rest[0]
	}
	fmt.Fprintf(a.stdout, "\nEdit the templates you want to change and delete the others, so that those keep\n"+
		"following rapport's own updates. Then set paths.templates = %q in the\n"+
		"configuration, and run rapport templates check.\n", abs)
	return nil
}

// templatesDirFlag is --dir, which check and preview take.
type templatesDirFlag struct{ dir string }

func (f *templatesDirFlag) bind(fs *pflag.FlagSet) {
	fs.StringVar(&f.dir, "dir", "", "the template `DIR` (default: the configured paths.templates)")
}

func runTemplatesCheck(ctx context.Context, a *app, f *templatesDirFlag, rest []string) error {
	if len(rest) != 0 {
		return usagef("check takes no argument; give the directory with --dir DIR")
	}
	return templatesCheck(a, f.dir)
}

type templatesPreviewFlags struct {
	templatesDirFlag
	contact string
}

func (f *templatesPreviewFlags) bind(fs *pflag.FlagSet) {
	f.templatesDirFlag.bind(fs)
	fs.StringVar(&f.contact, "contact", "", "the contact (`WHO`): an #id, an email or part of a name (default: a sample contact)")
}

func runTemplatesPreview(ctx context.Context, a *app, f *templatesPreviewFlags, rest []string) error {
	if len(rest) != 1 {
		return usagef("preview takes one template name: %s", strings.Join(templates.Names(), ", "))
	}
	return templatesPreview(ctx, a, rest[0], f.dir, f.contact)
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
