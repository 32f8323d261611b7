package templates

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a template file.
type Problem struct {
	File string // the file's path, or "NAME.txt (built-in)" for a default
	Line int    // 1-based; 0 when the problem is about the whole file
	Msg  string // what is wrong and, where known, what to do
}

// String formats p as "FILE:LINE: MSG", or "FILE: MSG" without a line.
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// LoadError is what [Load] returns when templates are broken: every
// problem found, sorted by file and line.
type LoadError struct {
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// problems collects the problems of one file.
type problems struct {
	file string
	list []Problem
}

func (ps *problems) add(line int, format string, args ...any) {
	ps.list = append(ps.list, Problem{File: ps.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// addErr adds a text/template or html/template error, taking its line
// from the "template: NAME:LINE[:COL]: " prefix that text/template puts on
// its parse and execution errors, or the "html/template:NAME:LINE[:COL]: "
// of html/template's escaping errors (the templates are parsed so that
// their lines are the file's). suffix, if any, is appended to the message.
func (ps *problems) addErr(err error, suffix string) {
	line, msg := splitTemplateError(err)
	ps.add(line, "%s%s", msg, suffix)
}

var (
	templateErrPrefix = regexp.MustCompile(`(?s)^(?:html/)?template: ?[^:\s]+:(\d+):(?:\d+:)? ?(.*)$`)
	executingPrefix   = regexp.MustCompile(`^executing "[^"]*" at `)
)

// splitTemplateError returns the line of a text/template error and its
// message without the template's name; line 0 when there is none.
func splitTemplateError(err error) (line int, msg string) {
	msg = err.Error()
	m := templateErrPrefix.FindStringSubmatch(msg)
	if m == nil {
		return 0, msg
	}
	line, _ = strconv.Atoi(m[1])
	return line, executingPrefix.ReplaceAllString(m[2], "")
}

// sortProblems orders ps by file, then line, and drops exact repeats.
func sortProblems(ps []Problem) []Problem {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	return slices.Compact(ps)
}
