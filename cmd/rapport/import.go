package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"rapport/contacts"
	"rapport/contacts/importer"
	"rapport/store"

	"github.com/spf13/pflag"
)

type importFlags struct{ dryRun, skipBad, verbose bool }

func (f *importFlags) bind(fs *pflag.FlagSet) {
	fs.BoolVar(&f.dryRun, "dry-run", false, "show what would happen and write nothing")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "import the good rows even when some are bad")
	fs.BoolVar(&f.verbose, "verbose", false, "list every row")
}

// runImport reads a CSV file (importer parses it) and has the tracker
// import its rows (contacts.Tracker.Import), then prints the report.
func runImport(ctx context.Context, a *app, f *importFlags, rest []string) error {
	dryRun, skipBad, verbose := &f.dryRun, &f.skipBad, &f.verbose
	if len(rest) != 1 {
		return usagef("give one CSV file (or - for standard input)")
	}
	name := rest[0]
	var in io.Reader = a.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	parsed, err := importer.Parse(in)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for _, w := range parsed.Warnings {
		fmt.Fprintf(a.stderr, "%s: warning: %s\n", name, w)
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()
	var rep *contacts.ImportReport
	opts := contacts.ImportOptions{File: filepath.Base(name), DryRun: *dryRun, SkipBad: *skipBad}
	err = s.store.WithTx(ctx, func(tx *store.Tx) (err error) {
		rep, err = s.track.Import(ctx, tx, parsed, opts, a.now())
		return err
	})
	if err != nil {
		return fmt.Errorf("%s: nothing imported: %w", name, err)
	}
	printImport(a.stdout, name, parsed.Format, rep, *verbose, *dryRun)
	switch {
	case len(rep.Problems) > 0 && !*skipBad:
		return fmt.Errorf("%s: nothing imported: %d bad row(s); fix them, or run again with --skip-bad to import the rest", name, len(rep.Problems))
	case *dryRun:
		fmt.Fprintln(a.stdout, "dry run: nothing was written")
	}
	return nil
}

func printImport(w io.Writer, name, format string, rep *contacts.ImportReport, verbose, dryRun bool) {
	kind := map[bool]string{true: "LinkedIn export", false: "CSV"}[format == importer.FormatLinkedIn]
	verb := map[bool]string{false: "imported", true: "would import"}[dryRun]
	fmt.Fprintf(w, "%s %s (%s): %d added, %d updated, %d unchanged, %d bad row(s)\n", verb, name, kind,
		rep.Count(contacts.RowAdded), rep.Count(contacts.RowUpdated), rep.Count(contacts.RowUnchanged), len(rep.Problems))
	for _, o := range rep.Rows {
		switch {
		case o.Action == contacts.RowUpdated:
			fmt.Fprintf(w, "  line %d: updated #%d %s (%s)\n", o.Line, o.Contact.ID, o.Contact.Name, strings.Join(o.Changed, ", "))
		case verbose && o.Action == contacts.RowAdded && dryRun:
			fmt.Fprintf(w, "  line %d: add %s\n", o.Line, nameAndEmail(o.Contact))
		case verbose:
			fmt.Fprintf(w, "  line %d: %s #%d %s\n", o.Line, o.Action, o.Contact.ID, nameAndEmail(o.Contact))
		}
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "  %s\n", p.Error())
	}
}
