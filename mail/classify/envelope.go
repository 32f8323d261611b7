package classify

import (
	"io"
	"mime"
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// fillEnvelope copies the header fields every kind needs into m.
func fillEnvelope(m *Message, h *header, cs string) {
	if from := parseAddressList(h.get("From"), cs); len(from) > 0 {
		m.From = from[0]
	} else if sender := parseAddressList(h.get("Sender"), cs); len(sender) > 0 {
		m.From = sender[0]
	}
	m.To = parseAddressLists(h.values("To"), cs)
	m.Cc = parseAddressLists(h.values("Cc"), cs)
	m.ReplyTo = parseAddressLists(h.values("Reply-To"), cs)
	m.Subject = cleanText(decodeHeaderText(h.get("Subject"), cs))
	m.Date = parseDate(h.get("Date"))
	if ids := parseMessageIDs(h.get("Message-Id")); len(ids) > 0 {
		m.MessageID = ids[0]
	}
	m.InReplyTo = parseMessageIDs(h.get("In-Reply-To"))
	m.References = parseMessageIDs(strings.Join(h.values("References"), " "))
	m.AuthHeader = authHeader(h, cs)
}

// cleanText makes a header value printable on one line: control
// characters become spaces and runs of spaces collapse.
func cleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\uFFFD' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Join(strings.Fields(s), " ")
}

func parseAddressLists(values []string, cs string) []Address {
	var out []Address
	for _, v := range values {
		out = append(out, parseAddressList(v, cs)...)
	}
	return out
}

// addrSpec finds ASCII addresses in free text (bounce reports). Address
// headers that net/mail refuses are read by fallbackAddress instead.
var addrSpec = regexp.MustCompile(`[A-Za-z0-9!#$%&'*+/=?^_{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*`)

// parseAddressList reads an address list with net/mail (display names
// decoded in any charset go-message knows) and, when that fails, picks the
// addresses out one by one so a single bad entry loses nothing else.
func parseAddressList(v, cs string) []Address {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	if a, ok := plainAddress(v); ok {
		return []Address{a}
	}
	return parseAddressListSlow(v, cs)
}

// plainAddress reads the most common From and To, a lone address in
// plain ASCII ("Jane Doe <jane@example.org>", "<jane@example.org>",
// "jane@example.org"), as net/mail would, without its cost, which counts
// when a backlog of thousands is read. It reports false for anything
// else: quotes, comments, encoded words, other characters, several
// addresses.
func plainAddress(v string) (Address, bool) {
	name, addr := "", v
	if strings.HasSuffix(v, ">") {
		i := strings.LastIndexByte(v, '<')
		if i < 0 {
			return Address{}, false
		}
		name, addr = strings.TrimRight(v[:i], " "), v[i+1:len(v)-1]
		for w := range strings.SplitSeq(name, " ") {
			if w == "" || !allBytes(w, isNameByte) {
				return Address{}, false
			}
		}
	}
	local, domain, ok := strings.Cut(addr, "@")
	if !ok || !dotAtom(local) || !dotAtom(domain) || !allBytes(domain, isDomainByte) {
		return Address{}, false
	}
	return Address{Name: name, Email: addr}, true
}

// dotAtom reports words of isLocalByte bytes joined by single dots.
func dotAtom(s string) bool {
	for w := range strings.SplitSeq(s, ".") {
		if w == "" || !allBytes(w, isLocalByte) {
			return false
		}
	}
	return true
}

func allBytes(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isLocalByte(c byte) bool { return isNameByte(c) || c == '_' || c == '+' || c == '-' }

func isDomainByte(c byte) bool { return isNameByte(c) || c == '.' || c == '-' }

// parseAddressListSlow is parseAddressList for what plainAddress turns
// away. net/mail already reads the tricky names right (a quoted or
// encoded-word name holding an address, a comment before the angle-addr);
// an item it refuses goes to fallbackAddress, never to the first
// address-like token.
func parseAddressListSlow(v, cs string) []Address {
	raw := rawHeaderText(v, cs)
	p := mail.AddressParser{WordDecoder: &mime.WordDecoder{CharsetReader: func(label string, r io.Reader) (io.Reader, error) {
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		return strings.NewReader(toUTF8(b, label)), nil
	}}}
	if list, err := p.ParseList(raw); err == nil {
		out := make([]Address, 0, len(list))
		for _, a := range list {
			out = append(out, Address{Name: displayName(a.Name, cs), Email: a.Address})
		}
		return out
	}
	var out []Address
	for _, item := range splitAddresses(raw) {
		if a, err := p.Parse(item); err == nil {
			out = append(out, Address{Name: displayName(a.Name, cs), Email: a.Address})
			continue
		}
		if a, ok := fallbackAddress(item, cs); ok {
			out = append(out, a)
		}
	}
	return out
}

// displayName finishes a name net/mail returned: it leaves encoded words
// inside quotes ("=?windows-1251?B?…?=") as they are, which mailers write.
func displayName(name, cs string) string {
	if strings.Contains(name, "=?") {
		name = decodeHeaderText(name, cs)
	}
	return cleanText(name)
}

// splitAddresses splits on commas (and semicolons, which end a group)
// outside quotes, angle brackets and comments. Angle brackets do not nest,
// and inside a comment they are text, so a stray "<" there does not
// swallow the rest of the list.
func splitAddresses(s string) []string {
	var out []string
	var cur strings.Builder
	quote, angle, paren := false, false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			cur.WriteByte(c)
			i++
			c = s[i]
		case c == '"' && paren == 0:
			quote = !quote
		case quote:
		case c == '(':
			paren++
		case c == ')' && paren > 0:
			paren--
		case paren > 0:
		case c == '<':
			angle = true
		case c == '>':
			angle = false
		case (c == ',' || c == ';') && !angle:
			out = append(out, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteByte(c)
	}
	out = append(out, cur.String())
	return out
}

// parseMessageIDs returns the IDs in a Message-ID, In-Reply-To or
// References value, without angle brackets. Values without brackets
// (seen from broken mailers) are split on white space.
func parseMessageIDs(v string) []string {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	var out []string
	if strings.Contains(v, "<") {
		rest := v
		for {
			i := strings.IndexByte(rest, '<')
			if i < 0 {
				break
			}
			j := strings.IndexByte(rest[i:], '>')
			if j < 0 {
				break
			}
			if id := cleanID(rest[i+1 : i+j]); id != "" {
				out = append(out, id)
			}
			rest = rest[i+j+1:]
		}
		if len(out) > 0 {
			return out
		}
	}
	for _, f := range strings.Fields(v) {
		if id := cleanID(strings.Trim(f, "<>,;")); id != "" && strings.Contains(id, "@") {
			out = append(out, id)
		}
	}
	return out
}

func cleanID(s string) string {
	s = strings.Join(strings.Fields(s), "")
	return strings.ToValidUTF8(s, "")
}

// parseDate reads a Date header; it returns the zero time when nothing
// sensible can be read. The sender's UTC offset is kept.
func parseDate(v string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	// Nearly all mail uses RFC 5322's layout: try it before mail.ParseDate,
	// which tries many layouts and pays for each that fails.
	if t, err := time.Parse("Mon, 2 Jan 2006 15:04:05 -0700", v); err == nil {
		return t
	}
	if t, err := mail.ParseDate(v); err == nil {
		return t
	}
	// Drop comments ("(EDT)") and retry, then try layouts seen in the wild.
	s := stripComments(v)
	if t, err := mail.ParseDate(s); err == nil {
		return t
	}
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, ",", " ")), " ")
	for _, layout := range []string{
		"Mon 2 Jan 2006 15:04:05 -0700",
		"Mon 2 Jan 2006 15:04:05 MST",
		"Mon 2 Jan 2006 15:04 -0700",
		"2 Jan 2006 15:04:05 -0700",
		"2 Jan 2006 15:04:05 MST",
		"2 Jan 2006 15:04:05",
		"Mon Jan 2 15:04:05 2006",
		"Mon Jan 2 15:04:05 MST 2006",
		"Mon 2 Jan 06 15:04:05 -0700",
		"2006-01-02 15:04:05 -0700",
		"2006-01-02T15:04:05Z07:00",
		"Mon 2 Jan 2006 15:04:05 -0700 -0700",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

func stripComments(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}
