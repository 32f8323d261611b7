package forward

import (
	"strings"
)

// headers is a header block of a forwarded message, its values as written.
type headers struct {
	from, to, cc, date, subject, messageID string
	count                                  int // header lines read, known-but-unkept ones included
}

// set records value under f, keeping the first value of each field (a
// forwarded block has each header once; a second From is the body's).
func (h *headers) set(f field, value string) {
	h.count++
	var dst *string
	switch f {
	case fieldFrom:
		dst = &h.from
	case fieldTo:
		dst = &h.to
	case fieldCc:
		dst = &h.cc
	case fieldDate:
		dst = &h.date
	case fieldSubject:
		dst = &h.subject
	case fieldMessageID:
		dst = &h.messageID
	default:
		return
	}
	if *dst == "" {
		*dst = value
	}
}

// appendTo continues the value of f on a wrapped line.
func (h *headers) appendTo(f field, more string) {
	switch f {
	case fieldFrom:
		h.from += " " + more
	case fieldTo:
		h.to += " " + more
	case fieldCc:
		h.cc += " " + more
	}
}

// hasFromAnd reports whether the block has a From and at least one other
// header: what a header block needs to be taken for one when no separator
// line announced it.
func (h *headers) hasFromAnd() bool {
	return h.from != "" && h.count >= 2
}

// block reads the header block that starts at lines[start], after at most
// two blank lines, at a quote depth of at least min. It returns the
// headers, the depth of the block, and the index of the first line after
// it. A block ends at a blank line, a change of quote depth, or a line
// that is neither a header nor the wrapped continuation of an address
// list. No block yields a zero count.
func block(lines []line, start, min int) (h headers, depth, next int) {
	i := start
	for skipped := 0; i < len(lines) && lines[i].blank() && skipped < 2; skipped++ {
		i++
	}
	if i >= len(lines) || lines[i].depth < min {
		return headers{}, 0, start
	}
	depth = lines[i].depth
	last := fieldNone
	for ; i < len(lines); i++ {
		l := lines[i]
		if l.depth != depth || l.blank() {
			break
		}
		if f, value := header(l.text); f != fieldNone {
			h.set(f, value)
			last = f
			continue
		}
		if continues(last, l.text) {
			h.appendTo(last, strings.TrimSpace(l.text))
			continue
		}
		break
	}
	if h.count == 0 {
		return headers{}, 0, start
	}
	return h, depth, i
}

// continues reports whether text is the wrapped rest of an address header:
// it follows From, To or Cc, and holds an address or the previous value
// ended with a separator.
func continues(last field, text string) bool {
	if last != fieldFrom && last != fieldTo && last != fieldCc {
		return false
	}
	t := strings.TrimSpace(text)
	return strings.Contains(t, "@") && (strings.ContainsAny(t, "<[;,") || !strings.Contains(t, " ")) ||
		strings.HasSuffix(t, ";") || strings.HasSuffix(t, ",")
}

// gluedBlock reads the headers of a Yahoo separator line's tail.
func gluedBlock(rest string) headers {
	var h headers
	if !strings.ContainsAny(rest, ":：") {
		return h
	}
	for _, kv := range glued(rest) {
		if f, _ := header(kv[0] + ":"); f != fieldNone {
			h.set(f, kv[1])
		}
	}
	return h
}
