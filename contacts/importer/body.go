package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readBody reads the records of text after the header h. It calls record with
// each record and the 1-based line it starts on, and problem with each CSV syntax
// error, in file order.
//
// encoding/csv resumes on the line after a syntax error. When the bad record is
// a quoted field that ran over several lines, those lines may well be rows
// swallowed by one missing quote, so readBody starts a new reader on the line
// after the one the bad record starts on: a stray quote costs one record, and no
// row is lost without a problem saying so.
func readBody(text string, h *header, record func(line int, fields []string), problem func(Problem)) {
	start, base := h.offset, strings.Count(text[:h.offset], "\n")
	for start < len(text) {
		start, base = readFrom(text, start, base, h.comma, record, problem)
	}
}

// readFrom reads the records of text from byte offset start, which is the start
// of line base+1, as readBody does, until the end of text or a bad quoted field
// over several lines. It returns the offset and line base to go on reading
// from; the offset is len(text) when done.
func readFrom(text string, start, base int, comma rune, record func(int, []string), problem func(Problem)) (int, int) {
	rest := text[start:]
	r := newCSVReader(rest, comma)
	for {
		fields, err := r.Read()
		if errors.Is(err, io.EOF) {
			return len(text), 0
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			problem(syntaxProblem(perr, base, lastLine(rest[:r.InputOffset()])))
			if errors.Is(perr.Err, csv.ErrQuote) && perr.Line > perr.StartLine {
				return start + lineOffset(rest, perr.StartLine), base + perr.StartLine
			}
			continue
		}
		if err != nil {
			// Not expected from a strings.Reader; report it rather than loop.
			problem(Problem{Line: base + 1, Message: fmt.Sprintf("cannot read the records after this line: %v", err)})
			return len(text), 0
		}
		line, _ := r.FieldPos(0)
		record(base+line, fields)
	}
}

// syntaxProblem turns a CSV syntax error, from a reader whose line 1 is line
// base+1 of the file, into a Problem for the record it is in. errLine is the
// line the error is on, the last the reader read.
func syntaxProblem(perr *csv.ParseError, base int, errLine string) Problem {
	const quoteAll = `put quotes around the whole field and double every " inside it, like "say ""hi"""`
	const double = `double every " inside a quoted field, like "say ""hi"""`
	p := Problem{Line: base + perr.StartLine}
	// ErrQuote points at a misplaced quote, or past the end of the text when a
	// quote is never closed.
	unclosed := perr.Column < 1 || perr.Column > len(errLine) || errLine[perr.Column-1] != '"'
	multiline := perr.Line > perr.StartLine
	switch {
	case !errors.Is(perr.Err, csv.ErrQuote) && !errors.Is(perr.Err, csv.ErrBareQuote):
		p.Message = fmt.Sprintf("CSV syntax error (line %d, character %d): %v", base+perr.Line, perr.Column, perr.Err)
	case errors.Is(perr.Err, csv.ErrBareQuote) && multiline:
		p.Message = fmt.Sprintf(`a " inside an unquoted field (line %d, character %d): %s`, base+perr.Line, perr.Column, quoteAll)
	case errors.Is(perr.Err, csv.ErrBareQuote):
		p.Message = fmt.Sprintf(`a " inside an unquoted field (character %d): %s`, perr.Column, quoteAll)
	case unclosed:
		p.Message = `a quoted field starting on this line is never closed: add the missing closing " (the lines after it were read again as rows)`
	case multiline:
		p.Message = fmt.Sprintf(`a quoted field starting on this line runs to line %d, where a " is misplaced (character %d): close the field where it should end, and %s (the lines after this one were read again as rows)`, base+perr.Line, perr.Column, double)
	default:
		p.Message = fmt.Sprintf(`a " inside a quoted field (character %d): %s`, perr.Column, double)
	}
	return p
}

// lineOffset returns the byte offset in s of the start of line n+1 (lines are
// 1-based and end with "\n"), or len(s) when s has n lines or fewer.
func lineOffset(s string, n int) int {
	off := 0
	for range n {
		i := strings.IndexByte(s[off:], '\n')
		if i < 0 {
			return len(s)
		}
		off += i + 1
	}
	return off
}

// lastLine returns the last line of s, without its "\n".
func lastLine(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return s[strings.LastIndexByte(s, '\n')+1:]
}
