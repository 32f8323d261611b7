package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/contacts"
	mailcmd "github.com/rapport-mail/rapport/mail/command"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"

	"github.com/spf13/pflag"
)

// markUsage lists what mark accepts; it is shown on every mistake.
const markUsage = "met, scheduled TIME [ZONE], drop, pause [--until DATE], resume, declined, tier A|B|C|D|none, go on or hold"

// runMark records what happened to a contact: the verb and its time read
// as a mail command reads them (package mail/command), the event built
// as for a mail command (contacts.Mark).
type markFlags struct {
	until, place, why string
	length            time.Duration
}

func (f *markFlags) bind(fs *pflag.FlagSet) {
	fs.StringVar(&f.until, "until", "", "with pause: resume by itself on this `DATE` (YYYY-MM-DD)")
	fs.StringVar(&f.place, "place", "", "with scheduled: where (`PLACE`), or a call link (default: a moved meeting's own)")
	fs.DurationVar(&f.length, "duration", 0, "with scheduled: how long (`DURATION`) the meeting lasts, e.g. 45m (default: 30 minutes, or a moved meeting's own length)")
	fs.StringVar(&f.why, "why", "", "a reason (`TEXT`) to keep in the timeline")
}

func runMark(ctx context.Context, a *app, f *markFlags, rest []string) error {
	until, place, length, why := &f.until, &f.place, &f.length, &f.why
	if len(rest) < 2 {
		return usagef("give a contact and what happened: %s", markUsage)
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	now := a.now()
	m, err := markOf(rest[1], rest[2:], *until, now, s.zone)
	if err != nil {
		return err
	}
	m.Place, m.Length, m.Why = *place, *length, *why
	var c *store.Contact
	var res *contacts.Result
	same := false
	err = s.store.WithTx(ctx, func(tx *store.Tx) error {
		if c, err = resolve(ctx, tx, rest[0]); err != nil {
			return err
		}
		ev, _ := m.Event(c)
		if same = contacts.SameTier(c, ev); same {
			return nil
		}
		res, err = s.track.Apply(ctx, tx, c, ev, now, store.SourceCLI)
		return err
	})
	if err != nil {
		return err
	}
	if m.Verb == workflow.VerbTier {
		line := contacts.TierChange(c, s.track.Policy(), s.zone)
		if same {
			line += " (already; nothing changed)"
		}
		fmt.Fprintln(a.stdout, line)
		return nil
	}
	if m.Verb == workflow.VerbGoOn || m.Verb == workflow.VerbHold {
		fmt.Fprintln(a.stdout, contacts.HoldChange(c, workflow.EventKind(res.Entry.Kind), s.zone))
		return nil
	}
	if e := res.Entry; e.From == e.To {
		fmt.Fprintf(a.stdout, "#%d %s: %s (still %s)\n", c.ID, c.Name, entryText(e), e.To.Label())
	} else {
		fmt.Fprintf(a.stdout, "#%d %s: %s → %s\n", c.ID, c.Name, e.From.Label(), e.To.Label())
	}
	if n := nextText(c, s.zone); n != "" {
		fmt.Fprintf(a.stdout, "next: %s\n", n)
	}
	return nil
}

// markOf reads "met", "scheduled 2026-12-03 15:00 Europe/Berlin",
// "pause" with --until …, "tier A": a verb of workflow.VerbEvent, and
// what it takes.
func markOf(what string, args []string, until string, now time.Time, zone *time.Location) (contacts.Mark, error) {
	verb, _ := mailcmd.LookupVerb(what)
	m := contacts.Mark{Verb: string(verb)}
	if _, ok := workflow.VerbEvent(m.Verb, workflow.State{}); !ok {
		return m, usagef("%q is not something to mark; use %s", what, markUsage)
	}
	opts := mailcmd.Options{Zone: zone, Now: now}
	var err error
	switch {
	case m.Verb == workflow.VerbScheduled && len(args) == 0:
		return m, usagef("scheduled needs a time: 2026-12-03 15:00 [Europe/Berlin]")
	case m.Verb == workflow.VerbScheduled:
		if m.At, err = mailcmd.ParseWhen(args, opts); err != nil {
			return m, usagef("not a meeting time: %v", err)
		}
	case m.Verb == workflow.VerbTier && len(args) != 1:
		return m, usagef("tier takes one of A, B, C, D or none")
	case m.Verb == workflow.VerbTier:
		if m.Tier, err = workflow.ParseTier(args[0]); err != nil {
			return m, usagef("%v", err)
		}
	case m.Verb == workflow.VerbGoOn && len(args) == 1 && strings.EqualFold(args[0], "on"):
		// "go on" as two words.
	case len(args) > 0:
		return m, usagef("%s takes no argument %q", what, args[0])
	}
	if until != "" {
		if m.Verb != workflow.VerbPause {
			return m, usagef("--until goes with pause")
		}
		if m.Until, err = mailcmd.ParseUntil(strings.Fields(until), opts); err != nil {
			return m, usagef("--until: %v", err)
		}
	}
	return m, nil
}
