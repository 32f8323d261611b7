package main

import (
	"context"
	"errors"
	"fmt"

	"rapport/contacts"
	"rapport/store"
	"rapport/workflow"
)

// runDraft writes the request to each contact named, through the workflow:
//
//	draft WHO...
//
// The session tracker's Drafter writes the request into the outbox in the
// transition's transaction: as a draft waiting for the owner in approve
// mode, approved in direct mode. Each contact is drafted in a transaction
// of its own, so one refusal does not hold back the others.
func runDraft(ctx context.Context, a *app, args []string) error {
	fs := a.flags("draft")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usagef("whom? give one or more contacts: an #id, an email or part of a name")
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	return each(a, rest, "drafted", func(who string) (string, error) {
		return draftRequest(ctx, a, s, who)
	})
}

// draftRequest drafts the request to the contact who names
// (contacts.Tracker.DraftRequest) and says what landed in the outbox.
func draftRequest(ctx context.Context, a *app, s *session, who string) (string, error) {
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
		return nil
	})
	switch {
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
