package templates

import (
	"strings"
)

// Mailto returns the mailto URI (RFC 6068) of a mail to addr with subject
// and body filled in, or "" when addr is empty or not a bare address
// (a name, angle brackets, a comma, a query or space would change what
// the link does). The subject and body are percent-encoded as UTF-8
// octets, every octet but RFC 3986's unreserved ones: a space is %20
// (never '+', which some clients would keep as a plus: RFC 6068 section
// 5), '#' is %23 (else it starts a fragment and the command is cut), and
// a line break in the body is %0D%0A (section 5 again). The address keeps
// its '+' and '@', which section 2 lets stand in an addr-spec, and
// percent-encodes the rest the same way: a plus-address reaches mail
// programs that do not decode the "to" part intact.
func Mailto(addr, subject, body string) string {
	if !bareAddress(addr) {
		return ""
	}
	var b strings.Builder
	b.WriteString("mailto:")
	b.WriteString(pctEncode(addr, "+@"))
	sep := "?"
	if subject != "" {
		b.WriteString(sep + "subject=" + pctEncode(subject, ""))
		sep = "&"
	}
	if body != "" {
		body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")
		b.WriteString(sep + "body=" + pctEncode(body, ""))
	}
	return b.String()
}

// bareAddress reports whether a is one addr-spec, local@domain, with
// nothing a URI or a header would read otherwise.
func bareAddress(a string) bool {
	at := strings.LastIndexByte(a, '@')
	if at <= 0 || at == len(a)-1 || len(a) > 254 {
		return false
	}
	for _, r := range a {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune(`"(),:;<>[\]?&=%#/`, r) {
			return false
		}
	}
	return true
}

// pctEncode percent-encodes every octet of s but RFC 3986's unreserved
// characters and those in keep.
func pctEncode(s, keep string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// commandBody is the body of a tapped command: the line, then an empty
// line, so that a signature the mail program adds below is not read as
// a second command (the command block ends at the first empty line).
func commandBody(cmd string) string { return cmd + "\n\n" }

// commandSubject is the subject of a tapped command: the command itself,
// after the tag when the mail goes to the owner's own address. The
// subject is read as a command too, and one that the body repeats word
// for word counts once (see package mail/command).
func commandSubject(tag, cmd string) string {
	if tag == "" {
		return cmd
	}
	return "[" + tag + "] " + cmd
}

// commandMailto is the link that sends cmd to rapport, or "". The
// command goes in both the subject and the body: mail programs differ in
// what they keep of a mailto link (Apple Mail and the Gmail apps fill
// both; some handlers have kept only one of them), and either alone is
// read. Both together are one command: package command drops a subject
// command that the body repeats.
func (g *DigestInfo) commandMailto(cmd string) string {
	if g.CommandTo == "" || cmd == "" {
		return ""
	}
	return Mailto(g.CommandTo, commandSubject(g.CommandTag, cmd), commandBody(cmd))
}
