package command

import (
	"errors"
	"net/mail"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	maxNameWords = 5   // the most words of a name fragment
	maxNameRunes = 100 // the longest name or name fragment
)

// whoHint is what to write when a contact is missing or unreadable.
func whoHint(v Verb) string {
	return "write " + string(v) + " #12, " + string(v) + " jane@example.com or " +
		string(v) + " Jane Doe, or reply to the notice about them"
}

// parseID reads "#12" (trailing punctuation allowed). ok is false when s
// is not an #id at all.
func parseID(s string) (id int64, ok bool, msg string) {
	s = trimPunct(s)
	if !strings.HasPrefix(s, "#") || len(s) < 2 {
		return 0, false, ""
	}
	digits := s[1:]
	for _, r := range digits {
		if r < '0' || r > '9' {
			return 0, false, ""
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n <= 0 || n > 1e15 {
		return 0, true, quote(shorten(s, 30)) + " is not a contact's number"
	}
	return n, true, ""
}

// parseWho reads the contact in words: an #id, an email address (bare or
// in angle brackets) or a part of a name. It returns a zero Who and no
// message when words is empty.
func parseWho(words []string) (Who, string) {
	if len(words) == 0 {
		return Who{}, ""
	}
	words = append(words[:len(words)-1:len(words)-1], trimPunct(words[len(words)-1]))
	if words[len(words)-1] == "" {
		if words = words[:len(words)-1]; len(words) == 0 {
			return Who{}, ""
		}
	}
	for _, w := range words {
		if strings.HasPrefix(w, "#") {
			if len(words) > 1 {
				return Who{}, "write either an #id or a name, not both"
			}
			id, ok, msg := parseID(w)
			if !ok {
				return Who{}, quote(shorten(w, 30)) + " is not a contact's number"
			}
			if msg != "" {
				return Who{}, msg
			}
			return Who{ID: id}, ""
		}
	}
	joined := strings.Join(words, " ")
	if strings.Contains(joined, "@") {
		addr := strings.TrimSpace(joined)
		if i := strings.IndexByte(addr, '<'); i >= 0 && strings.HasSuffix(addr, ">") {
			addr = strings.TrimSpace(addr[i+1 : len(addr)-1])
		}
		if msg := checkEmail(addr); msg != "" {
			return Who{}, msg
		}
		return Who{Query: addr}, ""
	}
	if len(words) > maxNameWords {
		return Who{}, quote(shorten(joined, 40)) + " is too long for a name (at most five words)"
	}
	if msg := checkName(joined); msg != "" {
		return Who{}, msg
	}
	if utf8.RuneCountInString(joined) < 2 {
		return Who{}, quote(joined) + " is too short to find a contact by"
	}
	return Who{Query: joined}, ""
}

// checkName returns why s cannot be a name or a part of one, or "".
func checkName(s string) string {
	if utf8.RuneCountInString(s) > maxNameRunes {
		return "the name is longer than 100 characters"
	}
	if !strings.ContainsFunc(s, unicode.IsLetter) && !strings.ContainsFunc(s, unicode.IsDigit) {
		return quote(shorten(s, 40)) + " is not a name"
	}
	if strings.ContainsRune(s, '\uFFFD') {
		return quote(shorten(s, 40)) + " holds bytes that are not text"
	}
	if i := strings.IndexAny(s, `<>@"[]{}()#\|$%*=^~`+"`"); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return quote(shorten(s, 40)) + " is not a name: it holds " + quote(string(r))
	}
	return ""
}

// CheckEmail returns nil when s is a plain address (name@domain), as add
// and forget take it, and otherwise an error that says what is wrong. The
// command line's add checks its --email with it too.
func CheckEmail(s string) error {
	if msg := checkEmail(s); msg != "" {
		return errors.New(msg)
	}
	return nil
}

// checkEmail returns why s is not a plain addr-spec (name@domain), or "".
func checkEmail(s string) string {
	if s == "" {
		return "the email address is empty"
	}
	shown := quote(shorten(s, 60))
	if len(s) > 254 {
		return "the email address is longer than 254 characters"
	}
	if strings.ContainsAny(s, " \"\\,;:<>()[]") || strings.ContainsRune(s, '\uFFFD') {
		return shown + " is not a plain email address (expected name@domain)"
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return shown + " is not a plain email address (expected name@domain)"
	}
	return ""
}
