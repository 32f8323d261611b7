package compose

import (
	"errors"
	"fmt"
	"mime"
	"net/mail"
	"strings"
)

// MaxAddressLength is the longest address accepted (RFC 5321's path limit
// less the angle brackets).
const MaxAddressLength = 254

// Recipients returns the SMTP envelope recipients of m: To, then Cc, then
// Bcc, each address once (compared with the domain in lower case, which is
// how they are returned). It returns an error naming the field of an
// invalid address, or when there is no recipient at all.
func Recipients(m *Message) ([]string, error) {
	if m == nil {
		return nil, errors.New("compose: no message")
	}
	return recipients(m)
}

func recipients(m *Message) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, l := range []struct {
		field string
		addrs []mail.Address
	}{{"To", m.To}, {"Cc", m.Cc}, {"Bcc", m.Bcc}} {
		for i, a := range l.addrs {
			if err := checkAddress(fmt.Sprintf("%s[%d]", l.field, i), a.Address); err != nil {
				return nil, err
			}
			addr := lowerDomain(a.Address)
			if !seen[addr] {
				seen[addr] = true
				out = append(out, addr)
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("compose: no recipient (set To, Cc or Bcc)")
	}
	return out, nil
}

// addressValues checks each address of list and formats it for a header
// with its name cleaned. It names an invalid one by its index, "To[1]",
// except for From, which has just one.
func addressValues(field string, list []mail.Address) ([]string, error) {
	out := make([]string, 0, len(list))
	for i, a := range list {
		name := field
		if field != "From" {
			name = fmt.Sprintf("%s[%d]", field, i)
		}
		if err := checkAddress(name, a.Address); err != nil {
			return nil, err
		}
		out = append(out, formatAddress(cleanName(a.Name), a.Address))
	}
	return out, nil
}

// formatAddress writes an address with its cleaned display name in ASCII:
// "<addr>" without a name; `"Name" <addr>` for a printable ASCII name,
// quoted and escaped; otherwise the name as RFC 2047 encoded words, Q
// encoding when its ASCII characters are all allowed in a phrase's encoded
// word (RFC 2047 section 5(3)), B encoding when not.
func formatAddress(name, addr string) string {
	switch {
	case name == "":
		return "<" + addr + ">"
	case isASCII(name):
		var b strings.Builder
		b.WriteByte('"')
		for i := 0; i < len(name); i++ {
			if name[i] == '"' || name[i] == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(name[i])
		}
		b.WriteString(`" <` + addr + ">")
		return b.String()
	case phraseSafe(name):
		return mime.QEncoding.Encode("UTF-8", name) + " <" + addr + ">"
	default:
		return mime.BEncoding.Encode("UTF-8", name) + " <" + addr + ">"
	}
}

// phraseSafe reports whether every ASCII character of s may stand for
// itself, or be hex-encoded by mime.QEncoding, in an encoded word in a
// display name.
func phraseSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80, 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte(" !*+-/=?_", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// checkAddress accepts a bare ASCII addr-spec as net/mail parses it back
// unchanged: "jane@acme.example", not "Jane <jane@acme.example>", not one
// with spaces, line breaks or no "@".
func checkAddress(field, addr string) error {
	bad := func(why string) error {
		return fmt.Errorf("compose: %s address %q: %s", field, addr, why)
	}
	switch {
	case addr == "":
		return bad("empty (every address needs local@domain)")
	case len(addr) > MaxAddressLength:
		return bad(fmt.Sprintf("longer than %d characters", MaxAddressLength))
	case strings.ContainsAny(addr, "\r\n"):
		return bad("contains a line break")
	case strings.ContainsAny(addr, " \t"):
		return bad("contains white space (write the bare address, without a name)")
	case !strings.Contains(addr, "@"):
		return bad("missing @ (write local@domain)")
	}
	for _, r := range addr {
		if r < 0x21 || r > 0x7e {
			return bad("contains a control or non-ASCII character (write the domain in its ASCII form)")
		}
	}
	p, err := mail.ParseAddress(addr)
	if err != nil {
		return bad(strings.TrimPrefix(err.Error(), "mail: "))
	}
	if p.Name != "" || p.Address != addr {
		return bad("not a bare address (write local@domain, without a name or quotes)")
	}
	return nil
}

// lowerDomain returns addr with the part after its last "@" in lower case.
func lowerDomain(addr string) string {
	i := strings.LastIndexByte(addr, '@')
	if i < 0 {
		return addr
	}
	return addr[:i] + strings.ToLower(addr[i:])
}
