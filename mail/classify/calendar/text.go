package calendar

import (
	"strings"

	"github.com/emersion/go-ical"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// unescape decodes a TEXT value (RFC 5545 section 3.3.11): \n and \N are
// line breaks, \\ \; \, stand for themselves. Unlike go-ical's Text, it
// keeps unescaped commas (a list separator only in multi-valued
// properties) and tolerates unknown escapes such as Outlook's "\:" by
// dropping the backslash.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(s) {
			break
		}
		switch s[i] {
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// text returns the unescaped, trimmed value of the named property of comp,
// or "" when it is absent.
func text(comp *ical.Component, name string) string {
	p := comp.Props.Get(name)
	if p == nil {
		return ""
	}
	return strings.TrimSpace(unescape(p.Value))
}

// param returns the named single-valued parameter of p with RFC 6868
// escapes (^n, ^', ^^) decoded and spaces trimmed. Values the decoder split
// at commas are joined again: an unquoted CN=Jansen, Pieter is one name.
func param(p *ical.Prop, name string) string {
	v := strings.Join(p.Params.Values(name), ",")
	if strings.Contains(v, "^") {
		v = strings.NewReplacer("^n", "\n", "^N", "\n", "^'", `"`, "^^", "^").Replace(v)
	}
	return strings.TrimSpace(v)
}

// address returns the bare, lower-cased mail address of a CAL-ADDRESS
// property (ORGANIZER, ATTENDEE): its mailto: value, or its EMAIL
// parameter (RFC 7986) when the value is not a mail address (a urn:uuid:,
// say). It returns "" when neither holds an address.
func address(p *ical.Prop) string {
	v := strings.TrimSpace(p.Value)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		v = strings.TrimSpace(v[7:])
	}
	v = strings.Trim(v, "<>")
	if !strings.Contains(v, "@") || strings.Contains(v, ":") {
		v = strings.Trim(param(p, "EMAIL"), "<>")
		if !strings.Contains(v, "@") {
			return ""
		}
	}
	return ascii.Lower(v)
}

// name returns the CN parameter of a CAL-ADDRESS property, or "" when it
// is absent or merely repeats the address.
func name(p *ical.Prop, addr string) string {
	cn := strings.Trim(param(p, "CN"), `"'`)
	if ascii.EqualFold(cn, addr) || ascii.EqualFold(cn, "mailto:"+addr) {
		return ""
	}
	return cn
}
