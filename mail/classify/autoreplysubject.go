package classify

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// autoReplySubject reports an out-of-office subject. One that starts
// with a reply or forward prefix was written by a person ("Re: Out of
// office next week?", "Fwd: Automatic reply: …"). Tags a gateway puts in
// front ("[EXTERNAL] Automatic reply: …") are looked past.
func (p *parsed) autoReplySubject() bool {
	s := p.subject
	for range 3 {
		if autoReplySubject.MatchString(s) {
			return !replyPrefix.MatchString(s) && !isForwardSubject(s)
		}
		var ok bool
		if s, ok = cutSubjectTag(s); !ok {
			return false
		}
	}
	return false
}

// cutSubjectTag removes a leading tag such as "[EXTERNAL]" or
// "*** SPAM ***", reporting whether there was one.
func cutSubjectTag(s string) (string, bool) {
	t := strings.TrimLeft(s, " \t")
	var end int
	switch {
	case strings.HasPrefix(t, "["):
		end = strings.IndexByte(t, ']')
	case strings.HasPrefix(t, "***"):
		if i := strings.Index(t[3:], "***"); i >= 0 {
			end = i + 5
		}
	}
	if end <= 0 || end > 40 {
		return s, false
	}
	return t[end+1:], true
}

// autoReplySubject matches out-of-office subjects, in the languages of
// autoreplywords.go: an automatic-reply or absence phrase before a colon,
// in brackets or as the whole subject; an absence phrase before a
// separator or a date; an away word or a first-person sentence that is
// the whole subject, or followed by a date or "until"; or, anywhere, "…
// is out of the office" (Lotus Notes) and "(returning 3 May)".
var autoReplySubject = newSubjectPattern([]subjectForm{
	{autoWords, ``, `(?:` + subjectColon + `|\s*[.!]?\s*$)`},
	{absenceWords, ``, `(?:` + subjectColon + `|\s*(?:[.!]?\s*$|[-–—|(])|` + subjectTail + `)`},
	{awayWords, ``, `(?:\s*[.!]?\s*$|` + subjectTail + `)`},
	{selfWords, ``, `(?:\s*[.!]?\s*$|` + subjectTail + `)`},
	{replyWords, ``, `\s+(?:from|to|for)\s`},
	{bracketWords, `\[`, `\s*\]`},
	{bracketWords, `\(`, `\s*\)`},
	{bracketWords, `【`, `\s*】`},
},
	`(?i)\bis out of (?:the )?office\b|\(returning \d`,
	[]string{"out of", "(returning"},
)

// bracketWords may stand in brackets: "[Auto-Reply] Coffee?".
var bracketWords = append(append([]string(nil), autoWords...), absenceWords...)

// weakAwaySubject matches a subject that starts with an away word and a
// colon ("Urlaub: Ihre Anfrage"): an out-of-office subject only when the
// body says so too.
var weakAwaySubject = newSubjectPattern([]subjectForm{{awayWords, ``, subjectColon}}, `$^`, nil)

// subjectForm is a family of subject starts: each word, after open
// (literal text, such as a bracket) and before what must follow it.
type subjectForm struct {
	words       []string
	open, after string
}

// subjectPattern matches subjects that start, after white space, as one
// of its branches says, or that hold what anywhere matches. It is fast
// because every subject is tested: a branch is one form and one word,
// compiled when first needed, and it runs only on a subject that starts
// (case folded) with the branch's literal prefix; anywhere runs only on a
// subject that holds (in lower case) one of needs, the literals of its
// alternatives.
type subjectPattern struct {
	// byStart holds the branches by the first runes of their prefix,
	// folded (see startKey); always, those whose prefix is empty.
	byStart  map[startKey][]*subjectBranch
	always   []*subjectBranch
	anywhere *regexp.Regexp
	needs    []string
}

// subjectBranch is `(?i)^\s*` + open + word + after, as a regular
// expression, and the literal text every match starts with after the
// white space.
type subjectBranch struct {
	prefix, expr string
	once         sync.Once
	re           *regexp.Regexp
}

// match reports whether the branch matches s.
func (b *subjectBranch) match(s string) bool {
	b.once.Do(func() { b.re = regexp.MustCompile(b.expr) })
	return b.re.MatchString(s)
}

// newSubjectPattern makes the branches of forms, and compiles anywhere.
// Each word must be one alternative (no "|" outside parentheses).
func newSubjectPattern(forms []subjectForm, anywhere string, needs []string) *subjectPattern {
	p := &subjectPattern{byStart: map[startKey][]*subjectBranch{}, anywhere: regexp.MustCompile(anywhere), needs: needs}
	for _, f := range forms {
		open := literalPrefixes(f.open)[0]
		for _, w := range f.words {
			b := &subjectBranch{prefix: open + literalPrefixes(w)[0], expr: `(?i)^\s*` + f.open + `(?:` + w + `)` + f.after}
			if b.prefix == "" {
				p.always = append(p.always, b)
				continue
			}
			k := startOf(b.prefix)
			p.byStart[k] = append(p.byStart[k], b)
		}
	}
	return p
}

// MatchString reports whether a branch or anywhere matches s.
func (p *subjectPattern) MatchString(s string) bool {
	if p.matchStart(s) {
		return true
	}
	if len(p.needs) == 0 {
		return false
	}
	lower := strings.ToLower(s)
	for _, n := range p.needs {
		if strings.Contains(lower, n) {
			return p.anywhere.MatchString(s)
		}
	}
	return false
}

// matchStart reports whether a branch matches s, trying only those whose
// prefix s starts with after the white space `\s` matches, comparing runes
// by Unicode simple folding as the expressions' (?i) does: the others
// cannot match.
func (p *subjectPattern) matchStart(s string) bool {
	for _, b := range p.always {
		if b.match(s) {
			return true
		}
	}
	t := strings.TrimLeft(s, " \t\n\f\r")
	k := startOf(t)
	for n := range k {
		if k[n] == 0 {
			break
		}
		var short startKey
		copy(short[:], k[:n+1])
		for _, b := range p.byStart[short] {
			if hasPrefixFold(t, b.prefix) && b.match(s) {
				return true
			}
		}
	}
	return false
}

// startKey is the first runes of a text, each folded (foldKey), zero
// after its end: the key branches are found by, with a prefix of one,
// two or three runes ("[auto…" is not looked for in "[ni] meetup").
type startKey [3]rune

// startOf returns the start key of s.
func startOf(s string) startKey {
	var k startKey
	for i := range k {
		r, n := utf8.DecodeRuneInString(s)
		if n == 0 {
			break
		}
		k[i], s = foldKey(r), s[n:]
	}
	return k
}

// branches returns every branch, for tests.
func (p *subjectPattern) branches() []*subjectBranch {
	out := append([]*subjectBranch(nil), p.always...)
	for _, bs := range p.byStart {
		out = append(out, bs...)
	}
	return out
}

// foldKey is the smallest rune of r's simple-folding orbit: the same for
// every case of a letter ('k', 'K' and the Kelvin sign).
func foldKey(r rune) rune {
	if r < utf8.RuneSelf { // the orbit's other runes are above ASCII
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	k := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		k = min(k, f)
	}
	return k
}

// hasPrefixFold reports whether s starts with prefix under Unicode simple
// folding, rune by rune (strings.EqualFold on a prefix of the same runes).
func hasPrefixFold(s, prefix string) bool {
	for _, want := range prefix {
		r, n := utf8.DecodeRuneInString(s)
		if n == 0 || !foldEqual(r, want) {
			return false
		}
		s = s[n:]
	}
	return true
}

// foldEqual reports whether a and b are the same rune under Unicode
// simple folding.
func foldEqual(a, b rune) bool {
	if a == b {
		return true
	}
	if a < utf8.RuneSelf && b < utf8.RuneSelf {
		return a|0x20 == b|0x20 && a|0x20 >= 'a' && a|0x20 <= 'z'
	}
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}

// literalPrefixes returns, for each top-level alternative of an
// alternation in regular expression syntax, the literal text every match
// of that alternative starts with: up to the first operator, without a
// character that a following ?, * or {…} makes optional. An escaped
// punctuation character (`\[`, `\.`) is literal; an escaped letter (`\s`,
// `\b`, `\pL`) is an operator. An alternative that starts with an
// operator gives "", which every string starts with.
func literalPrefixes(alternation string) []string {
	var out []string
	depth, inClass, escaped := 0, false, false
	var cur []rune
	done := false
	for _, r := range alternation {
		switch {
		case escaped:
			escaped = false
			if depth > 0 || done {
				continue
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				done = true
				continue
			}
			cur = append(cur, r)
			continue
		case r == '\\':
			escaped = true
			continue
		case inClass:
			inClass = r != ']'
			continue
		case r == '[':
			inClass, done = true, true
			continue
		case r == '(':
			depth++
			done = true
			continue
		case r == ')':
			depth--
			continue
		case depth > 0:
			continue
		case r == '|':
			out = append(out, string(cur))
			cur, done = cur[:0:0], false
			continue
		case done:
			continue
		}
		switch r {
		case '?', '*', '{':
			if len(cur) > 0 {
				cur = cur[:len(cur)-1]
			}
			done = true
		case '+', '.', '^', '$':
			done = true
		default:
			cur = append(cur, r)
		}
	}
	return append(out, string(cur))
}
