package command

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-mail/rapport/internal/textclean"
)

const (
	maxRunes = 1000      // the longest line read
	maxInput = 256 << 10 // the most of a body read, in bytes
	rawShown = 80        // how much of an over-long line an Error shows
)

// clean returns raw as one safe line (see the package doc) and whether raw
// held a line break of its own: a lone CR, NEL, VT, FF or U+2028/U+2029.
func clean(raw string) (line string, broken bool) {
	raw = strings.ToValidUTF8(raw, "\uFFFD")
	broken = strings.ContainsAny(raw, "\r\v\f\u0085\u2028\u2029")
	raw = strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, raw)
	return textclean.OneLine(raw), broken
}

// invisible reports whether r is a format character that can hide or
// reorder text: bidirectional controls, zero-width space, word joiner,
// byte order mark, soft hyphen. Zero-width (non-)joiners stay: scripts and
// emoji need them.
func invisible(r rune) bool {
	switch r {
	case '\u200b', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return unicode.Is(unicode.Bidi_Control, r)
}

// shorten returns s cut to n runes, with "…" when it was longer.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}

// bullet matches what may come before a command on a line: a list bullet
// or a number.
var bullet = regexp.MustCompile(`^(?:[-*•·–—+]|\d{1,2}[.)])\s+`)

func stripBullet(s string) string { return bullet.ReplaceAllString(s, "") }

// trimPunct removes the punctuation a sentence may end with.
func trimPunct(s string) string { return strings.TrimRight(s, ".,;:!?") }

// attributionLine matches the line mail apps put above a quote: "On …
// wrote:", "Le … a écrit :", "Am … schrieb …:", "El … escribió:".
var attributionLine = regexp.MustCompile(`(?i)^(on .+ wrote:?|le .+ a écrit ?:?|am .+ schrieb .+:?|el .+ escribió:?)$`)

// headerBlock matches the lines above an original that a client includes
// without marking it as quoted: Outlook's "-----Original Message-----" and
// "From: …", and the markers of a forward.
var headerBlock = regexp.MustCompile(`(?i)^(-+ ?original message ?-+|-+ ?ursprüngliche nachricht ?-+|-+ ?forwarded message ?-+|begin forwarded message:?|from: .+)$`)

// separator matches a line that only separates: underscores, dashes or
// equals signs, as clients put above a quote they do not mark with ">".
var separator = regexp.MustCompile(`^(?:_{5,}|-{5,}|={5,})$`)

// mobileSignature matches the signatures phones add.
var mobileSignature = regexp.MustCompile(`(?i)^(sent from my |get outlook for |sent with proton mail|sent from mail for windows)`)

// boundary is what a line is to the command block.
type boundary int

const (
	plain        boundary = iota // the owner's own text
	quoted                       // "> …": someone else's words
	attribution                  // "On … wrote:" above a quote
	attribution2                 // the same, wrapped over this line and the next
	end                          // a signature, a separator, or the header of an unquoted original
)

// classify says what line (cleaned) is. next is the line after it, for
// attributions that a client wrapped over two lines.
func classify(line, next string) boundary {
	switch {
	case strings.HasPrefix(line, ">"):
		return quoted
	case attributionLine.MatchString(line):
		return attribution
	case line == "--", separator.MatchString(line), mobileSignature.MatchString(line), headerBlock.MatchString(line):
		return end
	}
	if next != "" && !strings.HasPrefix(next, ">") && len(line)+len(next) < 400 &&
		attributionLine.MatchString(line+" "+next) {
		return attribution2
	}
	return plain
}
