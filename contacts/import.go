package contacts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"rapport/contacts/importer"
	"rapport/internal/ascii"
	"rapport/internal/crashpoint"
	"rapport/store"
)

// ImportOptions says how Import treats the rows of one file.
type ImportOptions struct {
	// File names the file in each contact's history: "imported from FILE
	// line 4".
	File string
	// DryRun writes nothing: Import reports what it would do.
	DryRun bool
	// SkipBad imports the good rows when some are bad. Without it one bad
	// row, the parser's or an introducer not found, means nothing is
	// written: a file is imported whole or not at all.
	SkipBad bool
}

// What importing a row did, in ImportedRow.Action.
const (
	RowAdded     = "added"     // a new contact
	RowUpdated   = "updated"   // the contact it already was, completed
	RowUnchanged = "unchanged" // the contact it already was, as it was
)

// ImportedRow is what importing one row did or, when nothing was written,
// would do.
type ImportedRow struct {
	Line    int
	Action  string         // RowAdded, RowUpdated or RowUnchanged
	Contact *store.Contact // as stored, or as it would have been
	Changed []string       // for RowUpdated, the fields filled (see Added.Changed)
}

// ImportReport is what Import did with the rows of one file.
type ImportReport struct {
	Rows []ImportedRow // in file order
	// Problems are the parser's and the introducers not found, by line.
	Problems []importer.Problem
	// Written is false when nothing was written: a dry run, or bad rows
	// without SkipBad.
	Written bool
}

// Count returns how many rows had action (RowAdded …).
func (r *ImportReport) Count(action string) int {
	n := 0
	for _, row := range r.Rows {
		if row.Action == action {
			n++
		}
	}
	return n
}

// errRollback ends the import's savepoint without writing.
var errRollback = errors.New("import rolled back")

// Import adds the rows of a parsed file as contacts, in tx: each row
// through AddContact with Merge, so that a person already known by any of
// their addresses or their profile URL is completed and never overwritten.
// A row's "introduced by" names another row of the file (by email or
// exact name) or a stored contact (anything FindContacts takes); the
// first introducer a contact has is kept. A row whose introducer names no
// one, or several, is a problem and is left out.
//
// The rows are written in a savepoint of tx that is rolled back for a dry
// run and, without opts.SkipBad, when any row is bad; the report says
// what was, or would have been, done either way. An error means tx must
// be rolled back.
func (t *Tracker) Import(ctx context.Context, tx *store.Tx, parsed *importer.Result, opts ImportOptions, now time.Time) (*ImportReport, error) {
	rep := &ImportReport{}
	err := tx.Savepoint(ctx, func() error {
		if err := t.importRows(ctx, tx, parsed, opts, now, rep); err != nil {
			return err
		}
		if opts.DryRun || (len(rep.Problems) > 0 && !opts.SkipBad) {
			return errRollback
		}
		rep.Written = true
		return nil
	})
	if err != nil && !errors.Is(err, errRollback) {
		return nil, err
	}
	return rep, nil
}

// introRef points at an introducer: a stored contact (id) or the contact
// of another row of the file (line).
type introRef struct {
	id   int64
	line int
}

// importRows adds or merges every good row, then links the introducers.
func (t *Tracker) importRows(ctx context.Context, tx *store.Tx, parsed *importer.Result, opts ImportOptions, now time.Time, rep *ImportReport) error {
	rep.Problems = slices.Clone(parsed.Problems)
	introducers := map[int]introRef{} // by row line
	left := map[int]bool{}            // the lines left out
	bad := func(line int, msg string) {
		rep.Problems = append(rep.Problems, importer.Problem{Line: line, Column: "introduced by", Message: msg})
		left[line] = true
	}
	for _, row := range parsed.Rows {
		if row.IntroducedBy == "" {
			continue
		}
		ref, msg, err := findIntroducer(ctx, tx, parsed.Rows, row)
		switch {
		case err != nil:
			return err
		case msg != "":
			bad(row.Line, msg)
		default:
			introducers[row.Line] = ref
		}
	}
	// A row introduced by a row left out is left out too, down the chain.
	for again := true; again; {
		again = false
		for line, ref := range introducers {
			if !left[line] && ref.line != 0 && left[ref.line] {
				bad(line, fmt.Sprintf("the introducer, line %d, is not imported either", ref.line))
				again = true
			}
		}
	}
	var rows []importer.Row
	for _, row := range parsed.Rows {
		if !left[row.Line] {
			rows = append(rows, row)
		}
	}
	slices.SortStableFunc(rep.Problems, func(a, b importer.Problem) int { return a.Line - b.Line })

	byLine := make(map[int]*store.Contact, len(rows))
	for _, row := range rows {
		out, err := t.importRow(ctx, tx, row, opts.File, now)
		if err != nil {
			return fmt.Errorf("line %d: %w", row.Line, err)
		}
		byLine[row.Line] = out.Contact
		rep.Rows = append(rep.Rows, out)
		crashpoint.Hit("import-row")
	}
	for _, row := range rows {
		ref, ok := introducers[row.Line]
		if !ok {
			continue
		}
		by := ref.id
		if ref.line != 0 {
			by = byLine[ref.line].ID
		}
		if _, err := LinkIntroducer(ctx, tx, byLine[row.Line], by, now); err != nil {
			return fmt.Errorf("line %d: %w", row.Line, err)
		}
	}
	return nil
}

// findIntroducer resolves a row's "introduced by" against the other rows
// of the file (by email or exact name), then the stored contacts. It
// returns a message for the owner when no single one matches.
func findIntroducer(ctx context.Context, tx *store.Tx, rows []importer.Row, row importer.Row) (introRef, string, error) {
	who := row.IntroducedBy
	var found []importer.Row
	for _, other := range rows {
		if other.Line != row.Line && (ascii.EqualFold(other.Email, who) || strings.EqualFold(other.Name, who)) {
			found = append(found, other)
		}
	}
	switch {
	case len(found) == 1:
		return introRef{line: found[0].Line}, "", nil
	case len(found) > 1:
		return introRef{}, fmt.Sprintf("%q names several rows of this file (lines %d and %d); use an email address", who, found[0].Line, found[1].Line), nil
	}
	list, err := tx.FindContacts(ctx, who)
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

// importRow adds row as a new contact, or completes the contact that
// already has its email (any of theirs) or profile URL.
func (t *Tracker) importRow(ctx context.Context, tx *store.Tx, row importer.Row, file string, now time.Time) (ImportedRow, error) {
	why := fmt.Sprintf("imported from %s line %d", file, row.Line)
	if !row.ConnectedOn.IsZero() {
		why += fmt.Sprintf(" (LinkedIn connection since %s)", row.ConnectedOn.Format("2006-01-02"))
	}
	c := store.Contact{Name: row.Name, Email: row.Email, Company: row.Company, Role: row.Role,
		Field: row.Field, Source: row.Source, URL: row.URL, TimeZone: row.TimeZone,
		Notes: row.Notes, Tags: row.Tags}
	added, err := t.AddContact(ctx, tx, AddRequest{Contact: c, Existing: Merge, Source: store.SourceImport, Why: why}, now)
	if err != nil {
		return ImportedRow{}, err
	}
	out := ImportedRow{Line: row.Line, Action: RowAdded, Contact: added.Contact, Changed: added.Changed}
	switch {
	case added.New:
	case len(added.Changed) == 0:
		out.Action = RowUnchanged
	default:
		out.Action = RowUpdated
	}
	return out, nil
}
