package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"rapport/outbox"
	"rapport/outbox/digest"
	"rapport/templates"
)

// runDigest shows today's digest as it would be mailed, since the last one
// (digest.Build), without sending it or counting it as sent:
//
//	digest --preview [--html FILE]
//
// The plain-text part goes to standard output, the HTML part to FILE.
func runDigest(ctx context.Context, a *app, args []string) error {
	fs := a.flags("digest")
	preview := fs.Bool("preview", false, "show today's digest; the daemon sends it at digest.time")
	htmlFile := fs.String("html", "", "also write the HTML part to `FILE`")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("digest takes no argument %q", rest[0])
	}
	if !*preview {
		return usagef("add --preview: the daemon sends the digest itself, once a day at digest.time")
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	info, err := digest.Build(ctx, s.store.Read(), digest.Options{Now: a.now(), Zone: s.zone})
	if err != nil {
		return err
	}
	set, err := s.templates()
	if err != nil {
		return err
	}
	subject, text, html, err := set.RenderDigest(templates.Data{Owner: outbox.OwnerData(s.cfg), Digest: info})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Subject: %s\n\n%s", subject, text)
	if !strings.HasSuffix(text, "\n") {
		fmt.Fprintln(a.stdout)
	}
	if *htmlFile != "" {
		if err := os.WriteFile(*htmlFile, []byte(html), 0o600); err != nil {
			return fmt.Errorf("write the HTML part: %w", err)
		}
		fmt.Fprintf(a.stderr, "HTML part written to %s\n", *htmlFile)
	}
	return nil
}
