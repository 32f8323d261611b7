package classify

import (
	"strings"
	"unicode"
)

// maxQuoteMarks bounds the ">" written before a quoted line, so that
// thousands of nested quotes cost thousands of bytes, not millions.
const maxQuoteMarks = 8

// textWriter lays text out in lines, each with the quote depth it was
// started at, the way a plain-text mail program would write it: runs of
// white space collapse to one space, lines carry no trailing spaces, runs
// of blank lines collapse to one, and quoted lines start with ">" marks.
// Every operation costs time linear in what it writes.
type textWriter struct {
	lines []textLine

	cur      strings.Builder
	curDepth int    // the quote depth of the line being written
	open     bool   // the current line is started (it may hold only a no-break space)
	written  bool   // the current line has text
	space    bool   // a space is due before the next text on the line
	bullet   string // written before the next text: a list item's "- "

	depth int // the quote depth of text written from now on
}

// textLine is one laid-out line; a blank line has no text.
type textLine struct {
	text  string
	depth int
}

// inline writes text as HTML lays it out: white space, line breaks
// included, collapses to one space, none at the start of a line.
func (w *textWriter) inline(s string) {
	for _, r := range s {
		if r == '\u00a0' && !w.open {
			// A block holding only a no-break space is an empty line
			// (Outlook's <div>&nbsp;</div>), though the space itself is
			// not kept at the start of a line.
			w.begin()
			continue
		}
		if unicode.IsSpace(r) {
			w.space = w.written
			continue
		}
		w.put(r)
	}
}

// pre writes preformatted text: spaces are kept, line breaks break lines.
func (w *textWriter) pre(s string) {
	for _, r := range s {
		switch r {
		case '\n':
			w.hardBreak()
		case '\r':
		case '\u00a0':
			w.put(' ')
		default:
			w.put(r)
		}
	}
}

// put writes one character, starting the line when it is the first.
func (w *textWriter) put(r rune) {
	if !w.open {
		w.begin()
	} else if w.space {
		w.cur.WriteByte(' ')
	}
	w.space, w.written = false, true
	w.cur.WriteRune(r)
}

// begin starts a line at the current depth, after a pending bullet.
func (w *textWriter) begin() {
	w.open, w.written, w.curDepth = true, false, w.depth
	w.cur.WriteString(w.bullet)
	w.bullet = ""
}

// gap asks for a space before the next text on this line (between table
// cells), none when the line is empty.
func (w *textWriter) gap() { w.space = w.written }

// lineBreak ends the current line, if it has text (a block's edge).
func (w *textWriter) lineBreak() {
	if w.open {
		w.endLine()
	}
	w.space = false
}

// hardBreak ends the line, leaving an empty one when it had no text (<br>).
func (w *textWriter) hardBreak() {
	if w.open {
		w.endLine()
		return
	}
	w.space = false
	w.blank()
}

// paragraph ends the line and leaves one blank line after it.
func (w *textWriter) paragraph() {
	w.lineBreak()
	w.blank()
}

// setDepth changes the quote depth; a quote starts and ends a paragraph.
func (w *textWriter) setDepth(d int) {
	if d != w.depth {
		w.paragraph()
		w.depth = d
	}
}

func (w *textWriter) endLine() {
	text := strings.TrimRight(w.cur.String(), " \t")
	w.cur.Reset()
	w.open, w.written, w.space = false, false, false
	if text == "" {
		w.blank()
		return
	}
	w.lines = append(w.lines, textLine{text: text, depth: w.curDepth})
}

// blank adds a blank line unless the text starts here or one precedes.
func (w *textWriter) blank() {
	if n := len(w.lines); n > 0 && w.lines[n-1].text != "" {
		w.lines = append(w.lines, textLine{})
	}
}

// String returns the text laid out so far. A blank line takes the
// shallower depth of the lines around it, so the blank line between an
// answer and its quote belongs to the answer.
func (w *textWriter) String() string {
	if w.open {
		w.endLine()
	}
	lines := w.lines
	for len(lines) > 0 && lines[len(lines)-1].text == "" {
		lines = lines[:len(lines)-1]
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		d := l.depth
		if l.text == "" { // never first or last: blank lines are not pushed first, and trailing ones are cut
			d = min(lines[i-1].depth, lines[i+1].depth)
		}
		if d > 0 {
			b.WriteString(strings.Repeat(">", min(d, maxQuoteMarks)))
			if l.text != "" {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l.text)
	}
	return b.String()
}
