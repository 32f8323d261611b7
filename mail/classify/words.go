package classify

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"
)

// decodeHeaderText decodes an unstructured header value to UTF-8: RFC 2047
// encoded words (adjacent words in the same charset are joined before
// conversion, so a multi-byte character or an ISO-2022-JP escape sequence
// split across words survives) and raw 8-bit bytes, read in fallback (the
// message's declared charset) when they are not UTF-8. It never fails; a
// word that cannot be decoded is kept as written.
func decodeHeaderText(s, fallback string) string {
	if !strings.Contains(s, "=?") {
		return rawHeaderText(s, fallback)
	}
	var out strings.Builder
	var pending []byte // decoded bytes of the current run of words
	pendingCharset := ""
	flush := func() {
		if len(pending) > 0 {
			out.WriteString(toUTF8(pending, pendingCharset))
		}
		pending, pendingCharset = nil, ""
	}
	rest := s
	lastWasWord := false
	for rest != "" {
		i := strings.Index(rest, "=?")
		if i < 0 {
			flush()
			out.WriteString(rawHeaderText(rest, fallback))
			break
		}
		cs, data, n, ok := parseEncodedWord(rest[i:])
		if !ok {
			flush()
			out.WriteString(rawHeaderText(rest[:i+2], fallback))
			rest = rest[i+2:]
			lastWasWord = false
			continue
		}
		between := rest[:i]
		if !(lastWasWord && strings.TrimSpace(between) == "") {
			flush()
			out.WriteString(rawHeaderText(between, fallback))
		}
		if pendingCharset != "" && !strings.EqualFold(pendingCharset, cs) {
			flush()
		}
		pending = append(pending, data...)
		pendingCharset = cs
		rest = rest[i+n:]
		lastWasWord = true
	}
	flush()
	return strings.ToValidUTF8(out.String(), "\uFFFD")
}

// rawHeaderText turns header bytes that are not encoded words into UTF-8.
func rawHeaderText(s, fallback string) string {
	if utf8.ValidString(s) {
		return s
	}
	if fallback != "" {
		return toUTF8([]byte(s), fallback)
	}
	return bestEffort([]byte(s))
}

// maxEncodedWord bounds one encoded word. RFC 2047 says 75 characters;
// real mailers write longer ones, so this is generous.
const maxEncodedWord = 4096

// parseEncodedWord reads "=?charset?enc?text?=" at the start of s and
// returns the charset, the decoded bytes and the length consumed.
func parseEncodedWord(s string) (cs string, data []byte, n int, ok bool) {
	if !strings.HasPrefix(s, "=?") {
		return "", nil, 0, false
	}
	p := s[2:]
	q1 := strings.IndexByte(p, '?')
	if q1 <= 0 || q1+2 >= len(p) || p[q1+2] != '?' {
		return "", nil, 0, false
	}
	cs = p[:q1]
	enc := p[q1+1]
	text := p[q1+3:]
	// Bound the search: an unterminated "=?" must not make decoding quadratic.
	window := text
	if len(window) > maxEncodedWord {
		window = window[:maxEncodedWord]
	}
	end := strings.Index(window, "?=")
	if end < 0 || strings.ContainsAny(cs, " \t") {
		return "", nil, 0, false
	}
	text = text[:end]
	if strings.ContainsAny(text, " \t") && enc != 'q' && enc != 'Q' {
		text = strings.Join(strings.Fields(text), "")
	}
	n = 2 + q1 + 3 + end + 2
	switch enc {
	case 'b', 'B':
		data = decodeBase64Lenient([]byte(text))
	case 'q', 'Q':
		data = decodeQ(text)
	default:
		return "", nil, 0, false
	}
	return cs, data, n, true
}

// decodeQ decodes RFC 2047 "Q" text: "_" is a space, "=XX" a byte.
func decodeQ(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_':
			out = append(out, ' ')
		case c == '=' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			out = append(out, c)
		}
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// decodeBase64Lenient decodes base64 ignoring anything outside the alphabet
// and decoding each "="-terminated segment on its own (two bodies pasted
// together happen). A broken tail yields what could be decoded.
func decodeBase64Lenient(b []byte) []byte {
	out := make([]byte, 0, len(b)*3/4)
	seg := make([]byte, 0, len(b))
	flush := func() {
		if len(seg) == 0 {
			return
		}
		n := len(seg) / 4 * 4
		if d, err := base64.StdEncoding.DecodeString(string(seg[:n])); err == nil {
			out = append(out, d...)
		}
		if tail := seg[n:]; len(tail) >= 2 {
			if d, err := base64.RawStdEncoding.DecodeString(string(tail)); err == nil {
				out = append(out, d...)
			}
		}
		seg = seg[:0]
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+', c == '/':
			seg = append(seg, c)
		case c == '=':
			flush()
		}
	}
	flush()
	return out
}
