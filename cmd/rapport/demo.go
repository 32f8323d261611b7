package main

import (
	"context"

	"rapport/internal/demo"
)

// runDemo plays rapport's main job on an embedded default: the real
// daemon against an in-process mailbox, with a fast clock (see package
// demo).
//
//	demo [--keep]
func runDemo(ctx context.Context, a *app, args []string) error {
	fs := a.flags("demo")
	keep := fs.Bool("keep", false, "keep the demo database to explore afterwards")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("demo takes no argument %q", rest[0])
	}
	_, err = demo.Run(ctx, demo.Options{Out: a.stdout, Keep: *keep})
	return err
}
