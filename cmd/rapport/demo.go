package main

import (
	"context"

	"github.com/rapport-mail/rapport/internal/demo"

	"github.com/spf13/pflag"
)

// runDemo plays rapport's main job on an embedded default: the real
// daemon against an in-process mailbox, with a fast clock (see package
// demo).
//
//	demo [--keep]
func runDemo(ctx context.Context, a *app, f *demoFlags, rest []string) error {
	if len(rest) > 0 {
		return usagef("demo takes no argument %q", rest[0])
	}
	_, err := demo.Run(ctx, demo.Options{Out: a.stdout, Keep: f.keep})
	return err
}

type demoFlags struct{ keep bool }

func (f *demoFlags) bind(fs *pflag.FlagSet) {
	fs.BoolVar(&f.keep, "keep", false, "keep the demo database to explore afterwards")
}
