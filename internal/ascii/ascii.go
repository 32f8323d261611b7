// Package ascii holds comparisons that fold ASCII letters only, for names
// that are ASCII by protocol (mail domains, header words, tags) where a
// Unicode look-alike must never match.
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
