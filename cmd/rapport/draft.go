package main

import (
	"context"
	"errors"
	"fmt"

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

// draftRequest applies request_drafted to the contact who names and says
// what landed in the outbox.
func draftRequest(ctx context.Context, a *app, s *session, who string) (string, error) {
	now := a.now()
	var (
		c       *store.Contact
		drafted *store.Outgoing
	)
	err := s.store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if c, err = resolve(ctx, tx, who); err != nil {
			return err
		}
		if c.Email == "" {
			// The Drafter writes nothing without an address; refusing here
			// keeps the contact from sitting in "drafted" with no draft.
			return fmt.Errorf("#%d %s has no email address, so there is nowhere to send a request", c.ID, c.Name)
		}
		before, err := tx.ListOutbox(ctx, store.OutboxFilter{ContactID: c.ID})
		if err != nil {
			return err
		}
		var last int64
		if len(before) > 0 {
			last = before[len(before)-1].ID
		}
		if _, err := s.track.Apply(ctx, tx, c, workflow.Event{Kind: workflow.EventRequestDrafted}, now, store.SourceCLI); err != nil {
			// The tracker names the contact its own way; the workflow's
			// refusal reads better under the name alone.
			var refused *workflow.TransitionError
			if errors.As(err, &refused) {
				err = refused
			}
			return fmt.Errorf("#%d %s: %w", c.ID, c.Name, err)
		}
		after, err := tx.ListOutbox(ctx, store.OutboxFilter{ContactID: c.ID, Audience: store.AudienceContact})
		if err != nil {
			return err
		}
		for i := range after {
			if after[i].ID > last && after[i].Template == workflow.TemplateRequest {
				drafted = &after[i]
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if drafted == nil {
		return fmt.Sprintf("#%d %s: request drafted, but nothing was written to the outbox", c.ID, c.Name), nil
	}
	var what string
	switch drafted.Status {
	case store.OutboxApproved:
		what = "approved: it leaves within the send window while rapport run is running"
	default:
		what = fmt.Sprintf("waiting for your approval: rapport outbox show %d", drafted.ID)
	}
	return fmt.Sprintf("#%d %s: request drafted (outbox %d, %s)", c.ID, c.Name, drafted.ID, what), nil
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
