package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// headerWindow is how many records Parse reads looking for the header. It covers
// LinkedIn's notes (two records) with room to spare, and keeps a data value such
// as "Email" deep in a headerless file from being taken for a header.
const headerWindow = 20

// header is the header row of a file and what it tells about the records after it.
type header struct {
	names    []string        // as written, trimmed
	pos      [numColumns]int // index in names of each column, -1 when absent
	comma    rune            // the delimiter
	offset   int             // byte offset in the text where the records after the header start
	format   string          // FormatLinkedIn or FormatCSV
	warnings []string        // about ignored columns
}

// newHeader maps the names of a candidate header row to columns. The first of
// several names for the same column wins; the others are ignored with a warning.
// The columns of rapport's own export that say what rapport did (id, status…)
// are ignored without one.
func newHeader(record []string) *header {
	h := &header{names: make([]string, len(record)), format: FormatCSV}
	for c := range h.pos {
		h.pos[c] = -1
	}
	for i, name := range record {
		h.names[i] = strings.TrimSpace(name)
	}
	switch {
	case isLinkedInHeader(h.names):
		h.format = FormatLinkedIn
	case slices.Equal(h.names, exportColumns):
		h.format = FormatRapport
	}
	for i, name := range h.names {
		c := columnOf(name)
		switch {
		case c == colNone && h.format == FormatRapport:
		case c == colNone && name == "":
			h.warnings = append(h.warnings, fmt.Sprintf("column %d has no name in the header: ignored", i+1))
		case c == colNone:
			h.warnings = append(h.warnings, fmt.Sprintf("column %q ignored", name))
		case h.pos[c] >= 0:
			h.warnings = append(h.warnings, fmt.Sprintf("column %q ignored: column %q already gives the %s", name, h.names[h.pos[c]], c))
		default:
			h.pos[c] = i
		}
	}
	if h.valid() && !h.has(colName) && !h.has(colFirstName) && !h.has(colLastName) {
		h.warnings = append(h.warnings, `the header has no name column, so every row will be reported as "name is empty": add a "Name" column (or "First Name" and "Last Name")`)
	}
	return h
}

// has reports whether the header has column c.
func (h *header) has(c column) bool { return h.pos[c] >= 0 }

// valid reports whether the header can identify contacts: it has a name column
// (or first or last name) or an email column.
func (h *header) valid() bool {
	return h.has(colName) || h.has(colFirstName) || h.has(colLastName) || h.has(colEmail)
}

// known returns how many of the header's columns are recognised.
func (h *header) known() int {
	n := 0
	for _, i := range h.pos {
		if i >= 0 {
			n++
		}
	}
	return n
}

// findHeader finds the header row of text. It tries each delimiter and keeps the
// valid header with the most recognised columns (the earliest on a tie), so a
// semicolon file is not read as one comma-separated column. It returns an error
// naming the columns it saw when no delimiter gives a valid header.
func findHeader(text string) (*header, error) {
	var best *header
	var bestLine int
	var seen []string
	for _, comma := range []rune{',', ';', '\t'} {
		h, line, first := scanForHeader(text, comma)
		if h != nil && (best == nil || h.known() > best.known() || h.known() == best.known() && line < bestLine) {
			best, bestLine = h, line
		}
		if len(first) > len(seen) {
			seen = first
		}
	}
	if best == nil {
		return nil, noHeaderError(seen)
	}
	return best, nil
}

// scanForHeader reads the first headerWindow records of text split by comma and
// returns the first valid header with the line it starts on. It also returns the
// first record with more than one field (or else the first record), for the
// error when no header is found. Records with CSV syntax errors are skipped:
// notes before a header need not be good CSV.
func scanForHeader(text string, comma rune) (h *header, line int, first []string) {
	r := newCSVReader(strings.NewReader(text), comma)
	for range headerWindow {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			continue
		}
		if err != nil {
			break
		}
		if first == nil || len(first) < 2 && len(record) > len(first) {
			first = record
		}
		if h := newHeader(record); h.valid() {
			line, _ := r.FieldPos(0)
			h.comma = comma
			h.offset = int(r.InputOffset())
			return h, line, first
		}
	}
	return nil, 0, first
}

// newCSVReader returns a reader of text that lets records have any number of
// fields (they are checked against the header later, with better messages).
func newCSVReader(text io.Reader, comma rune) *csv.Reader {
	r := csv.NewReader(text)
	r.Comma = comma
	r.FieldsPerRecord = -1
	// Allows `Jane, "Doe, Jr."`; not for tabs, which it would take as white
	// space, losing empty fields.
	r.TrimLeadingSpace = comma != '\t'
	return r
}

// noHeaderError says that no header was found, naming the columns of seen.
func noHeaderError(seen []string) error {
	const hint = `the header row must have a "Name" column (or "First Name" and "Last Name") or an "Email" column, e.g. "Name,Email,Company"`
	var quoted []string
	for _, name := range seen {
		if name = strings.TrimSpace(name); name != "" {
			quoted = append(quoted, fmt.Sprintf("%q", truncate(name, 40)))
		}
	}
	switch {
	case len(quoted) == 0:
		return fmt.Errorf("importer: no header row found: %s", hint)
	case len(quoted) > 10:
		quoted = append(quoted[:10], fmt.Sprintf("and %d more", len(quoted)-10))
	}
	return fmt.Errorf("importer: no header row with a name or email column (found columns %s): %s", strings.Join(quoted, ", "), hint)
}

// truncate shortens s to at most n runes, marking a cut with "…".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
