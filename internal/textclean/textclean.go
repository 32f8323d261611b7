// Package textclean makes text from other people safe for one line of a
// mail header or a log: the one rule compose and templates share. It also
// reads names as a person reads them (Name, Mailbox): RFC 2047 encoded
// words decoded, wherever the name came from.
package textclean

import (
	"strings"
	"unicode"
)

// OneLine returns s as valid UTF-8 on one line: each run of invalid bytes
// becomes U+FFFD, every control character (CR, LF, TAB, NUL, DEL, C1) and
// every Unicode space or line separator becomes a space, runs of spaces
// collapse to one, and leading and trailing spaces go.
func OneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == '\u2028' || r == '\u2029' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
