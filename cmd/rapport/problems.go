package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"
)

type problemsFlags struct {
	days   int
	asJSON bool
}

func (f *problemsFlags) bind(fs *pflag.FlagSet) {
	fs.IntVar(&f.days, "days", 7, "how many `DAYS` back to look; 0 for all")
	fs.BoolVar(&f.asJSON, "json", false, "print JSON for scripts")
}

// runProblems lists what rapport read and did not act on, or could not
// do, as the digest's problems show it: unauthenticated or automatic mail
// to rapport, approvals that changed nothing, unreadable mail from
// contacts, templates that failed, time offline.
func runProblems(ctx context.Context, a *app, f *problemsFlags, rest []string) error {
	days, asJSON := &f.days, &f.asJSON
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if *days < 0 {
		return usagef("--days: %d is negative", *days)
	}
	var since time.Time
	if *days > 0 {
		since = a.now().AddDate(0, 0, -*days)
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	list, err := s.store.Read().ProblemsSince(ctx, since)
	if err != nil {
		return err
	}
	if *asJSON {
		type row struct {
			At     time.Time `json:"at"`
			Kind   string    `json:"kind"`
			Detail string    `json:"detail"`
		}
		out := make([]row, 0, len(list))
		for _, p := range list {
			out = append(out, row{At: p.At, Kind: p.Kind, Detail: p.Detail})
		}
		return writeJSON(a.stdout, out)
	}
	if len(list) == 0 {
		fmt.Fprintln(a.stdout, "no problems")
		return nil
	}
	w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	for _, p := range list {
		fmt.Fprintf(w, "%s\t%s\t%s\n", owner(s.zone).Stamp(p.At), p.Kind, p.Detail)
	}
	return w.Flush()
}
