package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"

	"github.com/spf13/pflag"
)

type listFlags struct {
	status, stage, tag, sort string
	asJSON                   bool
	limit                    int
}

func (f *listFlags) bind(fs *pflag.FlagSet) {
	fs.StringVar(&f.status, "status", "", "only contacts in this `STATUS`, e.g. new, requested, met")
	fs.StringVar(&f.stage, "stage", "", "only contacts in this `STAGE`: identify, arrange, follow-up or closed")
	fs.StringVar(&f.tag, "tag", "", "only contacts with this `TAG`")
	fs.StringVar(&f.sort, "sort", "", "order by `KEY`: name, status, next or added (default: by #id)")
	fs.IntVar(&f.limit, "limit", 0, "show the first `N` contacts only")
	fs.BoolVar(&f.asJSON, "json", false, "print JSON for scripts")
}

func runList(ctx context.Context, a *app, f *listFlags, rest []string) error {
	status, stage, tag, asJSON := &f.status, &f.stage, &f.tag, &f.asJSON
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if err := checkListOrder(f.sort, f.limit); err != nil {
		return err
	}
	var err error
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
		if err == nil {
			list = orderContacts(a, list, f.sort, f.limit)
		}
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
