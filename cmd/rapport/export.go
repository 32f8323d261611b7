package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/store"

	"github.com/spf13/pflag"
)

type exportFlags struct{ format, output string }

func (f *exportFlags) bind(fs *pflag.FlagSet) {
	fs.StringVar(&f.format, "format", "csv", "the output `FORMAT`: csv or json")
	fs.StringVar(&f.output, "output", "", "write to `FILE` instead of standard output")
}

// runExport writes every contact, as contacts.WriteCSV writes them (a
// file rapport import reads back), or as JSON records with their history.
func runExport(ctx context.Context, a *app, flags *exportFlags, rest []string) error {
	format, output := &flags.format, &flags.output
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if *format != "csv" && *format != "json" {
		return usagef("--format %q: use csv or json", *format)
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	tx := s.store.Read()
	list, err := tx.ListContacts(ctx, store.ListOptions{})
	if err != nil {
		return err
	}
	var w io.Writer = a.stdout
	var f *os.File
	if *output != "" {
		if f, err = os.OpenFile(*output, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600); err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if *format == "csv" {
		err = contacts.WriteCSV(w, list)
	} else {
		out := make([]contacts.Record, 0, len(list))
		for i := range list {
			h, herr := tx.History(ctx, list[i].ID)
			if herr != nil {
				return fmt.Errorf("write export: %w", herr)
			}
			out = append(out, contacts.NewRecord(&list[i], h))
		}
		err = writeJSON(w, out)
	}
	if err == nil && f != nil {
		err = f.Close()
	}
	if err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	if f != nil {
		fmt.Fprintf(a.stderr, "exported %d contacts to %s\n", len(list), *output)
	}
	return nil
}
