package importer

import (
	"errors"
	"io"
	"slices"
	"strings"
)

// headMax is how much text NewReader reads ahead to find the header: the
// first records, notes before the header included, are far smaller.
const headMax = 1 << 20

// Reader reads a CSV file of contacts a record at a time, as Parse reads it
// whole, holding only the record at hand, the header and what it needs to
// report duplicates (a small key per email and URL). Build it with
// NewReader; it is not safe for concurrent use.
type Reader struct {
	raw  *countReader
	text *textReader
	h    *header
	body *body
	rows *rowReader
}

// NewReader reads the start of r, up to its header, and returns a Reader of
// the records after it. Its error is Parse's for a file that cannot be read
// as contacts at all (empty, not text, no header, a workbook). It reads r
// ahead, in blocks, of what Read returns.
func NewReader(r io.Reader) (*Reader, error) {
	raw := &countReader{r: r}
	text, err := openText(raw)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if _, err := io.Copy(&b, io.LimitReader(text, headMax)); err != nil {
		return nil, err
	}
	head := b.String()
	if len(head) < headMax && strings.TrimSpace(head) == "" {
		return nil, errors.New("importer: the file is empty: export the contacts again, with a header row such as \"Name,Email\"")
	}
	h, err := findHeader(head)
	if err != nil {
		return nil, err
	}
	rest := io.MultiReader(strings.NewReader(head[h.offset:]), text)
	return &Reader{
		raw:  raw,
		text: text,
		h:    h,
		body: newBody(rest, strings.Count(head[:h.offset], "\n"), h.comma),
		rows: newRowReader(h),
	}, nil
}

// Format returns FormatLinkedIn, FormatRapport or FormatCSV.
func (r *Reader) Format() string { return r.h.format }

// Header returns the header row's names, trimmed, as written.
func (r *Reader) Header() []string { return slices.Clone(r.h.names) }

// Warnings returns what the user should know of the file read so far, that
// rejects no record: the header's ignored columns, lines read as
// Windows-1252. Ask again after the last record for all of them.
func (r *Reader) Warnings() []string {
	return append(r.text.warnings(), r.h.warnings...)
}

// Offset returns how many bytes of the file the Reader has taken from r,
// which is ahead of the records returned: to show progress.
func (r *Reader) Offset() int64 { return r.raw.n }

// Read returns the next record of the file that is not entirely blank:
// either a Row or the problems that keep it out (at least one; see Parse).
// At the end of the file it returns io.EOF; any other error means the rest
// of the file cannot be read (a failure to read, NUL bytes), and the
// records read so far may be all there is.
func (r *Reader) Read() (*Row, []Problem, error) {
	for {
		line, fields, p, err := r.body.next()
		switch {
		case err != nil:
			return nil, nil, err
		case p != nil:
			return nil, []Problem{*p}, nil
		}
		if row, problems := r.rows.read(line, fields); row != nil || len(problems) > 0 {
			return row, problems, nil
		}
	}
}
