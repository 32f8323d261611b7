package contacts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/rapport-mail/rapport/contacts/importer"
	"github.com/rapport-mail/rapport/store"
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
	// OnRow, when not nil, is called with what each row did (or, in a dry
	// run, would do), in file order, once it is written in the caller's
	// transaction. Nothing is committed before the caller commits, and an
	// error from Import means none of it will be.
	OnRow func(ImportedRow)
	// Progress, when not nil, is called while Import reads the file, at
	// most every ProgressInterval (none for a file read faster).
	Progress func(ImportProgress)

	clock func() time.Time // for Progress; time.Now unless a test sets it
}

// ProgressInterval is the least time between two calls of
// ImportOptions.Progress.
const ProgressInterval = 200 * time.Millisecond

// The passes of an import, in ImportProgress.Phase.
const (
	// ImportChecking is the first read of the file: its rows are checked
	// and their introducers found; nothing is written.
	ImportChecking = "checking"
	// ImportWriting is the second read: the rows are written.
	ImportWriting = "importing"
)

// ImportProgress is how far an import is.
type ImportProgress struct {
	Phase string // ImportChecking, then ImportWriting
	Rows  int    // records of the file read so far in this phase
	Total int    // records in the file; known while writing, 0 before
	Read  int64  // bytes of the file read so far in this phase (ahead of Rows)
	Size  int64  // the file's size in bytes
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
	Format   string   // the importer's: importer.FormatLinkedIn …
	Warnings []string // the importer's, about the whole file
	Records  int      // records read, good and bad
	// Added, Updated and Unchanged count the rows by what they did (or,
	// in a dry run, would do). All are 0 when the file was refused.
	Added, Updated, Unchanged int
	// Problems are the parser's and the introducers not found, by line.
	Problems []importer.Problem
	// Refused is true when bad rows without SkipBad kept the whole file
	// out: no row was applied, not even in a dry run.
	Refused bool
	// Written is true when the rows are written in the caller's
	// transaction: neither a dry run nor refused.
	Written bool
}

// BadLines returns the lines of the rows left out, once each, in order.
func (r *ImportReport) BadLines() []int {
	var lines []int
	for _, p := range r.Problems {
		if n := len(lines); n == 0 || lines[n-1] != p.Line {
			lines = append(lines, p.Line)
		}
	}
	return lines
}

// errRollback ends the import's savepoint without writing.
var errRollback = errors.New("import rolled back")

// Import adds the rows of a CSV file (see package importer) as contacts,
// in tx: each row as AddContact with Merge would, so that a person already
// known by any of their addresses or their profile URL is completed and
// never overwritten. A row's "introduced by" names another row of the file
// (by email or exact name, before or after it) or a stored contact
// (anything FindContacts takes); the first introducer a contact has is
// kept. A row whose introducer names no one, or several, is a problem and
// is left out, and so are the rows it introduced.
//
// It reads file twice, a record at a time, so that its memory does not
// grow with the file: first to check every row and find every introducer,
// writing nothing; then, unless that found bad rows and opts.SkipBad is
// off (the report is then Refused), to write the rows, many at a time. A
// dry run writes them in a savepoint of tx that it rolls back; the report
// says what was, or would have been, done either way. An error means tx
// must be rolled back: part of the file may be written in it. Any write
// transaction will do; store.WithImportTx's is the fastest.
func (t *Tracker) Import(ctx context.Context, tx *store.Tx, file io.ReadSeeker, opts ImportOptions, now time.Time) (*ImportReport, error) {
	size, err := file.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if opts.clock == nil {
		opts.clock = time.Now
	}
	prog := &progress{fn: opts.Progress, clock: opts.clock, last: opts.clock(), p: ImportProgress{Size: size}}

	prog.phase(ImportChecking, 0)
	rd, err := reopen(file)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Format: rd.Format()}
	plan, err := t.check(ctx, tx, rd, rep, prog)
	if err != nil {
		return nil, err
	}
	rep.Warnings = rd.Warnings()
	slices.SortStableFunc(rep.Problems, func(a, b importer.Problem) int { return a.Line - b.Line })
	if len(rep.Problems) > 0 && !opts.SkipBad {
		rep.Refused = true
		return rep, nil
	}

	prog.phase(ImportWriting, rep.Records)
	if rd, err = reopen(file); err != nil {
		return nil, err
	}
	write := func() error { return t.newWriter(ctx, tx, plan, opts, now, rep).run(rd, prog) }
	if !opts.DryRun {
		// No savepoint: SQLite would copy every page it changes into a
		// journal of its own to be able to undo them, and the caller
		// rolls back the whole transaction on an error anyway.
		if err := write(); err != nil {
			return nil, err
		}
		rep.Written = true
		return rep, nil
	}
	err = tx.Savepoint(ctx, func() error {
		if err := write(); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		return nil, err
	}
	return rep, nil
}

// reopen reads file from its start.
func reopen(file io.ReadSeeker) (*importer.Reader, error) {
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return importer.NewReader(file)
}

// progress calls ImportOptions.Progress at most every ProgressInterval.
type progress struct {
	fn    func(ImportProgress)
	clock func() time.Time
	last  time.Time
	p     ImportProgress
}

// phase starts a pass over the file.
func (p *progress) phase(name string, total int) {
	p.p.Phase, p.p.Rows, p.p.Total, p.p.Read = name, 0, total, 0
}

// record counts a record read by rd, and reports when it is time.
func (p *progress) record(rd *importer.Reader) {
	p.records(1, rd.Offset())
}

// records counts n records read, up to byte read of the file, and reports
// when it is time.
func (p *progress) records(n int, read int64) {
	p.p.Rows += n
	if p.fn == nil {
		return
	}
	if now := p.clock(); now.Sub(p.last) >= ProgressInterval {
		p.last = now
		p.p.Read = read
		p.fn(p.p)
	}
}

// why is the history's reason for a row's contact.
func why(file string, row *importer.Row) string {
	s := fmt.Sprintf("imported from %s line %d", file, row.Line)
	if !row.ConnectedOn.IsZero() {
		s += fmt.Sprintf(" (LinkedIn connection since %s)", row.ConnectedOn.Format("2006-01-02"))
	}
	return s
}

// rowContact is the contact a row describes, before it is stored.
func rowContact(row *importer.Row) store.Contact {
	return store.Contact{Name: row.Name, Email: row.Email, Company: row.Company, Role: row.Role,
		Field: row.Field, Source: row.Source, URL: row.URL, TimeZone: row.TimeZone,
		Notes: row.Notes, Tags: row.Tags}
}
