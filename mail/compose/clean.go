package compose

import (
	"strings"
	"unicode/utf8"

	"github.com/rapport-mail/rapport/internal/textclean"
)

// MaxNameRunes is the longest display name written; longer names (no
// real one is) are cut, so that no header line can exceed RFC 5322's 998
// characters.
const MaxNameRunes = 200

// cleanText makes s safe as the text of a header field (see
// textclean.OneLine).
func cleanText(s string) string { return textclean.OneLine(s) }

// cleanName is cleanText cut to MaxNameRunes.
func cleanName(s string) string {
	s = cleanText(s)
	if utf8.RuneCountInString(s) <= MaxNameRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == MaxNameRunes {
			return strings.TrimRight(s[:i], " ")
		}
		n++
	}
	return s
}

// cleanBody returns s as valid UTF-8 (each run of invalid bytes becomes one
// U+FFFD) with LF
// line endings (from CRLF, CR or LF) and a final line break. The
// quoted-printable writer turns each LF into CRLF.
func cleanBody(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}
