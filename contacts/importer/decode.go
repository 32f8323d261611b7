package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// errNUL is the error for a file with NUL bytes: not CSV text.
var errNUL = errors.New(`importer: the file contains NUL bytes, so it is not CSV text (UTF-16 without a byte-order mark, or a binary file?): save it as "CSV UTF-8" and import that file`)

// crWindow is how much of the text openText looks at to tell old Mac line
// endings (CR alone) from the others.
const crWindow = 64 << 10

// openText returns the text of raw, the bytes of a file, as UTF-8 for
// encoding/csv, decoded as it is read. It honours a UTF-8 or UTF-16
// byte-order mark (and drops it), reads a line whose bytes are not valid
// UTF-8 as Windows-1252 (what Excel writes in Western locales), and turns
// old Mac line endings (CR alone, when the first lines have no LF) into LF.
// It returns an error when the file is a zip archive; the returned reader
// fails on NUL bytes. raw's own errors must be *readErr (countReader).
func openText(raw io.Reader) (*textReader, error) {
	br := bufio.NewReaderSize(raw, 64<<10)
	start, err := br.Peek(4)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	var text *bufio.Reader
	switch {
	case bytes.HasPrefix(start, []byte("PK\x03\x04")):
		return nil, errors.New(`importer: the file is a zip archive (an Excel .xlsx workbook?), not CSV: save it as "CSV UTF-8" and import that file`)
	case bytes.HasPrefix(start, []byte{0xFF, 0xFE}) || bytes.HasPrefix(start, []byte{0xFE, 0xFF}):
		// ExpectBOM lets the mark choose the byte order and strips it.
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		text = bufio.NewReaderSize(&utf16Reader{transform.NewReader(br, dec)}, 64<<10)
	default:
		if bytes.HasPrefix(start, []byte("\xEF\xBB\xBF")) {
			br.Discard(3)
		}
		text = br
	}
	head, err := text.Peek(crWindow)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	t := &textReader{src: text, eol: '\n'}
	if bytes.IndexByte(head, '\n') < 0 && bytes.IndexByte(head, '\r') >= 0 {
		t.eol = '\r'
	}
	return t, nil
}

// textReader reads the text of a file a line at a time, decoding each line
// as openText says.
type textReader struct {
	src      *bufio.Reader
	eol      byte   // '\n', or '\r' for old Mac line endings
	line     []byte // decoded, not yet returned
	buf      []byte // reused for the lines that need no decoding
	lines    int    // lines read
	err      error  // sticky: the end or a failure
	badLine  int    // the first line that was not valid UTF-8; 0 for none
	badLines int    // how many were not
}

// Read reads decoded text into p.
func (t *textReader) Read(p []byte) (int, error) {
	for len(t.line) == 0 {
		if t.err != nil {
			return 0, t.err
		}
		t.next()
	}
	n := copy(p, t.line)
	t.line = t.line[n:]
	return n, nil
}

// next reads and decodes the next line into t.line, or sets t.err.
func (t *textReader) next() {
	line, err := t.src.ReadSlice(t.eol)
	if errors.Is(err, bufio.ErrBufferFull) {
		// A line longer than the buffer: gather it whole.
		long := append([]byte(nil), line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = t.src.ReadSlice(t.eol)
			long = append(long, line...)
		}
		line = long
	}
	switch {
	case errors.Is(err, io.EOF):
		t.err = io.EOF
	case err != nil:
		t.err = err // the file's (countReader) or UTF-16's (utf16Reader)
		return
	}
	if len(line) == 0 {
		return
	}
	t.lines++
	if bytes.IndexByte(line, 0) >= 0 {
		t.err = errNUL
		return
	}
	if !utf8.Valid(line) {
		// A multi-byte character never spans a line end (LF and CR are
		// ASCII), so deciding line by line is exact: a file that is all
		// Windows-1252 is read as such, and a UTF-8 file with one bad
		// line keeps the accents of the others.
		b, derr := charmap.Windows1252.NewDecoder().Bytes(line)
		if derr != nil {
			t.err = fmt.Errorf(`importer: read line %d as Windows-1252: %w: save the file as "CSV UTF-8" and import that file`, t.lines, derr)
			return
		}
		line = b
		if t.badLines++; t.badLines == 1 {
			t.badLine = t.lines
		}
	} else {
		// ReadSlice's bytes are overwritten by the next read.
		line = append(t.buf[:0], line...)
		t.buf = line
	}
	if t.eol == '\r' && line[len(line)-1] == '\r' {
		line[len(line)-1] = '\n'
	}
	t.line = line
}

// warnings returns what the user should know about the decoding so far.
func (t *textReader) warnings() []string {
	const fix = `save the file as "CSV UTF-8"`
	switch t.badLines {
	case 0:
		return nil
	case 1:
		return []string{fmt.Sprintf(`line %d is not valid UTF-8, so it was read as Windows-1252: check its accented names, or %s`, t.badLine, fix)}
	}
	return []string{fmt.Sprintf(`%d lines are not valid UTF-8 (the first is line %d), so they were read as Windows-1252: check their accented names, or %s`, t.badLines, t.badLine, fix)}
}

// utf16Reader says which step failed when a UTF-16 file cannot be decoded.
type utf16Reader struct{ r io.Reader }

func (u *utf16Reader) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && !errors.As(err, new(*readErr)) {
		err = fmt.Errorf(`importer: read UTF-16 file: %w: save it as "CSV UTF-8" and import that file`, err)
	}
	return n, err
}

// countReader counts the bytes read from the file, and marks a failure to
// read them as the file's (a *readErr).
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && !errors.Is(err, io.EOF) {
		err = &readErr{err}
	}
	return n, err
}

// readErr is a failure to read the file itself.
type readErr struct{ err error }

func (e *readErr) Error() string { return "importer: read contacts: " + e.err.Error() }
func (e *readErr) Unwrap() error { return e.err }
