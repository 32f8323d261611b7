package classify

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// maxReferrals bounds the people one reply is read to introduce.
const maxReferrals = 3

// Referrals returns the people a reply points the owner to, when its own
// text reads as a referral (ReadReply's Referral): the addresses written in
// the reply's own text (not its quote nor its signature), each with the
// capitalised words right before it as its name ("my colleague Maria
// López <maria@x.example>"), then the Cc'd people the text names (by
// first name or address, "cc'ing Jo, who…"). Never the sender, the
// To addresses (the owner's), nor any address in exclude (compared
// case-insensitively); at most three, without repeats; nil when the text
// does not read as a referral.
func Referrals(m *Message, exclude ...string) []Address {
	if m == nil || !ReadReply(m.Text, m.Date).Referral {
		return nil
	}
	skip := []string{ascii.Lower(m.From.Email)}
	for _, a := range m.To {
		skip = append(skip, ascii.Lower(a.Email))
	}
	for _, e := range exclude {
		skip = append(skip, ascii.Lower(strings.TrimSpace(e)))
	}
	var out []Address
	add := func(a Address) {
		e := ascii.Lower(a.Email)
		if len(out) == maxReferrals || e == "" || slices.Contains(skip, e) {
			return
		}
		skip = append(skip, e)
		out = append(out, Address{Name: a.Name, Email: a.Email})
	}
	own := ownText(m.Text)
	for _, loc := range textAddress.FindAllStringSubmatchIndex(own, -1) {
		var e string
		if loc[2] >= 0 {
			e = own[loc[2]:loc[3]]
		} else {
			e = own[loc[4]:loc[5]]
		}
		add(Address{Name: nameBefore(own[:loc[0]]), Email: strings.TrimRight(e, ".")})
	}
	lower := " " + strings.ToLower(own) + " "
	for _, a := range m.Cc {
		if mentioned(lower, a) {
			add(a)
		}
	}
	return out
}

// textAddress is an address in prose, in angle brackets or bare.
var textAddress = regexp.MustCompile(`<([^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)>|([\p{L}\d._%+-]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)+)`)

// nameBefore returns the capitalised words (at most four) that end the
// text before an address: its display name as people write it in prose.
func nameBefore(before string) string {
	f := strings.Fields(strings.TrimRight(before, " \t(\"'“:"))
	n := 0
	for i := len(f) - 1; i >= 0 && n < 4; i-- {
		w := []rune(f[i])
		if !unicode.IsUpper(w[0]) || strings.ContainsAny(f[i], ",.;:!?<>") {
			break
		}
		n++
	}
	if n == 0 {
		return ""
	}
	return strings.Join(f[len(f)-n:], " ")
}

// mentioned reports whether the text (lower case, padded with spaces)
// names the Cc'd person: their address, or their first name as a word.
func mentioned(lower string, a Address) bool {
	if e := ascii.Lower(a.Email); e != "" && strings.Contains(lower, e) {
		return true
	}
	first, _, _ := strings.Cut(strings.TrimSpace(a.Name), " ")
	if len([]rune(first)) < 2 {
		return false
	}
	return anyWord(regexp.QuoteMeta(strings.ToLower(first))).MatchString(lower)
}
