// Package importer reads contacts from CSV files for "rapport import FILE.csv".
//
// It is pure: it reads only the io.Reader given to Parse or NewReader, touches no
// database and keeps no state between calls. It understands LinkedIn's
// Connections.csv export as downloaded (notes before the header included), the
// file rapport's own export writes, and any CSV whose header row names its
// columns; see Parse for what is accepted and what is reported. A Reader reads a
// file of any size a record at a time, in little memory.
package importer

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// Formats reported in Result.Format.
const (
	// FormatLinkedIn is LinkedIn's Connections.csv export: the header is exactly
	// LinkedIn's columns, and every row gets Source "LinkedIn".
	FormatLinkedIn = "linkedin"
	// FormatRapport is a file rapport's export wrote: the header is exactly
	// ExportColumns, and cells are read back as Neutralize wrote them.
	FormatRapport = "rapport"
	// FormatCSV is any other CSV whose header names its columns.
	FormatCSV = "csv"
)

// SourceLinkedIn is the Row.Source given to every row of a FormatLinkedIn file.
const SourceLinkedIn = "LinkedIn"

// Row is one contact read from the file. Every Row in a Result has a Line > 0 and
// a non-empty Name; all strings are trimmed, and Name, Company, Role, Field, Source
// and IntroducedBy have their inner runs of white space collapsed to one space.
type Row struct {
	Line int // 1-based line in the file where the record starts

	Name         string // "Name", or "First Name" and "Last Name" joined by a space
	Email        string // empty when unknown (normal for LinkedIn); domain lower-cased
	Company      string
	Role         string
	Field        string
	Source       string // SourceLinkedIn for FormatLinkedIn files
	IntroducedBy string
	TimeZone     string // empty or a name time.LoadLocation accepts, as written
	Notes        string // may hold newlines
	URL          string

	Tags        []string  // lower-cased, deduplicated, in file order; nil when none
	ConnectedOn time.Time // UTC midnight of the date; zero when unknown
}

// Problem is a record of the file that cannot be imported. A record can have
// several problems; it is then reported once per problem and left out of
// Result.Rows.
type Problem struct {
	Line    int    // 1-based line in the file where the record starts
	Column  string // header name as written in the file, "" when about the whole record
	Message string // says what is wrong and, where known, how to fix it
}

// Error returns the problem as "line 7: email \"jane@\": not a valid address
// (expected name@domain)".
func (p Problem) Error() string {
	return fmt.Sprintf("line %d: %s", p.Line, p.Message)
}

// Result is what Parse read from a file.
type Result struct {
	Format   string    // FormatLinkedIn, FormatRapport or FormatCSV
	Header   []string  // the header row's names, trimmed, as written
	Rows     []Row     // the contacts that can be imported, in file order
	Problems []Problem // records left out of Rows, in file order
	Warnings []string  // things the user should know that reject no row
}

// Parse reads the whole of r, a CSV file of contacts, and does no other I/O.
// It holds every row in memory: for a large file, read it a record at a time
// with a Reader, which accepts and reports exactly what Parse does.
//
// The header is the first record (among the first few) that names a name column
// ("name", or "first name"/"last name") or an email column; any notes before it,
// as in LinkedIn's export, are skipped. Column names match case-insensitively,
// ignoring spaces, underscores and hyphens, with aliases (e.g. "E-mail",
// "Organisation", "Job Title"); unknown columns are ignored with a warning. The
// delimiter (comma, semicolon or tab) is the one that makes the best header. A
// UTF-8 or UTF-16 byte-order mark is honoured; a line whose bytes are not UTF-8
// is read as Windows-1252, with a warning. In a file rapport exported
// (FormatRapport), a cell that Neutralize quoted is read back as it was.
//
// Parse returns an error only when the file as a whole cannot be read as
// contacts: unreadable, empty, not text, without a header, or a workbook rather
// than CSV. Every other fault is a Problem for the record it is in, and that
// record is left out of Rows: a CSV syntax error, a record whose field count
// differs from the header's (fewer fields is a problem too, so that shifted
// columns are caught), no name, an invalid email, an unknown time zone, an
// unreadable "connected on" date, or the same email (case-insensitively) or URL
// as an earlier record. Entirely blank records are skipped silently. A record
// without an email is not a problem: the contact is known but not reachable yet.
func Parse(r io.Reader) (*Result, error) {
	rd, err := NewReader(r)
	if err != nil {
		return nil, err
	}
	res := &Result{Format: rd.Format(), Header: rd.Header()}
	for {
		row, problems, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if row != nil {
			res.Rows = append(res.Rows, *row)
		}
		res.Problems = append(res.Problems, problems...)
	}
	res.Warnings = rd.Warnings()
	return res, nil
}
