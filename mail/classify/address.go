package classify

import (
	"regexp"
	"strings"
)

// headerAddr finds an address-like token in an address header item. Unlike
// addrSpec (which scans bounce text, where a CJK word can touch an address)
// it takes UTF-8 letters too (RFC 6532), so "jöhn@bücher.example" is read
// whole rather than cut at the first non-ASCII byte, and a look-alike
// letter stays in the address instead of being dropped from it.
var headerAddr = regexp.MustCompile(`[\p{L}\p{M}\p{N}!#$%&'*+/=?^_{|}~.-]+@[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?(?:\.[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?)*`)

// fallbackAddress reads one item of an address list that net/mail refused.
// The rules follow RFC 5322's shape, not the first token that looks like an
// address, because the display name is the sender's free text:
//
//   - an item with an angle-addr is that address, the inside of the LAST
//     "<…>" outside quotes and comments ("jane@acme.example
//     <eve@evil.example>" is from eve, named "jane@acme.example"); an
//     unclosed "<" runs to the end of the item;
//   - an item without one is read only when it is a bare addr-spec, perhaps
//     with a comment ("jane@acme.example (Jane)"), or holds exactly one
//     address-like token ("Jane Doe jane@example.org");
//   - anything else (two tokens and no angle-addr, an angle-addr holding
//     none or several) is ambiguous and yields nothing rather than a guess.
//
// A group's display name ("friends: …") is dropped first.
func fallbackAddress(item, cs string) (Address, bool) {
	if strings.IndexByte(item, '@') < 0 {
		return Address{}, false // no address at all: spare the expressions
	}
	s := scanItem(item)
	if s.group >= 0 {
		item = item[s.group+1:]
		s = scanItem(item)
	}
	if s.angle >= 0 {
		inside := strings.TrimSpace(item[s.angle+1 : s.angleEnd])
		email := ""
		if isAddrSpec(inside) {
			email = inside
		} else if m := headerAddr.FindAllString(inside, 2); len(m) == 1 {
			email = m[0] // "<mailto:jane@example.org>"
		}
		email = strings.Trim(email, ".")
		if email == "" {
			return Address{}, false
		}
		return Address{Name: fallbackName(item[:s.angle], cs), Email: email}, true
	}
	outside, comment := splitComments(item)
	rest := strings.TrimSpace(outside)
	if loc := headerAddr.FindStringIndex(rest); loc != nil && loc[0] == 0 && strings.Trim(rest[loc[1]:], ".") == "" {
		return Address{Name: nameText(comment, cs), Email: strings.Trim(rest[:loc[1]], ".")}, true
	}
	// Count tokens in the whole item, comments and quotes included: an
	// address in the name is exactly what must not be mistaken for the
	// sender's.
	m := headerAddr.FindAllString(item, 2)
	if len(m) != 1 {
		return Address{}, false
	}
	return Address{Name: fallbackName(strings.Replace(item, m[0], "", 1), cs), Email: strings.Trim(m[0], ".")}, true
}

// itemScan is where the structure of one address item lies.
type itemScan struct {
	angle, angleEnd int // the last "<" outside quotes and comments, and its ">" (or the end); angle is -1 when none
	group           int // the first ":" outside quotes, comments and brackets, before any "<"; -1 when none
}

func scanItem(s string) itemScan {
	out := itemScan{angle: -1, group: -1}
	quote, paren, angle, square := false, 0, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && (quote || paren > 0):
			i++
		case quote:
			quote = c != '"'
		case paren > 0:
			switch c {
			case '(':
				paren++
			case ')':
				paren--
			}
		case c == '"':
			quote = true
		case c == '(':
			paren = 1
		case c == '<':
			out.angle, out.angleEnd, angle = i, len(s), true
		case c == '>' && angle:
			out.angleEnd, angle = i, false
		case c == '[' || c == ']':
			// Outlook's "Jane [mailto:jane@example.org]": not a group.
			square = c == '['
		case c == ':' && !angle && !square && out.angle < 0 && out.group < 0:
			out.group = i
		}
	}
	return out
}

// splitComments parts s into the text outside comments and the text of its
// comments (nested comments flattened), quoted strings kept whole.
func splitComments(s string) (outside, comment string) {
	var o, c strings.Builder
	quote, paren := false, 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		dst := &o
		if paren > 0 {
			dst = &c
		}
		switch {
		case ch == '\\' && i+1 < len(s) && (quote || paren > 0):
			dst.WriteByte(ch)
			i++
			dst.WriteByte(s[i])
			continue
		case quote:
			quote = ch != '"'
		case ch == '(':
			paren++
			if paren == 1 {
				continue
			}
		case ch == ')' && paren > 0:
			paren--
			if paren == 0 {
				c.WriteByte(' ')
				continue
			}
		case ch == '"' && paren == 0:
			quote = true
		}
		dst.WriteByte(ch)
	}
	return o.String(), strings.TrimSpace(c.String())
}

// fallbackName turns the display-name part of a refused item into text: a
// comment is the name only when nothing else is. An address in it stays
// text.
func fallbackName(s, cs string) string {
	outside, comment := splitComments(s)
	if name := strings.TrimSpace(outside); name != "" {
		return nameText(name, cs)
	}
	return nameText(comment, cs)
}

// nameText removes quotes and their escapes and decodes encoded words.
func nameText(name, cs string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c == '\\' && i+1 < len(name):
			i++
			b.WriteByte(name[i])
		case c != '"':
			b.WriteByte(c)
		}
	}
	return cleanText(decodeHeaderText(strings.Trim(strings.TrimSpace(b.String()), "'"), cs))
}

// isAddrSpec reports a dot-atom "@" dot-atom of RFC 5322 atext (UTF-8
// allowed, RFC 6532), which is what the inside of "<…>" should be.
func isAddrSpec(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && isDotAtext(local) && isDotAtext(domain)
}

func isDotAtext(s string) bool {
	for w := range strings.SplitSeq(s, ".") {
		if w == "" {
			return false
		}
		for _, r := range w {
			if r < 0x80 && !isAtext(byte(r)) || r == '\uFFFD' {
				return false
			}
		}
	}
	return true
}

// isAtext is RFC 5322's atext for ASCII.
func isAtext(c byte) bool {
	return isNameByte(c) || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}
