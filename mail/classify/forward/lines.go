package forward

import (
	"strings"
)

// line is one line of a body, split into its quote depth and its text.
type line struct {
	depth int    // how many ">" quote marks it starts with
	text  string // the line without them (and without the space after the last)
	raw   string // the line as written
}

// blank reports whether the line has nothing but spaces (no-break spaces
// included, which HTML-to-text conversion leaves behind).
func (l line) blank() bool { return strings.TrimSpace(l.text) == "" }

// splitLines normalizes text (valid UTF-8, no byte order marks, LF line
// ends) and splits it into lines.
func splitLines(text string) []line {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.ReplaceAll(text, "\uFEFF", "")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	raws := strings.Split(text, "\n")
	lines := make([]line, len(raws))
	for i, raw := range raws {
		lines[i] = unquote(raw)
	}
	return lines
}

// unquote reads the quote marks at the start of raw: ">", ">>", "> > ",
// also after leading spaces.
func unquote(raw string) line {
	l := line{raw: raw, text: raw}
	for {
		t := strings.TrimLeft(l.text, " \t")
		if !strings.HasPrefix(t, ">") {
			break
		}
		l.depth++
		l.text = t[1:]
	}
	if l.depth > 0 {
		l.text = strings.TrimPrefix(l.text, " ")
	}
	return l
}

// join writes lines back as text, each with its quote depth less base
// (lines shallower than base are written as they are unquoted).
func join(lines []line, base int) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		if d := l.depth - base; d > 0 {
			b.WriteString(strings.Repeat(">", d))
			if l.text != "" {
				b.WriteByte(' ')
			}
		}
		if !l.blank() {
			b.WriteString(l.text)
		}
	}
	return b.String()
}

// trimBlank drops blank lines from both ends of lines.
func trimBlank(lines []line) []line {
	for len(lines) > 0 && lines[0].blank() {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1].blank() {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// body turns the lines after a header block into the forwarded text: blank
// lines at the ends dropped, the quoting of the block (base) removed, and
// then one more level of quoting, or a common indentation of four spaces
// or a tab, when every line carries it (Missive quotes the forwarded
// text; Outlook for Mac indents it).
func body(lines []line, base int) string {
	lines = trimBlank(lines)
	allQuoted, allIndented := len(lines) > 0, len(lines) > 0
	for _, l := range lines {
		if l.blank() {
			continue
		}
		if l.depth <= base {
			allQuoted = false
		}
		if l.depth != base || !(strings.HasPrefix(l.text, "    ") || strings.HasPrefix(l.text, "\t")) {
			allIndented = false
		}
	}
	if allQuoted {
		base++
	}
	if allIndented {
		dedented := make([]line, len(lines))
		for i, l := range lines {
			l.text = strings.TrimPrefix(l.text, "\t")
			l.text = strings.TrimPrefix(l.text, "    ")
			dedented[i] = l
		}
		lines = dedented
	}
	return join(lines, base)
}
