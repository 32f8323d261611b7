// Package ascii holds comparisons that fold ASCII letters only, for names
// that are ASCII by protocol (mail domains, header words, tags) and for
// mail addresses and Message-IDs, where a Unicode look-alike must never
// match.
package ascii

// EqualFold reports whether a and b are equal with ASCII letters compared
// without regard to case. Unlike strings.EqualFold it never matches a
// non-ASCII letter (the Kelvin sign) with an ASCII one.
func EqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Lower returns s with the ASCII letters A-Z lowered and every other byte
// unchanged. It is the key for mail addresses, domains and Message-IDs:
// strings.ToLower folds Unicode too, so an address written with the
// Kelvin sign (U+212A) or another look-alike would lower to the owner's or
// a contact's ASCII address and match it. Here such an address stays
// distinct, as it is a different mailbox. A string without upper-case
// ASCII letters is returned as is, without allocating.
func Lower(s string) string {
	i := 0
	for i < len(s) && !('A' <= s[i] && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
