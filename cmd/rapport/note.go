package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/rapport-mail/rapport/store"
)

func runNote(ctx context.Context, a *app, rest []string) error {
	if len(rest) < 2 {
		return usagef("give a contact and the note's text")
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	var c *store.Contact
	err = s.store.WithTx(ctx, func(tx *store.Tx) (err error) {
		if c, err = resolve(ctx, tx, rest[0]); err != nil {
			return err
		}
		return s.track.Note(ctx, tx, c, strings.Join(rest[1:], " "), a.now(), store.SourceCLI)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "noted on #%d %s\n", c.ID, c.Name)
	return nil
}
