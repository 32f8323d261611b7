package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	mailcmd "rapport/mail/command"
	"rapport/store"
	"rapport/workflow"
)

// markUsage lists what mark accepts; it is shown on every mistake.
const markUsage = "met, scheduled TIME [ZONE], drop, pause [--until DATE], resume or declined"

func runMark(ctx context.Context, a *app, args []string) error {
	fs := a.flags("mark")
	until := fs.String("until", "", "with pause: resume by itself on this `DATE` (YYYY-MM-DD)")
	place := fs.String("place", "", "with scheduled: where, or a call link")
	length := fs.Duration("duration", 30*time.Minute, "with scheduled: how long the meeting lasts")
	why := fs.String("why", "", "a reason to keep in the timeline")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) < 2 {
		return usagef("give a contact and what happened: %s", markUsage)
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	now := a.now()
	var c *store.Contact
	var res interface{ summary() string }
	err = s.store.WithTx(ctx, func(tx *store.Tx) error {
		if c, err = resolve(ctx, tx, rest[0]); err != nil {
			return err
		}
		ev, err := markEvent(c, rest[1], rest[2:], *until, *place, *length, now, s.zone)
		if err != nil {
			return err
		}
		ev.Why = *why
		r, err := s.track.Apply(ctx, tx, c, ev, now, store.SourceCLI)
		if err != nil {
			return err
		}
		res = markResult{r.Entry, r.Pending}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "#%d %s: %s\n", c.ID, c.Name, res.summary())
	if n := nextText(c.State, s.zone); n != "" {
		fmt.Fprintf(a.stdout, "next: %s\n", n)
	}
	return nil
}

type markResult struct {
	entry   store.Entry
	pending []workflow.Action
}

func (r markResult) summary() string {
	if r.entry.From == r.entry.To {
		return fmt.Sprintf("%s (still %s)", entryText(r.entry), r.entry.To.Label())
	}
	return fmt.Sprintf("%s → %s", r.entry.From.Label(), r.entry.To.Label())
}

// markEvent turns "met", "scheduled 2026-12-03 15:00 Europe/Berlin", … into
// a workflow event.
func markEvent(c *store.Contact, what string, args []string, until, place string, length time.Duration, now time.Time, zone *time.Location) (workflow.Event, error) {
	verb, _ := mailcmd.LookupVerb(what)
	kind, ok := workflow.VerbEvent(string(verb), c.State)
	if !ok {
		return workflow.Event{}, usagef("%q is not something to mark; use %s", what, markUsage)
	}
	if kind == workflow.EventMeetingScheduled || kind == workflow.EventMeetingMoved {
		start, err := parseMeetingTime(args, zone)
		if err != nil {
			return workflow.Event{}, err
		}
		return workflow.Event{Kind: kind, Meeting: &workflow.Meeting{Start: start, End: start.Add(length), Place: place}}, nil
	}
	if len(args) > 0 {
		return workflow.Event{}, usagef("%s takes no argument %q", what, args[0])
	}
	ev := workflow.Event{Kind: kind}
	if until != "" {
		if kind != workflow.EventPaused {
			return workflow.Event{}, usagef("--until goes with pause")
		}
		d, err := time.ParseInLocation("2006-01-02", until, zone)
		if err != nil {
			return workflow.Event{}, usagef("--until %q is not a date (use YYYY-MM-DD)", until)
		}
		ev.Until = d
	}
	return ev, nil
}

// parseMeetingTime reads "2026-12-03 15:00 [ZONE]" or "2026-12-03T15:00"
// or RFC 3339; without a zone the time is the owner's.
func parseMeetingTime(args []string, zone *time.Location) (time.Time, error) {
	if len(args) == 0 {
		return time.Time{}, usagef("scheduled needs a time: 2026-12-03 15:00 [Europe/Berlin]")
	}
	if t, err := time.Parse(time.RFC3339, args[0]); err == nil && len(args) == 1 {
		return t, nil
	}
	text, rest := args[0], args[1:]
	if len(rest) > 0 && !strings.Contains(rest[0], "/") && strings.Contains(rest[0], ":") {
		text, rest = text+" "+rest[0], rest[1:]
	}
	if len(rest) > 1 {
		return time.Time{}, usagef("too many words after scheduled: %q", strings.Join(rest, " "))
	}
	layouts := []string{"2006-01-02 15:04", "2006-01-02T15:04"}
	known := false
	for _, layout := range layouts {
		if _, err := time.Parse(layout, text); err == nil {
			known = true
		}
	}
	if !known {
		return time.Time{}, usagef("%q is not a meeting time (use 2026-12-03 15:00)", text)
	}
	loc := zone
	if len(rest) == 1 {
		l, err := time.LoadLocation(rest[0])
		if err != nil {
			return time.Time{}, fmt.Errorf("%q is not a time zone (use an IANA name such as Europe/Berlin)", rest[0])
		}
		loc = l
	}
	for _, layout := range layouts {
		if t, err := time.ParseInLocation(layout, text, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("%q is not a meeting time (use 2026-12-03 15:00)", text)
}
