package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"rapport/store"
)

// exportColumns are the CSV export's columns. They use the names rapport
// import recognises, so an export imports back as it was.
var exportColumns = []string{"id", "name", "email", "company", "role", "field", "source", "url",
	"introduced by", "time zone", "tags", "status", "stage", "next action", "next action at", "notes", "created at"}

func runExport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("export")
	format := fs.String("format", "csv", "csv or json")
	output := fs.String("output", "", "write to `FILE` instead of standard output")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
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
	w := a.stdout
	var f *os.File
	if *output != "" {
		if f, err = os.OpenFile(*output, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600); err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if *format == "json" {
		err = exportJSON(ctx, tx, w, list)
	} else {
		err = exportCSV(w, list)
	}
	if err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return fmt.Errorf("write export: %w", err)
		}
		fmt.Fprintf(a.stderr, "exported %d contacts to %s\n", len(list), *output)
	}
	return nil
}

// exportJSON writes every contact with its history.
func exportJSON(ctx context.Context, tx *store.Tx, w io.Writer, list []store.Contact) error {
	out := make([]contactJSON, 0, len(list))
	for i := range list {
		h, err := tx.History(ctx, list[i].ID)
		if err != nil {
			return err
		}
		out = append(out, toJSON(&list[i], h))
	}
	return writeJSON(w, out)
}

func exportCSV(w io.Writer, list []store.Contact) error {
	emails := make(map[int64]string, len(list))
	for _, c := range list {
		emails[c.ID] = c.Email
	}
	cw := csv.NewWriter(w)
	cw.Write(exportColumns)
	for i := range list {
		c := &list[i]
		introducer := ""
		if c.IntroducedBy != 0 {
			// The introducer's address identifies them in another database.
			if introducer = emails[c.IntroducedBy]; introducer == "" {
				introducer = "#" + strconv.FormatInt(c.IntroducedBy, 10)
			}
		}
		next, nextAt := "", ""
		if n := c.State.Next(); n.What != "" {
			next = n.What
			if !n.At.IsZero() {
				nextAt = n.At.UTC().Format("2006-01-02T15:04:05Z")
			}
		}
		cw.Write([]string{strconv.FormatInt(c.ID, 10), c.Name, c.Email, c.Company, c.Role, c.Field,
			c.Source, c.URL, introducer, c.TimeZone, strings.Join(c.Tags, ", "), string(c.State.Status),
			string(c.State.Status.Stage()), next, nextAt, c.Notes, c.CreatedAt.UTC().Format("2006-01-02T15:04:05Z")})
	}
	cw.Flush()
	return cw.Error()
}
