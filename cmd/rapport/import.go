package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"rapport/contacts"
	"rapport/contacts/importer"
	"rapport/internal/ascii"
	"rapport/internal/crashpoint"
	"rapport/store"
)

// errRollback ends an import transaction without writing: a dry run, or
// bad rows without --skip-bad.
var errRollback = errors.New("rolled back")

// rowOutcome is what importing one row did (or, in a dry run, would do).
type rowOutcome struct {
	line    int
	action  string // "added", "updated", "unchanged"
	contact *store.Contact
	changed []string // the fields an update filled
}

func runImport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("import")
	dryRun := fs.Bool("dry-run", false, "show what would happen and write nothing")
	skipBad := fs.Bool("skip-bad", false, "import the good rows even when some are bad")
	verbose := fs.Bool("verbose", false, "list every row")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
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

	var outcomes []rowOutcome
	var problems []importer.Problem
	err = s.store.WithTx(ctx, func(tx *store.Tx) error {
		imp := &importRun{a: a, s: s, tx: tx, file: filepath.Base(name)}
		outcomes, problems, err = imp.apply(ctx, parsed)
		if err != nil {
			return err
		}
		if *dryRun || (len(problems) > 0 && !*skipBad) {
			return errRollback
		}
		return nil
	})
	if err != nil && !errors.Is(err, errRollback) {
		return fmt.Errorf("%s: nothing imported: %w", name, err)
	}
	report(a.stdout, name, parsed.Format, outcomes, problems, *verbose, *dryRun)
	switch {
	case len(problems) > 0 && !*skipBad:
		return fmt.Errorf("%s: nothing imported: %d bad row(s); fix them, or run again with --skip-bad to import the rest", name, len(problems))
	case *dryRun:
		fmt.Fprintln(a.stdout, "dry run: nothing was written")
	}
	return nil
}

// importRun imports the rows of one file in one transaction.
type importRun struct {
	a    *app
	s    *session
	tx   *store.Tx
	file string
}

// apply adds or merges every good row and links introducers. Rows whose
// introducer cannot be found become problems and are left out.
func (r *importRun) apply(ctx context.Context, parsed *importer.Result) ([]rowOutcome, []importer.Problem, error) {
	problems := slices.Clone(parsed.Problems)
	introducers := make(map[int]introRef) // by row line
	var rows []importer.Row
	for _, row := range parsed.Rows {
		if row.IntroducedBy == "" {
			rows = append(rows, row)
			continue
		}
		ref, msg, err := r.findIntroducer(ctx, parsed.Rows, row)
		if err != nil {
			return nil, nil, err
		}
		if msg != "" {
			problems = append(problems, importer.Problem{Line: row.Line, Column: "introduced by", Message: msg})
			continue
		}
		introducers[row.Line] = ref
		rows = append(rows, row)
	}
	slices.SortFunc(problems, func(a, b importer.Problem) int { return a.Line - b.Line })

	now := r.a.now()
	byLine := make(map[int]*store.Contact, len(rows))
	var outcomes []rowOutcome
	for _, row := range rows {
		out, err := r.addOrMerge(ctx, row, now)
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: %w", row.Line, err)
		}
		byLine[row.Line] = out.contact
		outcomes = append(outcomes, out)
		crashpoint.Hit("import-row")
	}
	for line, ref := range introducers {
		c := byLine[line]
		by := ref.id
		if ref.line != 0 {
			by = byLine[ref.line].ID
		}
		// What the database already says is kept.
		if _, err := contacts.LinkIntroducer(ctx, r.tx, c, by, now); err != nil {
			return nil, nil, fmt.Errorf("line %d: %w", line, err)
		}
	}
	return outcomes, problems, nil
}

// introRef points at an introducer: a contact already stored (id) or one
// on another line of the same file.
type introRef struct {
	id   int64
	line int
}

// findIntroducer resolves a row's "introduced by" against the other rows
// of the file (by email or exact name) and then the database. It returns a
// message when there is no single match.
func (r *importRun) findIntroducer(ctx context.Context, rows []importer.Row, row importer.Row) (introRef, string, error) {
	who := row.IntroducedBy
	var found []importer.Row
	for _, other := range rows {
		if other.Line != row.Line && (ascii.EqualFold(other.Email, who) || strings.EqualFold(other.Name, who)) {
			found = append(found, other)
		}
	}
	if len(found) == 1 {
		return introRef{line: found[0].Line}, "", nil
	}
	if len(found) > 1 {
		return introRef{}, fmt.Sprintf("%q names several rows of this file (lines %d and %d); use an email address", who, found[0].Line, found[1].Line), nil
	}
	list, err := r.tx.FindContacts(ctx, who)
	if err != nil {
		return introRef{}, "", err
	}
	switch len(list) {
	case 0:
		return introRef{}, fmt.Sprintf("no contact or row matches %q; add the introducer first or use their email", who), nil
	case 1:
		return introRef{id: list[0].ID}, "", nil
	}
	return introRef{}, fmt.Sprintf("%q matches %d contacts (#%d, #%d…); use an email address or #id", who, len(list), list[0].ID, list[1].ID), nil
}

// addOrMerge adds the row as a new contact, or fills the empty fields of
// the contact that already has its email (any of theirs) or profile URL.
func (r *importRun) addOrMerge(ctx context.Context, row importer.Row, now time.Time) (rowOutcome, error) {
	why := fmt.Sprintf("imported from %s line %d", r.file, row.Line)
	if !row.ConnectedOn.IsZero() {
		why += fmt.Sprintf(" (LinkedIn connection since %s)", row.ConnectedOn.Format("2006-01-02"))
	}
	c := store.Contact{Name: row.Name, Email: row.Email, Company: row.Company, Role: row.Role,
		Field: row.Field, Source: row.Source, URL: row.URL, TimeZone: row.TimeZone,
		Notes: row.Notes, Tags: row.Tags}
	added, err := r.s.track.AddContact(ctx, r.tx, contacts.AddRequest{Contact: c, Existing: contacts.Merge,
		Source: store.SourceImport, Why: why}, now)
	if err != nil {
		return rowOutcome{}, err
	}
	out := rowOutcome{line: row.Line, action: "added", contact: added.Contact, changed: added.Changed}
	switch {
	case added.New:
	case len(added.Changed) == 0:
		out.action = "unchanged"
	default:
		out.action = "updated"
	}
	return out, nil
}

func report(w io.Writer, name, format string, outcomes []rowOutcome, problems []importer.Problem, verbose, dryRun bool) {
	count := map[string]int{}
	for _, o := range outcomes {
		count[o.action]++
	}
	kind := "CSV"
	if format == importer.FormatLinkedIn {
		kind = "LinkedIn export"
	}
	verb := map[bool]string{false: "imported", true: "would import"}[dryRun]
	fmt.Fprintf(w, "%s %s (%s): %d added, %d updated, %d unchanged, %d bad row(s)\n",
		verb, name, kind, count["added"], count["updated"], count["unchanged"], len(problems))
	for _, o := range outcomes {
		switch {
		case o.action == "updated":
			fmt.Fprintf(w, "  line %d: updated #%d %s (%s)\n", o.line, o.contact.ID, o.contact.Name, strings.Join(o.changed, ", "))
		case verbose && o.action == "added" && dryRun:
			fmt.Fprintf(w, "  line %d: add %s\n", o.line, nameAndEmail(o.contact))
		case verbose:
			fmt.Fprintf(w, "  line %d: %s #%d %s\n", o.line, o.action, o.contact.ID, nameAndEmail(o.contact))
		}
	}
	for _, p := range problems {
		fmt.Fprintf(w, "  %s\n", p.Error())
	}
}
