package importer

import (
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// normalizeEmail checks that s is a bare address ("jane@acme.example", not
// "Jane <jane@acme.example>") whose domain has a dot, and returns it with the
// domain lower-cased. The local part is kept as written: some servers treat it
// as case-sensitive. Quoted local parts ("\"jane doe\"@x.example") are refused:
// net/mail unquotes them, and they are too rare in practice to be worth it.
func normalizeEmail(s string) (string, bool) {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", false
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return "", false
	}
	domain := s[at+1:]
	// ParseAddress takes "jane@gmail"; for outreach that is a typo.
	if !strings.Contains(strings.Trim(domain, "."), ".") {
		return "", false
	}
	return s[:at+1] + ascii.Lower(domain), true
}

// collapseSpace trims s and turns every inner run of white space (newlines
// included) into one space.
func collapseSpace(s string) string {
	if collapsed(s) {
		return s // the common case, without allocating
	}
	return strings.Join(strings.Fields(s), " ")
}

// collapsed reports whether s is ASCII and already as collapseSpace makes
// it: no white space but single spaces between words.
func collapsed(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf, c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return false
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' '):
			return false
		}
	}
	return true
}

// splitTags splits s on commas, semicolons and bars and returns the trimmed,
// lower-cased, non-empty tags without repeats, in order; nil when there are none.
func splitTags(s string) []string {
	var tags []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' }) {
		t = strings.ToLower(collapseSpace(t))
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return tags
}

// parseDate reads a date as LinkedIn writes it ("12 Mar 2024") or in ISO form
// ("2024-03-12"), and returns UTC midnight of that day.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2 Jan 2006", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// urlKey is the form of a profile URL compared to find duplicates: without a
// trailing slash, case-insensitively (LinkedIn profile paths ignore case).
func urlKey(u string) string {
	return strings.ToLower(strings.TrimRight(u, "/"))
}
