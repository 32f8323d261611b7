package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"rapport/contacts"
	"rapport/store"
	"rapport/workflow"
)

func runList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("list")
	status := fs.String("status", "", "only contacts in this `status`")
	stage := fs.String("stage", "", "only contacts in this `stage` (identify, arrange, follow_up, closed)")
	tag := fs.String("tag", "", "only contacts with this `tag`")
	asJSON := fs.Bool("json", false, "print JSON for scripts")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	opts := store.ListOptions{Tag: *tag}
	if *status != "" {
		if opts.Status, err = workflow.ParseStatus(*status); err != nil {
			return usagef("--status: %v", err)
		}
	}
	if *stage != "" {
		if opts.Stage, err = workflow.ParseStage(*stage); err != nil {
			return usagef("--stage: %v", err)
		}
	}
	return withSession(ctx, a, func(s *session) error {
		list, err := s.store.Read().ListContacts(ctx, opts)
		switch {
		case err != nil:
			return err
		case *asJSON:
			out := make([]contacts.Record, 0, len(list))
			for i := range list {
				out = append(out, contacts.NewRecord(&list[i], nil))
			}
			return writeJSON(a.stdout, out)
		case len(list) == 0:
			fmt.Fprintln(a.stderr, "no contacts (add one with rapport add or rapport import)")
			return nil
		}
		tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tCOMPANY\tSTATUS\tNEXT")
		for i := range list {
			c := &list[i]
			fmt.Fprintf(tw, "#%d\t%s\t%s\t%s\t%s\n", c.ID, oneLine(c.Name, 28), oneLine(c.Company, 20),
				c.State.Status.Label(), nextText(c, s.zone))
		}
		return tw.Flush()
	})
}
