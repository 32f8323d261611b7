package main

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/rapport-mail/rapport/contacts"
)

// progressLine shows an import's progress on one line of a terminal,
// rewritten in place.
type progressLine struct {
	w     io.Writer
	name  string
	shown bool
}

// newProgressLine returns a progress line on w, or nil when w is not a
// terminal: a log or a pipe gets no progress, only the report.
func newProgressLine(w io.Writer, name string) *progressLine {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progressLine{w: w, name: name}
}

// show rewrites the line with p.
func (l *progressLine) show(p contacts.ImportProgress) {
	l.shown = true
	fmt.Fprintf(l.w, "\r%s\x1b[K", progressText(l.name, p))
}

// clear erases the line, if it was shown; a nil line does nothing.
func (l *progressLine) clear() {
	if l != nil && l.shown {
		fmt.Fprint(l.w, "\r\x1b[K")
	}
}

// progressText is what the line says: "checking people.csv: 40% (12,000
// rows)", then "importing people.csv: 3,000 of 30,000 rows (10%)".
func progressText(name string, p contacts.ImportProgress) string {
	if p.Total > 0 {
		return fmt.Sprintf("%s %s: %s of %s rows (%d%%)", p.Phase, name, groupThousands(p.Rows), groupThousands(p.Total), 100*p.Rows/p.Total)
	}
	if p.Size > 0 {
		return fmt.Sprintf("%s %s: %d%% (%s rows)", p.Phase, name, min(100, 100*p.Read/p.Size), groupThousands(p.Rows))
	}
	return fmt.Sprintf("%s %s: %s rows", p.Phase, name, groupThousands(p.Rows))
}

// groupThousands writes n with commas between thousands.
func groupThousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
