package compose

import (
	"bytes"
	"crypto/rand"
	"strings"
)

// boundaryTries is how many random boundaries Bytes tries before it gives
// up. With 128 random bits a second try is already a curiosity: the loop
// is there so that the check can never be skipped, not because it spins.
const boundaryTries = 4

// newBoundary returns a new multipart boundary: "rapport-" and 26 random
// characters of [a-z2-7] (at least 128 bits from crypto/rand). It is made
// only of token characters, because go-mail writes the boundary parameter
// unquoted. Tests replace it to force a collision.
var newBoundary = func() string { return "rapport-" + strings.ToLower(rand.Text()) }

// boundaryUnique reports whether boundary occurs in msg, compared without
// case (some readers do), only where a multipart/alternative message of
// two parts needs it: in the Content-Type parameter, before each of the
// two parts and at the end. Anywhere else (in a part, or in a header such
// as the subject) a reader could take it for a delimiter.
func boundaryUnique(msg []byte, boundary string) bool {
	return bytes.Count(bytes.ToLower(msg), []byte(strings.ToLower(boundary))) == 4
}
