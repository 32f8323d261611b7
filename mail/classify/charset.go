package classify

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding/charmap"

	"github.com/rapport-mail/rapport/internal/textclean"
)

// toUTF8 converts b from the charset label to valid UTF-8. It never fails:
// an unknown or lying label falls back to UTF-8 when b is valid UTF-8, and to
// Windows-1252 (every byte is some character) otherwise.
func toUTF8(b []byte, label string) string {
	label = normalizeCharset(label)
	switch label {
	case "", "us-ascii", "utf-8", "none", "unknown-8bit", "x-unknown", "default", "8bit":
		return bestEffort(b)
	case "utf-7", "unicode-1-1-utf-7", "x-utf-7":
		return decodeUTF7(b)
	}
	if isASCII(b) && !needsDecoderForASCII(label) {
		return string(b)
	}
	r, err := charset.Reader(label, bytes.NewReader(b))
	if err != nil || r == nil {
		return bestEffort(b)
	}
	out, err := io.ReadAll(r)
	if err != nil && len(out) == 0 {
		return bestEffort(b)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// bestEffort keeps valid UTF-8 and reads anything else as Windows-1252.
func bestEffort(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// normalizeCharset lower-cases a label, drops quotes, an RFC 2231 language
// suffix and spaces, and maps the aliases seen in real mail: the rule
// names decoded for display share (textclean.CharsetLabel).
func normalizeCharset(label string) string { return textclean.CharsetLabel(label) }

// needsDecoderForASCII reports charsets where plain ASCII bytes do not mean
// ASCII characters (escape-based or 16-bit encodings).
func needsDecoderForASCII(label string) bool {
	return strings.HasPrefix(label, "utf-16") || strings.HasPrefix(label, "utf-32") ||
		strings.HasPrefix(label, "iso-2022") || label == "hz-gb-2312" || label == "csiso2022jp" ||
		label == "ucs-2" || label == "utf-16"
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// decodeUTF7 decodes RFC 2152 UTF-7, which x/text does not provide (Outlook
// labels some reports "unicode-1-1-utf-7"). Malformed shifts are kept as
// they are.
func decodeUTF7(b []byte) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '+' {
			if c < 0x80 {
				out.WriteByte(c)
			} else {
				out.WriteRune(utf8.RuneError)
			}
			continue
		}
		j := i + 1
		if j < len(b) && b[j] == '-' {
			out.WriteByte('+')
			i = j
			continue
		}
		var bits, nbits uint32
		var units []uint16
		for ; j < len(b); j++ {
			v := strings.IndexByte(alphabet, b[j])
			if v < 0 {
				break
			}
			bits = bits<<6 | uint32(v)
			nbits += 6
			if nbits >= 16 {
				nbits -= 16
				units = append(units, uint16(bits>>nbits))
				bits &= 1<<nbits - 1
			}
		}
		out.WriteString(utf16String(units))
		if j < len(b) && b[j] == '-' {
			j++
		}
		i = j - 1
	}
	return strings.ToValidUTF8(out.String(), "\uFFFD")
}

func utf16String(units []uint16) string {
	var sb strings.Builder
	for i := 0; i < len(units); i++ {
		u := rune(units[i])
		if u >= 0xD800 && u < 0xDC00 && i+1 < len(units) {
			if l := rune(units[i+1]); l >= 0xDC00 && l < 0xE000 {
				sb.WriteRune((u-0xD800)<<10 + (l - 0xDC00) + 0x10000)
				i++
				continue
			}
		}
		if u >= 0xD800 && u < 0xE000 {
			sb.WriteRune(utf8.RuneError)
			continue
		}
		sb.WriteRune(u)
	}
	return sb.String()
}
