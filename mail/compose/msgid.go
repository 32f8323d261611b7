package compose

import (
	"crypto/rand"
	"fmt"
	"strings"
)

// MaxIDLength is the longest Message-ID (without brackets) written.
const MaxIDLength = 250

// fallbackDomain is used by NewMessageID when it is given no usable domain.
const fallbackDomain = "rapport.invalid"

// NewMessageID returns a new Message-ID, without angle brackets, of the form
//
//	<26 random characters of [a-z2-7]>@<domain>
//
// (128 bits from crypto/rand, base32, lower case). domain is the owner's mail
// domain; an address may be passed, whose part after the last "@" is used.
// It is lowered; a domain that is not a plain dot-atom (empty, spaces,
// brackets) is replaced by "rapport.invalid" so that the ID is always
// valid.
func NewMessageID(domain string) string {
	if i := strings.LastIndexByte(domain, '@'); i >= 0 {
		domain = domain[i+1:]
	}
	domain = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(domain), "."))
	if !isDotAtom(domain) {
		domain = fallbackDomain
	}
	return strings.ToLower(rand.Text()) + "@" + domain
}

// isDotAtom reports whether s is an RFC 5322 dot-atom-text.
func isDotAtom(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for i := 0; i < len(part); i++ {
			if !isAtext(part[i]) {
				return false
			}
		}
	}
	return true
}

// isAtext reports whether c is an RFC 5322 atext character.
func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// checkID accepts a Message-ID with or without one pair of angle brackets,
// made of printable ASCII without spaces or further brackets, and at most
// MaxIDLength long. It is more lenient than RFC 5322's msg-id because
// In-Reply-To and References copy IDs written by other mailers.
func checkID(field, id string) error {
	bad := func(why string) error {
		return fmt.Errorf("compose: %s %q: %s", field, id, why)
	}
	v := trimBrackets(id)
	switch {
	case v == "":
		return bad("empty (use NewMessageID)")
	case len(v) > MaxIDLength:
		return bad(fmt.Sprintf("longer than %d characters", MaxIDLength))
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c <= ' ' || c >= 0x7f || c == '<' || c == '>' {
			return bad("contains white space, a control or non-ASCII character, or an angle bracket")
		}
	}
	return nil
}

// trimBrackets removes one pair of surrounding angle brackets.
func trimBrackets(id string) string {
	if len(id) >= 2 && id[0] == '<' && id[len(id)-1] == '>' {
		return id[1 : len(id)-1]
	}
	return id
}
