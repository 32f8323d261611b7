package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/contacts/importer"
	"github.com/rapport-mail/rapport/store"

	"github.com/spf13/pflag"
)

type importFlags struct{ dryRun, skipBad, verbose bool }

func (f *importFlags) bind(fs *pflag.FlagSet) {
	fs.BoolVar(&f.dryRun, "dry-run", false, "show what would happen and write nothing")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "import the good rows even when some are bad")
	fs.BoolVar(&f.verbose, "verbose", false, "list every row")
}

// runImport has the tracker import a CSV file (contacts.Tracker.Import
// reads it twice, a record at a time), then prints the report.
func runImport(ctx context.Context, a *app, f *importFlags, rest []string) error {
	dryRun, skipBad, verbose := &f.dryRun, &f.skipBad, &f.verbose
	if len(rest) != 1 {
		return usagef("give one CSV file (or - for standard input)")
	}
	name := rest[0]
	file, done, err := importSource(name, a.stdin)
	if err != nil {
		return err
	}
	defer done()
	// A file that is not contacts at all leaves the database alone.
	if _, err := importer.NewReader(file); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.store.Close()

	// What each row did is printed once it is committed.
	var rows strings.Builder
	bar := newProgressLine(a.stderr, name)
	opts := contacts.ImportOptions{File: filepath.Base(name), DryRun: *dryRun, SkipBad: *skipBad,
		OnRow: func(r contacts.ImportedRow) { printImportedRow(&rows, r, *verbose, *dryRun) }}
	if bar != nil {
		opts.Progress = bar.show
	}
	var rep *contacts.ImportReport
	err = s.store.WithImportTx(ctx, func(tx *store.Tx) (err error) {
		rep, err = s.track.Import(ctx, tx, file, opts, a.now())
		return err
	})
	bar.clear()
	if err != nil {
		return fmt.Errorf("%s: nothing imported: %w", name, err)
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(a.stderr, "%s: warning: %s\n", name, w)
	}
	printImport(a.stdout, name, rep, rows.String(), *dryRun)
	switch {
	case rep.Refused:
		bad := rep.BadLines()
		return fmt.Errorf("%s: nothing imported: %d bad row(s) (%s); fix them, or run again with --skip-bad to import the other %d row(s)",
			name, len(bad), linesText(bad), rep.Records-len(bad))
	case *dryRun:
		fmt.Fprintln(a.stdout, "dry run: nothing was written")
	}
	return nil
}

// importSource opens the file to import, which is read twice: the named
// file, or standard input, copied to a temporary file when it cannot seek
// (a pipe). done closes it and removes a copy.
func importSource(name string, stdin io.Reader) (io.ReadSeeker, func(), error) {
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, nil, err
		}
		return f, func() { f.Close() }, nil
	}
	if rs, ok := stdin.(io.ReadSeeker); ok {
		if _, err := rs.Seek(0, io.SeekCurrent); err == nil {
			return rs, func() {}, nil
		}
	}
	tmp, err := os.CreateTemp("", "rapport-import-*.csv")
	if err != nil {
		return nil, nil, fmt.Errorf("read standard input: %w", err)
	}
	done := func() { tmp.Close(); os.Remove(tmp.Name()) }
	if _, err := io.Copy(tmp, stdin); err != nil {
		done()
		return nil, nil, fmt.Errorf("read standard input: %w", err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		done()
		return nil, nil, fmt.Errorf("read standard input: %w", err)
	}
	return tmp, done, nil
}

// printImport prints the report: what was written (or, in a dry run, would
// be), or, when bad rows refused the file, that nothing was; then the rows
// and the problems.
func printImport(w io.Writer, name string, rep *contacts.ImportReport, rows string, dryRun bool) {
	kind := map[string]string{importer.FormatLinkedIn: "LinkedIn export", importer.FormatRapport: "rapport export"}[rep.Format]
	if kind == "" {
		kind = "CSV"
	}
	bad := len(rep.BadLines())
	if rep.Refused {
		fmt.Fprintf(w, "nothing imported from %s (%s): %d bad row(s)\n", name, kind, bad)
	} else {
		verb := map[bool]string{false: "imported", true: "would import"}[dryRun]
		left := ""
		if bad > 0 {
			left = " left out"
		}
		fmt.Fprintf(w, "%s %s (%s): %d added, %d updated, %d unchanged, %d bad row(s)%s\n", verb, name, kind,
			rep.Added, rep.Updated, rep.Unchanged, bad, left)
	}
	io.WriteString(w, rows)
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "  %s\n", p.Error())
	}
}

// printImportedRow prints what a row did: every update, and with verbose
// every row.
func printImportedRow(w io.Writer, o contacts.ImportedRow, verbose, dryRun bool) {
	switch {
	case o.Action == contacts.RowUpdated:
		fmt.Fprintf(w, "  line %d: updated #%d %s (%s)\n", o.Line, o.Contact.ID, o.Contact.Name, strings.Join(o.Changed, ", "))
	case verbose && o.Action == contacts.RowAdded && dryRun:
		fmt.Fprintf(w, "  line %d: add %s\n", o.Line, nameAndEmail(o.Contact))
	case verbose:
		fmt.Fprintf(w, "  line %d: %s #%d %s\n", o.Line, o.Action, o.Contact.ID, nameAndEmail(o.Contact))
	}
}

// linesText lists lines as "line 3", "lines 3 and 5" or "lines 3, 5, 9 and
// 4 more".
func linesText(lines []int) string {
	const most = 5
	var parts []string
	for _, l := range lines[:min(len(lines), most)] {
		parts = append(parts, fmt.Sprint(l))
	}
	switch {
	case len(lines) == 1:
		return "line " + parts[0]
	case len(lines) > most:
		return fmt.Sprintf("lines %s and %d more", strings.Join(parts, ", "), len(lines)-most)
	}
	return "lines " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
