package forward

import (
	"net/mail"
	"regexp"
	"strings"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// emailRE matches a mail address in free text.
var emailRE = regexp.MustCompile(`[A-Za-z0-9._%+\-'!#$&*/=?^{|}~]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+`)

// addressList parses the value of a To or Cc line of a forwarded header
// block. Entries are separated by commas or semicolons outside quotes and
// brackets; a lone word before an entry with an address is taken for an
// Outlook "Last, First" name and joined to it. Entries that hold neither
// an address nor a name are dropped.
func addressList(s string) []*mail.Address {
	var parts []string
	depth, quoted, startAt := 0, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '<' || c == '[' || c == '(':
			depth++
		case (c == '>' || c == ']' || c == ')') && depth > 0:
			depth--
		case (c == ',' || c == ';') && depth == 0:
			parts = append(parts, s[startAt:i])
			startAt = i + 1
		}
	}
	parts = append(parts, s[startAt:])

	var out []*mail.Address
	for i := 0; i < len(parts); i++ {
		p := strings.TrimSpace(parts[i])
		if p == "" {
			continue
		}
		if i+1 < len(parts) && !strings.ContainsAny(p, "@ \t") && emailRE.MatchString(parts[i+1]) {
			next := strings.TrimSpace(parts[i+1])
			if first, _, ok := strings.Cut(next, " "); ok && !strings.ContainsAny(first, "@<[\"") {
				p, i = p+", "+next, i+1
			}
		}
		if a := address(p); a != nil {
			out = append(out, a)
		}
	}
	return out
}

// address parses one mailbox as forwarded header blocks write it:
// "Jane Doe <jane@example.com>", "\"Doe, Jane\" <jane@example.com>",
// "Jane Doe [mailto:jane@example.com]", "Jane Doe
// <jane@example.com<mailto:jane@example.com>>", "<jane@example.com>",
// "jane@example.com", or "Jane Doe" alone (an Address with a Name and no
// address). The address is lower-cased; a name that only repeats it is
// dropped. It returns nil for an empty or unreadable s.
func address(s string) *mail.Address {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "*"))
	if s == "" {
		return nil
	}
	if a, err := mail.ParseAddress(s); err == nil && !strings.Contains(a.Name, "mailto:") {
		return tidy(a.Name, a.Address)
	}
	loc := emailRE.FindStringIndex(s)
	if loc == nil {
		name := cleanName(s)
		if name == "" {
			return nil
		}
		return &mail.Address{Name: name}
	}
	name := s[:loc[0]]
	// The address in brackets is the address; what precedes the brackets
	// is the name, even when it looks like an address itself.
	if i := strings.IndexAny(s, "<["); i >= 0 {
		if in := emailRE.FindStringIndex(s[i:]); in != nil {
			name, loc = s[:i], []int{i + in[0], i + in[1]}
		}
	}
	addr := strings.Trim(s[loc[0]:loc[1]], "'")
	name = strings.TrimSuffix(strings.TrimSpace(name), "mailto:")
	return tidy(cleanName(name), addr)
}

// tidy builds the Address, lower-casing addr and dropping a name that is
// the address again.
func tidy(name, addr string) *mail.Address {
	addr = ascii.Lower(addr)
	name = cleanName(name)
	if ascii.EqualFold(strings.Trim(name, "'\" "), addr) || ascii.EqualFold(name, "mailto:"+addr) {
		name = ""
	}
	return &mail.Address{Name: name, Address: addr}
}

// cleanName trims the quotes, brackets and bold marks around a display name.
func cleanName(s string) string {
	s = strings.TrimSpace(s)
	for {
		t := strings.TrimSpace(strings.Trim(s, `"'«»„“”<>[]*`))
		if t == s {
			return s
		}
		s = t
	}
}
