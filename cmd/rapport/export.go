package main

import (
	"bufio"
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

// runExport writes every contact, as contacts.CSVWriter writes them (a
// file rapport import reads back), or as JSON records with their history.
// It writes each contact as it reads it, in one read transaction: its
// memory does not grow with the database.
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
	var w io.Writer = a.stdout
	var f *os.File
	if *output != "" {
		if f, err = os.OpenFile(*output, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600); err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	n := 0
	err = s.store.WithReadTx(ctx, func(tx *store.Tx) error {
		if *format == "csv" {
			return exportCSV(ctx, tx, bw, &n)
		}
		return writeJSONArray(bw, func(elem func(v any) error) error {
			return tx.EachContactWithHistory(ctx, store.ListOptions{}, func(c *store.Contact, h []store.Entry) error {
				n++
				return elem(contacts.NewRecord(c, h))
			})
		})
	})
	if err == nil {
		err = bw.Flush()
	}
	if err == nil && f != nil {
		err = f.Close()
	}
	if err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	if f != nil {
		fmt.Fprintf(a.stderr, "exported %d contacts to %s\n", n, *output)
	}
	return nil
}

// exportCSV writes every contact to w as CSV, counting them in n.
func exportCSV(ctx context.Context, tx *store.Tx, w io.Writer, n *int) error {
	introducers, err := tx.IntroducerEmails(ctx)
	if err != nil {
		return err
	}
	cw := contacts.NewCSVWriter(w, introducers)
	err = tx.EachContact(ctx, store.ListOptions{}, func(c *store.Contact) error {
		*n++
		return cw.Write(c)
	})
	if ferr := cw.Flush(); err == nil {
		err = ferr
	}
	return err
}
