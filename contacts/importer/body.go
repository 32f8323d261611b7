package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// body reads the records after the header, one at a time, from a stream of
// text.
//
// encoding/csv resumes on the line after a syntax error. When the bad record
// is a quoted field that ran over several lines, those lines may well be rows
// swallowed by one missing quote, so body starts a new reader on the line
// after the one the bad record starts on: a stray quote costs one record, and
// no row is lost without a problem saying so. To go back, it keeps the text
// the reader took since the end of the last good record (a tape).
type body struct {
	comma rune
	tape  *tape
	r     *csv.Reader
	base  int // the file's line number of the reader's line 0
}

// newBody returns the records of text, whose first line is line base+1 of
// the file, split by comma.
func newBody(text io.Reader, base int, comma rune) *body {
	b := &body{comma: comma}
	b.restart(text, base)
	return b
}

// restart reads the records of text, whose first line is line base+1.
func (b *body) restart(text io.Reader, base int) {
	b.tape = &tape{src: text, line: 1}
	b.r = newCSVReader(b.tape, b.comma)
	b.base = base
}

// next returns the next record and the file line it starts on, or the
// problem of a CSV syntax error, or an error: io.EOF at the end of the text,
// or a failure to read it.
func (b *body) next() (line int, fields []string, p *Problem, err error) {
	for {
		fields, err := b.r.Read()
		if errors.Is(err, io.EOF) {
			return 0, nil, nil, io.EOF
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			off := b.r.InputOffset()
			read := b.tape.since(off)
			prob := syntaxProblem(perr, b.base, lastLine(read))
			if errors.Is(perr.Err, csv.ErrQuote) && perr.Line > perr.StartLine {
				rest := b.tape.fromLine(perr.StartLine + 1)
				b.restart(io.MultiReader(bytes.NewReader(rest), b.tape.src), b.base+perr.StartLine)
			} else {
				b.tape.forget(off)
			}
			return 0, nil, &prob, nil
		}
		if err != nil {
			return 0, nil, nil, err // the text's: not a CSV matter
		}
		l, _ := b.r.FieldPos(0)
		b.tape.forget(b.r.InputOffset())
		return b.base + l, fields, nil, nil
	}
}

// tape is a reader of src that keeps what it read, from the start of the
// record being read, so that reading can start again from one of its lines.
type tape struct {
	src  io.Reader
	buf  []byte // read from src, from offset off on
	off  int64  // the reader's offset of buf[0], always the start of a line
	line int    // the reader's line number (from 1) of buf[0]
}

func (t *tape) Read(p []byte) (int, error) {
	n, err := t.src.Read(p)
	t.buf = append(t.buf, p[:n]...)
	return n, err
}

// forget drops what was read before off, a line start the reader reported
// (the end of a record). It drops in large steps, to copy seldom.
func (t *tape) forget(off int64) {
	n := int(off - t.off)
	if n < 64<<10 {
		return
	}
	t.line += bytes.Count(t.buf[:n], []byte{'\n'})
	t.buf = t.buf[:copy(t.buf, t.buf[n:])]
	t.off = off
}

// since returns what the reader took from the tape's start until off.
func (t *tape) since(off int64) []byte {
	return t.buf[:min(int(off-t.off), len(t.buf))]
}

// fromLine returns a copy of what was read from the start of the reader's
// line n (n >= t.line) on.
func (t *tape) fromLine(n int) []byte {
	return bytes.Clone(t.buf[lineOffset(t.buf, n-t.line):])
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
func lineOffset(s []byte, n int) int {
	off := 0
	for range n {
		i := bytes.IndexByte(s[off:], '\n')
		if i < 0 {
			return len(s)
		}
		off += i + 1
	}
	return off
}

// lastLine returns the last line of s, without its "\n".
func lastLine(s []byte) string {
	s = bytes.TrimSuffix(s, []byte{'\n'})
	return string(s[bytes.LastIndexByte(s, '\n')+1:])
}
