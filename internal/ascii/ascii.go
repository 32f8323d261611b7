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

// Lower returns s with ASCII letters lowered and every other byte as it
// is, for keys built from addresses: strings.ToLower would turn the
// Kelvin sign into k and let a look-alike address match a real one.
func Lower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
