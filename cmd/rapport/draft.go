package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"

	"github.com/spf13/pflag"
)

type draftFlags struct {
	status, tag string
	dryRun      bool
}

func (f *draftFlags) bind(fs *pflag.FlagSet) {
	fs.StringVar(&f.status, "status", "", "draft for every contact in this `STATUS` (new, usually) instead of naming them")
	fs.StringVar(&f.tag, "tag", "", "with --status: only the contacts with this `TAG`")
	fs.BoolVar(&f.dryRun, "dry-run", false, "say whom a request would be drafted for, and write nothing")
}

// runDraft writes the request to each contact named, or to every contact
// in a status, through the workflow:
//
//	draft WHO... [--dry-run]
//	draft --status S [--tag T] [--dry-run]
//
// The session tracker's Drafter writes the request into the outbox in the
// transition's transaction: as a draft waiting for the owner in approve
// mode, approved in direct mode. Each contact is drafted in a transaction
// of its own, so one refusal does not hold back the others. A dry run
// drafts each in a transaction it rolls back, so that it reports what
// drafting would do, refusals included.
func runDraft(ctx context.Context, a *app, f *draftFlags, rest []string) error {
	switch {
	case f.status != "" && len(rest) > 0:
		return usagef("give contacts or --status, not both")
	case f.tag != "" && f.status == "":
		return usagef("--tag goes with --status: rapport draft --status new --tag %s", f.tag)
	case f.status == "" && len(rest) == 0:
		return usagef("whom? give one or more contacts: an #id, an email or part of a name; or --status new for every new contact")
	}
	var opts store.ListOptions
	if f.status != "" {
		st, err := workflow.ParseStatus(f.status)
		if err != nil {
			return usagef("--status: %v", err)
		}
		opts = store.ListOptions{Status: st, Tag: f.tag}
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	if f.status != "" {
		list, err := s.store.Read().ListContacts(ctx, opts)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			fmt.Fprintf(a.stderr, "no contacts in status %s%s: nothing to draft\n", opts.Status.Label(), map[bool]string{true: " with tag " + f.tag}[f.tag != ""])
			return nil
		}
		rest = make([]string, len(list))
		for i, c := range list {
			rest[i] = "#" + strconv.FormatInt(c.ID, 10)
		}
	}
	done := "drafted"
	if f.dryRun {
		done = "draftable"
	}
	err = each(a, rest, done, func(who string) (string, error) {
		return draftRequest(ctx, a, s, who, f.dryRun)
	})
	if f.dryRun {
		fmt.Fprintln(a.stdout, "dry run: nothing was written")
	}
	return err
}

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

// draftRequest drafts the request to the contact who names
// (contacts.Tracker.DraftRequest) and says what landed in the outbox.
func draftRequest(ctx context.Context, a *app, s *session, who string, dryRun bool) (string, error) {
	var c *store.Contact
	var o *store.Outgoing
	err := s.store.WithTx(ctx, func(tx *store.Tx) (err error) {
		if c, err = resolve(ctx, tx, who); err != nil {
			return err
		}
		o, err = s.track.DraftRequest(ctx, tx, c, false, "", a.now(), store.SourceCLI)
		if errors.Is(err, contacts.ErrNoAddress) {
			return fmt.Errorf("#%d %s has no email address, so there is nowhere to send a request", c.ID, c.Name)
		}
		var refused *workflow.TransitionError
		if errors.As(err, &refused) { // the reason says where they are
			return fmt.Errorf("#%d %s: %s", c.ID, c.Name, refused.Reason)
		}
		if err != nil {
			return fmt.Errorf("#%d %s: %w", c.ID, c.Name, err)
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	switch {
	case dryRun && errors.Is(err, errDryRun) && o != nil:
		return fmt.Sprintf("#%d %s: a request would be drafted, to %s", c.ID, c.Name, showAddresses(o.To)), nil
	case dryRun && errors.Is(err, errDryRun):
		return fmt.Sprintf("#%d %s: a request would be drafted", c.ID, c.Name), nil
	case err != nil:
		return "", err
	case o == nil:
		return fmt.Sprintf("#%d %s: request drafted, but nothing was written to the outbox", c.ID, c.Name), nil
	case o.Status == store.OutboxApproved:
		return fmt.Sprintf("#%d %s: request drafted (outbox %d, approved: it leaves within the send window while rapport run is running)", c.ID, c.Name, o.ID), nil
	}
	return fmt.Sprintf("#%d %s: request drafted (outbox %d, waiting for your approval: rapport outbox show %d)", c.ID, c.Name, o.ID, o.ID), nil
}

// each runs do for every argument, printing what each did. With one
// argument its error is the command's; with several, each failure is
// printed and the command fails at the end, saying how many were not done
// (done is the past participle: "approved").
func each[T any](a *app, args []T, done string, do func(arg T) (string, error)) error {
	failed := 0
	for _, arg := range args {
		line, err := do(arg)
		if err != nil {
			if len(args) == 1 {
				return err
			}
			failed++
			fmt.Fprintf(a.stderr, "%v\n", err)
			continue
		}
		fmt.Fprintln(a.stdout, line)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d not %s (see above)", failed, len(args), done)
	}
	return nil
}
