package compose

import (
	"strings"
	"unicode/utf8"
)

// maxSubjectToken is the longest space-free run of an ASCII subject left as
// it is. go-mail folds header lines only at spaces, so a longer run could
// make a line longer than 78 (or even 998) characters; such a subject is
// written as RFC 2047 encoded words instead, which fold between words.
const maxSubjectToken = 66

// subjectValue returns the value to give go-mail for the cleaned subject s.
// go-mail encodes non-ASCII text itself (RFC 2047, Q encoding, in words of
// at most 75 characters) but leaves ASCII alone, even when it is too long
// to fold or looks like an encoded word ("=?…?="), which a reader would
// decode. Those two cases are encoded here.
func subjectValue(s string) string {
	if !isASCII(s) {
		return s
	}
	if strings.Contains(s, "=?") {
		return qEncode(s)
	}
	for _, tok := range strings.Split(s, " ") {
		if len(tok) > maxSubjectToken {
			return qEncode(s)
		}
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// qEncode writes s, which is valid UTF-8, as RFC 2047 Q-encoded words of at
// most 75 characters separated by spaces, never splitting a character
// between two words.
func qEncode(s string) string {
	const (
		open    = "=?UTF-8?q?"
		closing = "?="
		room    = 75 - len(open) - len(closing)
		hex     = "0123456789ABCDEF"
	)
	var out, word strings.Builder
	flush := func() {
		if out.Len() > 0 {
			out.WriteByte(' ')
		}
		out.WriteString(open + word.String() + closing)
		word.Reset()
	}
	for _, r := range s {
		var enc strings.Builder
		var buf [utf8.UTFMax]byte
		for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
			switch {
			case c == ' ':
				enc.WriteByte('_')
			case c > ' ' && c <= '~' && c != '=' && c != '?' && c != '_':
				enc.WriteByte(c)
			default:
				enc.WriteByte('=')
				enc.WriteByte(hex[c>>4])
				enc.WriteByte(hex[c&0x0f])
			}
		}
		if word.Len()+enc.Len() > room {
			flush()
		}
		word.WriteString(enc.String())
	}
	if word.Len() > 0 || out.Len() == 0 {
		flush()
	}
	return out.String()
}
