package templates

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// bracketed matches text in square brackets on one line, with what comes
// right after it.
var bracketed = regexp.MustCompile(`\[([^\[\]\n]+)\](.?)`)

// Placeholders returns the placeholders still in body, in order of first
// appearance and each once, brackets included: "[what I learned]".
//
// A placeholder is text in square brackets on one line that holds a
// letter and at least two characters, outside quoted lines (those that
// start with ">", possibly after spaces, being someone else's text).
// Brackets that are something else do not count: a footnote or reference
// number ("[1]", "[12]") or a single letter ("[a]"), a markdown link
// "[text](url)" or "[text][ref]", and a link definition "[ref]: url" at
// the start of a line.
func Placeholders(body string) []string {
	var found []string
	for _, line := range strings.Split(normalizeNewlines(body), "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, " \t"), ">") {
			continue
		}
		for _, m := range bracketed.FindAllStringSubmatchIndex(line, -1) {
			inner, next := line[m[2]:m[3]], line[m[4]:m[5]]
			switch {
			case next == "(" || next == "[":
				continue // a markdown link
			case next == ":" && strings.TrimSpace(line[:m[0]]) == "":
				continue // a link definition
			case len([]rune(strings.TrimSpace(inner))) < 2 || !strings.ContainsFunc(inner, unicode.IsLetter):
				continue // a footnote number or letter
			}
			if p := line[m[0] : m[3]+1]; !slices.Contains(found, p) {
				found = append(found, p)
			}
		}
	}
	return found
}
