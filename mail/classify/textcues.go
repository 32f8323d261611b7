package classify

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// cueSet finds any of many phrases in a text fast. Go's regular
// expressions have no automaton that runs a large alternation in one
// pass: one of a hundred phrases over 2 KB takes milliseconds. Here each
// phrase is a small expression that starts with literal text; one pass
// over the lower-cased text looks up every three bytes among the
// literals' first three, and an expression runs, anchored, only where its
// literal starts.
type cueSet struct {
	cues  []cue
	first [1 << 16 / 64]uint64 // a hash of the first three bytes of some literal, as a bit set
	byKey map[uint32][]int     // the cues by the first three bytes of their literal
}

// cue is one phrase: re, anchored, runs where lit (lower case) starts,
// and only at the start of a word when the phrase started with `\b`.
type cue struct {
	lit      string
	wordOnly bool
	re       *regexp.Regexp
}

// maxCue bounds the text a cue's expression reads from where its literal
// starts: more than any phrase, less than a long text, so the backtracking
// matcher, whose work grows with the input, stays cheap.
const maxCue = 300

// newCueSet compiles phrases: regular-expression fragments, matched
// case-insensitively, that may start with `\b` and then with literal text
// of at least three bytes, or with a group of such alternatives. It panics
// on a phrase that does not (a programming error, caught by the tests).
func newCueSet(phrases []string) *cueSet {
	c := &cueSet{byKey: map[uint32][]int{}}
	for _, p := range phrases {
		for _, alt := range splitAlternatives(p) {
			for _, f := range expandLead(alt) {
				wordOnly := strings.HasPrefix(f, `\b`)
				f = strings.TrimPrefix(f, `\b`)
				lit := strings.ToLower(literalPrefixes(f)[0])
				if len(lit) < 3 {
					panic("classify: cue " + f + " does not start with three bytes of literal text")
				}
				k := cueKey(lit, 0)
				h := cueHash(k)
				c.first[h/64] |= 1 << (h % 64)
				c.byKey[k] = append(c.byKey[k], len(c.cues))
				c.cues = append(c.cues, cue{lit: lit, wordOnly: wordOnly, re: regexp.MustCompile(`(?i)^(?:` + f + `)`)})
			}
		}
	}
	return c
}

// match reports whether a phrase occurs in lower, a lower-cased text.
func (c *cueSet) match(lower string) bool {
	for i := 0; i+2 < len(lower); i++ {
		k := cueKey(lower, i)
		if h := cueHash(k); c.first[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		for _, n := range c.byKey[k] {
			q := &c.cues[n]
			if strings.HasPrefix(lower[i:], q.lit) && (!q.wordOnly || wordStart(lower, i)) && q.re.MatchString(head(lower[i:], maxCue)) {
				return true
			}
		}
	}
	return false
}

// cueKey is the three bytes of s at i.
func cueKey(s string, i int) uint32 {
	return uint32(s[i])<<16 | uint32(s[i+1])<<8 | uint32(s[i+2])
}

// cueHash folds a key into 16 bits.
func cueHash(k uint32) uint32 { return (k ^ k>>11 ^ k>>19) & 0xffff }

// wordStart reports whether s[i:] starts a word as `\b` sees it: the byte
// before is not an ASCII letter, digit or underscore.
func wordStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	b := s[i-1]
	return !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_')
}

// splitAlternatives splits a regular expression at its top-level "|".
func splitAlternatives(expr string) []string {
	var out []string
	start := 0
	eachSyntax(expr, func(i int, r rune, depth int) bool {
		if r == '|' && depth == 0 {
			out = append(out, expr[start:i])
			start = i + utf8.RuneLen(r)
		}
		return true
	})
	return append(out, expr[start:])
}

// eachSyntax calls fn with each rune of a regular expression that is
// syntax (outside escapes and character classes), its index, and the
// group depth before it, until fn returns false.
func eachSyntax(expr string, fn func(i int, r rune, depth int) bool) {
	depth, inClass, escaped := 0, false, false
	for i, r := range expr {
		switch {
		case escaped:
			escaped = false
			continue
		case r == '\\':
			escaped = true
			continue
		case inClass:
			inClass = r != ']'
			continue
		case r == '[':
			inClass = true
			continue
		}
		if !fn(i, r, depth) {
			return
		}
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		}
	}
}

// expandLead turns a fragment whose literal start is followed by a
// group of alternatives into one fragment per alternative, so that each
// starts with longer literal text: `\b(?:estoy|estaré) x` gives `\bestoy
// x` and `\bestaré x`, `the (?:email|message)` gives `the email` and `the
// message` (a literal as common as "the " would run its expression at
// every occurrence). A group made optional or repeated stays, and so do
// groups past maxExpand fragments.
func expandLead(f string) []string {
	out := []string{f}
	for more := true; more; {
		more = false
		var next []string
		for _, g := range out {
			alts := expandGroup(g)
			if len(alts) > 1 && len(out)-1+len(alts) <= maxExpand {
				more = true
			} else {
				alts = []string{g}
			}
			next = append(next, alts...)
		}
		out = next
	}
	return out
}

// maxExpand bounds the fragments expandLead makes of one.
const maxExpand = 16

// expandGroup expands the first group of f when only literal text (and
// a leading `\b`) comes before it and no quantifier after it; otherwise
// it returns f alone.
func expandGroup(f string) []string {
	b := ""
	if strings.HasPrefix(f, `\b`) {
		b, f = `\b`, f[2:]
	}
	p := strings.IndexAny(f, `\([.?*+{^$|`)
	if p < 0 || !strings.HasPrefix(f[p:], "(?:") || p > 0 && strings.ContainsRune("?*+{", rune(f[p-1])) {
		return []string{b + f}
	}
	end := closingParen(f[p:])
	if end < 0 {
		return []string{b + f}
	}
	end += p
	if end+1 < len(f) && strings.ContainsRune("?*+{", rune(f[end+1])) {
		return []string{b + f}
	}
	var out []string
	for _, alt := range splitAlternatives(f[p+3 : end]) {
		out = append(out, b+f[:p]+alt+f[end+1:])
	}
	return out
}

// closingParen returns the index of the parenthesis that closes the one
// f starts with, or -1.
func closingParen(f string) int {
	end := -1
	eachSyntax(f, func(i int, r rune, depth int) bool {
		if r == ')' && depth == 1 {
			end = i
			return false
		}
		return true
	})
	return end
}
