package classify

import (
	"bytes"
	"net/textproto"
	"strings"
)

// field is one header field: its canonical name and its unfolded value,
// still encoded (RFC 2047 words and raw 8-bit bytes are kept as they came).
type field struct {
	key, value string
}

// header is a header block in order. Lookups are by canonical name.
type header struct {
	fields []field
}

// get returns the first value of key, or "".
func (h *header) get(key string) string {
	key = textproto.CanonicalMIMEHeaderKey(key)
	for _, f := range h.fields {
		if f.key == key {
			return f.value
		}
	}
	return ""
}

// has reports whether key occurs at all, even with an empty value.
func (h *header) has(key string) bool {
	key = textproto.CanonicalMIMEHeaderKey(key)
	for _, f := range h.fields {
		if f.key == key {
			return true
		}
	}
	return false
}

// values returns every value of key, in order.
func (h *header) values(key string) []string {
	key = textproto.CanonicalMIMEHeaderKey(key)
	var out []string
	for _, f := range h.fields {
		if f.key == key {
			out = append(out, f.value)
		}
	}
	return out
}

// maxHeaderBytes bounds one header block; the rest is treated as body.
// go-message uses the same 1 MiB default.
const maxHeaderBytes = 1 << 20

// readHeader splits raw into its header block and body. It is lenient the
// way mail clients are: an mbox "From " line before the first field is
// skipped, whitespace-only lines continue the previous field, and a line
// that is not a field ("garbage") ends the header unless the next line is
// a field again, in which case it is taken as a continuation. ok is false
// when not a single field could be read: the input is not a message.
func readHeader(raw []byte) (h *header, body []byte, ok bool) {
	h = &header{}
	// Continuation lines are gathered and joined once per field: appending
	// to the value line by line is quadratic on a header folded 10,000 times.
	var cont []string
	flush := func() {
		if n := len(h.fields); n > 0 && len(cont) > 0 {
			f := &h.fields[n-1]
			if f.value != "" {
				cont = append([]string{f.value}, cont...)
			}
			f.value = strings.Join(cont, " ")
		}
		cont = cont[:0]
	}
	fold := func(line []byte) {
		if s := strings.TrimSpace(string(line)); s != "" && len(h.fields) > 0 {
			cont = append(cont, s)
		}
	}
	rest := raw
	first := true
	for len(rest) > 0 {
		line, next := cutLine(rest)
		trimmed := bytes.TrimRight(line, "\r\n")
		if len(trimmed) == 0 { // the blank line ending the header
			flush()
			return h, next, len(h.fields) > 0
		}
		if len(raw)-len(rest) > maxHeaderBytes {
			flush()
			return h, rest, len(h.fields) > 0
		}
		if first && bytes.HasPrefix(trimmed, []byte("From ")) {
			rest, first = next, false
			continue
		}
		first = false
		if isSpace(trimmed[0]) {
			fold(trimmed)
			rest = next
			continue
		}
		key, value, isField := splitField(trimmed)
		if !isField {
			// A stray line inside the header (a bare line break in an address
			// list): keep reading when a field follows, else the body starts.
			nextLine, _ := cutLine(next)
			if len(h.fields) > 0 && looksLikeField(nextLine) {
				fold(trimmed)
				rest = next
				continue
			}
			flush()
			return h, rest, len(h.fields) > 0
		}
		flush()
		h.fields = append(h.fields, field{key: key, value: value})
		rest = next
	}
	flush()
	return h, nil, len(h.fields) > 0
}

// cutLine returns the first line of b including its line break, and the rest.
func cutLine(b []byte) (line, rest []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1], b[i+1:]
	}
	return b, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// splitField splits "Key: value". The key must be printable ASCII without
// spaces (trailing spaces before the colon are tolerated).
func splitField(line []byte) (key, value string, ok bool) {
	i := bytes.IndexByte(line, ':')
	if i <= 0 {
		return "", "", false
	}
	k := bytes.TrimRight(line[:i], " \t")
	if len(k) == 0 {
		return "", "", false
	}
	for _, c := range k {
		if c < 33 || c > 126 {
			return "", "", false
		}
	}
	return textproto.CanonicalMIMEHeaderKey(string(k)), strings.TrimSpace(string(line[i+1:])), true
}

func looksLikeField(line []byte) bool {
	_, _, ok := splitField(bytes.TrimRight(line, "\r\n"))
	return ok
}
