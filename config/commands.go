package config

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// defaultTag is the default Commands.SubjectTag and the tag of the default
// plus-addresses.
const defaultTag = "rapport"

// maxTagLen is the longest Commands.SubjectTag.
const maxTagLen = 32

// subjectPrefixes are the words that mail clients put before the subject
// of a reply or forward ("Re:", "Fwd:", "Fw:", and the German "AW:",
// "WG:" and French "TR:"). Each is followed by a colon, possibly after
// spaces ("TR :").
var subjectPrefixes = []string{"re", "fwd", "fw", "aw", "wg", "tr"}

// replyPrefixes are the subjectPrefixes of a reply; the others forward.
var replyPrefixes = []string{"re", "aw"}

// DefaultCommandAddresses returns the command addresses used when
// commands.addresses is not written: for each of the owner's addresses,
// its plus-address with the tag "rapport" ("alex@example.com" gives
// "alex+rapport@example.com"), in order. It leaves out an address whose
// local part already holds a '+', one that is not a bare address, and a
// plus-address that is itself one of owner or already listed (compared
// without regard to case). It returns nil when none is left.
//
// Load applies it; a Config built in code sets Commands.Addresses itself,
// e.g. to DefaultCommandAddresses(c.Owner.Addresses).
func DefaultCommandAddresses(owner []string) []string {
	var out []string
	for _, a := range owner {
		a = strings.TrimSpace(a)
		at := strings.LastIndexByte(a, '@')
		if at <= 0 || strings.Contains(a[:at], "+") {
			continue
		}
		plus := a[:at] + "+" + defaultTag + a[at:]
		if p, err := mail.ParseAddress(plus); err != nil || p.Name != "" || p.Address != plus {
			continue
		}
		if containsFold(owner, plus) || containsFold(out, plus) {
			continue
		}
		out = append(out, plus)
	}
	return out
}

// containsFold reports whether list holds addr, ignoring ASCII case and
// surrounding space (a Unicode look-alike is another address). Empty
// entries match nothing.
func containsFold(list []string, addr string) bool {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return false
	}
	for _, a := range list {
		if ascii.EqualFold(strings.TrimSpace(a), addr) {
			return true
		}
	}
	return false
}

// ForRapport reports whether a mail is meant for rapport: when one of to
// (the bare addresses of its To and Cc fields, as net/mail.Address.Address
// gives them) is one of c.Addresses, ignoring ASCII case; or when its subject
// (decoded) starts with c.SubjectTag, as StripTag describes, after reply
// prefixes only: a forward prefix before the tag ("Fwd: rapport: …") says
// the owner forwarded tagged mail to someone else. It does not
// look at who wrote the mail: the caller still checks that it is the
// owner's, authenticated as RequireAuth says. Replies to rapport's notices
// are recognised by their references, not here.
func (c Commands) ForRapport(to []string, subject string) bool {
	for _, a := range to {
		if containsFold(c.Addresses, a) {
			return true
		}
	}
	// A forward prefix before the tag means the owner forwarded mail that
	// was tagged, such as one of rapport's own notices ("Fwd: rapport:
	// Jane replied") to a friend: not for rapport.
	s := strings.TrimLeftFunc(subject, unicode.IsSpace)
	for {
		rest, p, ok := cutPrefix(s)
		if !ok {
			break
		}
		if !slices.Contains(replyPrefixes, strings.ToLower(p)) {
			return false
		}
		s = rest
	}
	_, tagged := c.cutTag(s)
	return tagged
}

// StripTag returns subject without its leading reply and forward prefixes
// ("Re:", "Fwd:", "Fw:", "AW:", "WG:", "TR:", any number, in any case) and
// without c.SubjectTag after them, trimmed: "Re: [rapport] met #3" gives
// "met #3", "rapport: add Jane <j@x.org>" gives "add Jane <j@x.org>".
//
// The tag counts in any case, alone or in square brackets, when a colon,
// a space or the end of the subject follows it; a colon after it is
// removed too ("[rapport]: met" gives "met"). So "rapport" and
// "RAPPORT: status" are tagged, and "rapportage", "[rapport]x" and
// "Intro [rapport]" are not. A subject without the tag, or any subject when
// SubjectTag is "", loses only its prefixes: "Fwd: Intro" gives "Intro".
// Prefixes after the tag stay: "rapport: Fwd: Intro" gives "Fwd: Intro".
func (c Commands) StripTag(subject string) string {
	rest, _ := c.cutTag(cutPrefixes(subject))
	return strings.TrimSpace(rest)
}

// cutPrefixes returns s without leading space and reply and forward
// prefixes.
func cutPrefixes(s string) string {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	for {
		rest, _, ok := cutPrefix(s)
		if !ok {
			return s
		}
		s = rest
	}
}

// cutPrefix removes one of subjectPrefixes, its colon and the space after
// it from the start of s, and returns which prefix it was.
func cutPrefix(s string) (string, string, bool) {
	for _, p := range subjectPrefixes {
		if len(s) <= len(p) || !ascii.EqualFold(s[:len(p)], p) {
			continue
		}
		if rest, ok := strings.CutPrefix(strings.TrimLeft(s[len(p):], " \t"), ":"); ok {
			return strings.TrimLeftFunc(rest, unicode.IsSpace), p, true
		}
	}
	return s, "", false
}

// cutTag returns s without a leading c.SubjectTag, the space and colon
// after it, and whether s started with the tag; s itself when it did not.
func (c Commands) cutTag(s string) (string, bool) {
	tag := c.SubjectTag
	if tag == "" {
		return s, false
	}
	var rest string
	switch {
	case len(s) >= len(tag)+2 && s[0] == '[' && ascii.EqualFold(s[1:1+len(tag)], tag) && s[1+len(tag)] == ']':
		rest = s[len(tag)+2:]
	case len(s) >= len(tag) && ascii.EqualFold(s[:len(tag)], tag):
		rest = s[len(tag):]
	default:
		return s, false
	}
	if r, _ := utf8.DecodeRuneInString(rest); rest != "" && r != ':' && !unicode.IsSpace(r) {
		return s, false
	}
	rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
	rest = strings.TrimPrefix(rest, ":")
	return strings.TrimLeftFunc(rest, unicode.IsSpace), true
}

// commands checks commands.addresses and commands.subject_tag.
func (k *collector) commands() {
	cm := k.c.Commands
	for _, a := range cm.Addresses {
		if containsFold(k.c.Owner.Addresses, a) {
			k.add("commands.addresses", ownAddressHint(a),
				"%q is one of owner.addresses: every mail you write to yourself (a note, a copy you Cc or Bcc) would be read as commands", a)
			continue
		}
		k.address("commands.addresses", a)
	}
	tag := cm.SubjectTag
	switch {
	case tag == "":
	case len(tag) > maxTagLen:
		k.add("commands.subject_tag", fmt.Sprintf(`use a word of at most %d characters, e.g. "rapport"`, maxTagLen),
			"%q is %d characters long", tag, len(tag))
	case strings.IndexFunc(tag, notTagChar) >= 0:
		k.add("commands.subject_tag", `use one word of ASCII letters, digits, "-" and "_", e.g. "rapport"; "" turns the tag off`,
			"%q is not a single word", tag)
	case containsFold(subjectPrefixes, tag):
		k.add("commands.subject_tag", `choose another word, e.g. "rapport"`,
			"%q is a reply or forward prefix, which rapport skips before looking for the tag", tag)
	}
}

// notTagChar reports whether r may not appear in a subject tag.
func notTagChar(r rune) bool {
	return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '_')
}

// ownAddressHint suggests what to write in commands.addresses instead of
// the owner's own address a.
func ownAddressHint(a string) string {
	a = strings.TrimSpace(a)
	plus := "alex+rapport@example.com"
	if at := strings.LastIndexByte(a, '@'); at > 0 && !strings.Contains(a[:at], "+") {
		plus = a[:at] + "+" + defaultTag + a[at:]
	}
	return fmt.Sprintf("write a plus-address such as %q, or an address of rapport's own; leave commands.addresses out to get the plus-addresses of owner.addresses", plus)
}

// CommandAddress says where a command tapped in the digest's buttons goes
// (templates.DigestInfo.CommandTo): the first of commands.addresses, with
// no tag; else, when commands carry the subject tag, the owner's own
// first address with the tag, for rapport reads tagged mail there; else
// nowhere (""), and the digest shows the lines to write instead.
func (c *Config) CommandAddress() (to, tag string) {
	if c == nil {
		return "", ""
	}
	for _, a := range c.Commands.Addresses {
		if a = strings.TrimSpace(a); a != "" {
			return a, ""
		}
	}
	if c.Commands.SubjectTag != "" {
		for _, a := range c.Owner.Addresses {
			if a = strings.TrimSpace(a); a != "" {
				return a, c.Commands.SubjectTag
			}
		}
	}
	return "", ""
}
