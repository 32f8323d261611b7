package textclean

import (
	"io"
	"mime"
	"strings"

	"github.com/emersion/go-message/charset"
)

// Name returns a person's name as a person reads it: its RFC 2047 encoded
// words decoded (see [DecodeWords]), on one line (see [OneLine]). A name
// that arrived in a mail header, an import or an older database may still
// be encoded ("=?utf-8?q?Tom=C3=A1s_Herrera?=" is "Tomás Herrera"); a name
// without encoded words only goes through OneLine.
func Name(s string) string { return OneLine(DecodeWords(s)) }

// Mailbox writes a name and an address the way a person reads them, not
// the way a header carries them: "Tomás Herrera <tomas@example.org>", the
// name decoded and never quoted or encoded; the address alone when there
// is no name, and the name alone when there is no address. It is for text
// a person reads (a quote's attribution, a brief), never for a header:
// mail.Address.String is.
func Mailbox(name, address string) string {
	name, address = Name(name), OneLine(address)
	switch {
	case name == "":
		return address
	case address == "":
		return name
	}
	return name + " <" + address + ">"
}

// DecodeWords returns s with its RFC 2047 encoded words decoded, in every
// charset the mail classifier reads (the IANA and WHATWG labels, and the
// aliases of [CharsetLabel]). It never fails: a malformed word is kept as
// it is, and when a word names a charset no one knows, s comes back
// unchanged rather than half decoded. It does not change line breaks or
// control characters: [Name] does.
func DecodeWords(s string) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	out, err := wordDecoder.DecodeHeader(s)
	if err != nil {
		return s
	}
	return strings.ToValidUTF8(out, "\uFFFD")
}

// wordDecoder decodes encoded words. mime.WordDecoder knows UTF-8,
// ISO-8859-1 and US-ASCII itself and asks CharsetReader for the others.
var wordDecoder = &mime.WordDecoder{CharsetReader: func(label string, r io.Reader) (io.Reader, error) {
	return charset.Reader(CharsetLabel(label), r)
}}

// CharsetLabel normalises a charset label as mail writes it into one the
// IANA or WHATWG index knows: lower case, without quotes, spaces or an
// RFC 2231 language suffix ("utf-8*en"), and with the aliases seen in
// real mail that neither index has ("cp932", "latin1", "ks_c_5601", …)
// mapped to their charset. The mail classifier and [DecodeWords] both use
// it, so that a name decodes in every charset a body does.
func CharsetLabel(label string) string {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	if i := strings.IndexByte(label, '*'); i >= 0 {
		label = label[:i]
	}
	label = strings.TrimSpace(label)
	switch label {
	case "utf8", "x-utf8", "utf-8-bom":
		return "utf-8"
	case "cp932", "x-sjis", "ms932":
		return "shift_jis"
	case "cp936", "x-gbk":
		return "gbk"
	case "cp949", "ks_c_5601":
		return "euc-kr"
	case "x-euc-jp":
		return "euc-jp"
	case "ansi_x3.4-1968", "ascii":
		return "us-ascii"
	case "latin1", "latin-1":
		return "iso-8859-1"
	case "unicode":
		return "utf-16"
	}
	return label
}
