package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/outbox/digest"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"

	"github.com/spf13/pflag"
)

type digestFlags struct {
	preview, send, week bool
	html                string
}

func (f *digestFlags) bind(fs *pflag.FlagSet) {
	fs.BoolVar(&f.preview, "preview", false, "show today's digest without sending it; the daemon sends it at digest.time")
	fs.StringVar(&f.html, "html", "", "with --preview: also write the HTML part to `FILE`")
	fs.BoolVar(&f.send, "send", false, "write today's digest into the outbox now, approved, for rapport run to send")
	fs.BoolVar(&f.week, "week", false, "show today's digest with the weekly look back, whatever digest.weekly_day says")
}

// weekly is the digest's look back: on digest.weekly_day, or any day
// with --week.
func weekly(s *session, always bool) digest.Weekly {
	day, on := s.cfg.Digest.Weekly()
	return digest.Weekly{Day: day, On: on, Always: always}
}

// runDigest shows today's digest as it would be mailed, since the last one
// (digest.Build), without sending it or counting it as sent:
//
//	digest --preview [--week] [--html FILE]
//	digest --week [--html FILE]
//	digest --send
//
// The plain-text part goes to standard output, the HTML part to FILE.
// With --send it is written into the outbox instead (digestSend).
func runDigest(ctx context.Context, a *app, f *digestFlags, rest []string) error {
	preview, htmlFile := &f.preview, &f.html
	*preview = *preview || f.week // --week previews: the daemon sends the look back itself
	if len(rest) > 0 {
		return usagef("digest takes no argument %q", rest[0])
	}
	switch {
	case f.send && (f.preview || f.html != ""):
		return usagef("--send writes the digest, --preview and --week show it: give one")
	case f.send:
		return withSession(ctx, a, func(s *session) error { return digestSend(ctx, a, s) })
	case !*preview && *htmlFile != "":
		return usagef("--html goes with --preview")
	case !*preview:
		return usagef("add --preview to see today's digest, or --send to send it now: the daemon sends it itself, once a day at digest.time")
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	info, err := digest.Build(ctx, s.store.Read(), digest.Options{Now: a.now(), Zone: s.zone, Weekly: weekly(s, f.week),
		ThankYouWithin: s.cfg.Workflow.ThankYouDays(), Targets: s.cfg.Workflow.TargetCompanies})
	if err != nil {
		return err
	}
	info.CommandTo, info.CommandTag = s.cfg.CommandAddress() // as the daemon's digest has them
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

// digestSend writes today's digest into the outbox, approved, as the
// daemon does at digest.time (digest.Build, outbox.Drafter.Digest): the
// running daemon sends it. When the daemon has not written today's digest
// yet, this one is today's, and the daemon writes no other; otherwise it
// is an extra one.
func digestSend(ctx context.Context, a *app, s *session) error {
	if s.cfg.DigestRecipient() == "" {
		return fmt.Errorf("the digest has no recipient: set digest.recipient or owner.addresses in the configuration")
	}
	now := a.now()
	day := now.In(s.zone).Format("2006-01-02")
	var o *store.Outgoing
	var today bool
	drafter := &outbox.Drafter{Config: s.cfg, Now: a.now, Templates: s.templates}
	err := s.store.WithTx(ctx, func(tx *store.Tx) error {
		info, err := digest.Build(ctx, tx, digest.Options{Now: now, Zone: s.zone, Weekly: weekly(s, false),
			ThankYouWithin: s.cfg.Workflow.ThankYouDays(), Targets: s.cfg.Workflow.TargetCompanies})
		if err != nil {
			return err
		}
		if o, err = drafter.Digest(ctx, tx, info); err != nil {
			return err
		}
		_, err = tx.DigestOf(ctx, day)
		switch {
		case errors.Is(err, store.ErrNotFound):
			today = true
			return tx.AddDigest(ctx, &store.Digest{Day: day, OutboxID: o.ID, At: now})
		case err != nil:
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	what := "an extra digest (today's was written already)"
	if today {
		what = "today's digest"
	}
	fmt.Fprintf(a.stdout, "%s is in the outbox (outbox %d, approved, to %s): it leaves when rapport run sends it\n", what, o.ID, showAddresses(o.To))
	return nil
}
