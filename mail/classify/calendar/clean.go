package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

const (
	// maxDepth bounds component nesting (VCALENDAR > VEVENT > VALARM is 3);
	// deeper input is refused rather than handed to a recursive decoder.
	maxDepth = 8
	// maxParams bounds the parameter section of one content line. The
	// decoder builds parameter values byte by byte, so a huge section costs
	// quadratic time; real ones are a few hundred bytes. Longer sections are
	// dropped and the property kept without parameters.
	maxParams = 512
)

// clean turns the bytes of a calendar object, as mail clients really send
// them, into text the go-ical decoder accepts: UTF-8, no byte order mark,
// LF line endings, folded lines joined, lines that are not content lines
// dropped (or, when they lack a colon, joined to the line before: a fold
// that lost its leading space), parameter sections of sane length, and
// BEGIN/END lines balanced, with a missing END:VCALENDAR supplied and a
// bare VEVENT wrapped in a VCALENDAR.
func clean(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")

	lines := unfold(strings.Split(text, "\n"))

	var (
		out   strings.Builder
		stack []string
		began bool
	)
	emit := func(line string) {
		out.WriteString(line)
		out.WriteByte('\n')
	}
	for _, line := range lines {
		line = strings.TrimLeft(line, " \t")
		if !contentLine(line) {
			continue
		}
		name, value := splitBeginEnd(line)
		switch name {
		case "BEGIN":
			if !began {
				began = true
				if value != "VCALENDAR" {
					emit("BEGIN:VCALENDAR")
					stack = append(stack, "VCALENDAR")
				}
			}
			if len(stack) >= maxDepth {
				return "", fmt.Errorf("calendar: BEGIN:%s: components nested deeper than %d", value, maxDepth)
			}
			stack = append(stack, value)
			emit("BEGIN:" + value)
		case "END":
			i := len(stack) - 1
			for i >= 0 && stack[i] != value {
				i--
			}
			if i < 0 {
				continue // an END for nothing open
			}
			for len(stack) > i {
				emit("END:" + stack[len(stack)-1])
				stack = stack[:len(stack)-1]
			}
			if len(stack) == 0 {
				return out.String(), nil // what follows the object is not ours
			}
		default:
			if len(stack) > 0 {
				emit(trimParams(line))
			}
		}
	}
	if !began {
		return "", errors.New("calendar: no BEGIN:VCALENDAR line: not an iCalendar object")
	}
	for len(stack) > 0 {
		emit("END:" + stack[len(stack)-1])
		stack = stack[:len(stack)-1]
	}
	return out.String(), nil
}

// unfold joins folded lines (a line that starts with a space or a tab
// continues the one before, RFC 5545 section 3.1), then joins a line
// without a colon to the one before it: a fold whose leading space a mail
// program ate. Empty lines are dropped. It runs in linear time.
func unfold(raws []string) []string {
	var folded joiner
	for _, raw := range raws {
		switch {
		case raw == "":
		case raw[0] == ' ' || raw[0] == '\t':
			folded.extend(raw[1:])
		default:
			folded.start(raw)
		}
	}
	var lines joiner
	for _, l := range folded.done() {
		if strings.Contains(l, ":") {
			lines.start(l)
		} else {
			lines.extend(l)
		}
	}
	return lines.done()
}

// joiner builds lines from pieces without quadratic concatenation.
type joiner struct {
	lines []string
	cur   strings.Builder
	open  bool
}

// start begins a new line with s.
func (j *joiner) start(s string) {
	j.flush()
	j.cur.WriteString(s)
	j.open = true
}

// extend appends s to the current line, or begins one with s.
func (j *joiner) extend(s string) {
	j.cur.WriteString(s)
	j.open = true
}

func (j *joiner) flush() {
	if j.open {
		j.lines = append(j.lines, j.cur.String())
		j.cur.Reset()
		j.open = false
	}
}

// done returns the lines.
func (j *joiner) done() []string {
	j.flush()
	return j.lines
}

// splitBeginEnd returns "BEGIN" or "END" and the upper-cased component
// name when line is a BEGIN or END line, and "" otherwise.
func splitBeginEnd(line string) (name, value string) {
	n := strings.IndexAny(line, ";:")
	if n < 0 {
		return "", ""
	}
	name = strings.ToUpper(line[:n])
	if name != "BEGIN" && name != "END" {
		return "", ""
	}
	// Parameters on BEGIN and END mean nothing; the value follows the
	// first colon outside quotes, and contentLine has vouched for quotes.
	i, inQuote := n, false
	for ; i < len(line) && (inQuote || line[i] != ':'); i++ {
		if line[i] == '"' {
			inQuote = !inQuote
		}
	}
	if i >= len(line) {
		return "", ""
	}
	value = strings.ToUpper(strings.TrimSpace(line[i+1:]))
	if value == "" {
		return "", ""
	}
	return name, value
}

// contentLine reports whether line is a content line the go-ical decoder
// parses without error (and without reaching its panics): a name, then
// parameters NAME=value[,value] with values quoted or free of `";,:`,
// then a colon.
func contentLine(line string) bool {
	i := 0
	for i < len(line) && isNameByte(line[i]) {
		i++
	}
	if i == 0 {
		return false
	}
	for i < len(line) && line[i] == ';' {
		i++
		start := i
		for i < len(line) && isNameByte(line[i]) {
			i++
		}
		if i == start || i >= len(line) || line[i] != '=' {
			return false
		}
		for {
			i++ // past '=' or ','
			if i < len(line) && line[i] == '"' {
				end := strings.IndexByte(line[i+1:], '"')
				if end < 0 {
					return false
				}
				i += end + 2
			} else {
				for i < len(line) && !strings.ContainsRune("\";,:", rune(line[i])) {
					i++
				}
			}
			if i >= len(line) || line[i] == '"' {
				return false
			}
			if line[i] != ',' {
				break
			}
		}
	}
	return i < len(line) && line[i] == ':'
}

// isNameByte reports whether c may appear in a property or parameter name
// (RFC 5545 section 3.1: alphanumerics and "-"; "_" is common in the wild).
func isNameByte(c byte) bool {
	return c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// trimParams drops the parameters of a content line whose parameter section
// is longer than maxParams, keeping its name and value.
func trimParams(line string) string {
	semi := strings.IndexByte(line, ';')
	colon := strings.IndexByte(line, ':')
	if semi < 0 || semi > colon {
		return line
	}
	// The value starts after the first colon outside quotes.
	inQuote := false
	for i := semi; i < len(line); i++ {
		switch line[i] {
		case '"':
			inQuote = !inQuote
		case ':':
			if !inQuote {
				if i-semi > maxParams {
					return line[:semi] + line[i:]
				}
				return line
			}
		}
	}
	return line
}
