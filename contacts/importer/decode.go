package importer

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// decode turns the raw bytes of a file into UTF-8 text for encoding/csv. It
// honours a UTF-8 or UTF-16 byte-order mark (and drops it), reads bytes that are
// not valid UTF-8 as Windows-1252 (what Excel writes in Western locales), and
// turns old Mac line endings (CR alone) into LF. It returns warnings about what
// it guessed, and an error when the bytes cannot be CSV text at all.
func decode(raw []byte) (string, []string, error) {
	if bytes.HasPrefix(raw, []byte("PK\x03\x04")) {
		return "", nil, errors.New(`importer: the file is a zip archive (an Excel .xlsx workbook?), not CSV: save it as "CSV UTF-8" and import that file`)
	}
	if bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) || bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) {
		// ExpectBOM lets the mark choose the byte order and strips it.
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		b, err := dec.Bytes(raw)
		if err != nil {
			return "", nil, fmt.Errorf(`importer: read UTF-16 file: %w: save it as "CSV UTF-8" and import that file`, err)
		}
		raw = b
	}
	raw = bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF"))
	if bytes.IndexByte(raw, 0) >= 0 {
		return "", nil, errors.New(`importer: the file contains NUL bytes, so it is not CSV text (UTF-16 without a byte-order mark, or a binary file?): save it as "CSV UTF-8" and import that file`)
	}
	var warnings []string
	if !utf8.Valid(raw) {
		line := 1 + bytes.Count(raw[:firstInvalidUTF8(raw)], []byte("\n"))
		b, err := charmap.Windows1252.NewDecoder().Bytes(raw)
		if err != nil {
			return "", nil, fmt.Errorf(`importer: read file as Windows-1252: %w: save it as "CSV UTF-8" and import that file`, err)
		}
		raw = b
		warnings = append(warnings, fmt.Sprintf(`the file is not valid UTF-8 (first at line %d), so it was read as Windows-1252: check accented names, or save the file as "CSV UTF-8"`, line))
	}
	text := string(raw)
	if !strings.Contains(text, "\n") {
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	if strings.TrimSpace(text) == "" {
		return "", nil, errors.New("importer: the file is empty: export the contacts again, with a header row such as \"Name,Email\"")
	}
	return text, warnings, nil
}

// firstInvalidUTF8 returns the offset of the first byte of b that is not part of
// valid UTF-8, or len(b) when there is none.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}
