package forward

import (
	"strings"
)

// forwardPrefixes are the lower-cased subject prefixes (before the colon)
// with which mail clients mark a forwarded message, in the languages they
// are used in.
var forwardPrefixes = map[string]bool{
	"fwd": true, "fw": true, "fwrd": true, "fwd.": true,
	"wg":      true,                 // German: Weitergeleitet
	"tr":      true,                 // French: Transféré
	"trs":     true,                 // French, older clients
	"rv":      true,                 // Spanish: Reenviado
	"enc":     true,                 // Portuguese (Brazil): Encaminhado
	"reenc":   true,                 // Portuguese
	"i":       true,                 // Italian: Inoltrato
	"inoltro": true, "doorst": true, // Dutch: Doorgestuurd
	"pd": true,                                       // Polish: Przekazanie dalej
	"vs": true, "vb": true, "vl": true, "vidr": true, // Nordic
	"videresend": true, "vid": true, "továbbítás": true, "redir.": true,
	"i̇lt": true, "ilt": true, "iletildi": true,
	"пересл": true, "пер": true, "fwd2": true,
	"転送": true, "转发": true, "轉寄": true, "전달": true,
}

// TrimSubject removes the forward prefix ("Fwd:", "FW:", "WG:", "TR:",
// "RV:", "I:", "ENC:", "PD:", "VS:", "Пересл:", "転送:" …, also
// bracketed: "[Fwd: …]") that a mail client puts before the subject of a
// forwarded message, and reports whether there was one. Only the first
// prefix counts: "Re: Fwd: …" is a reply, and is returned whole with
// false. Repeated forward prefixes ("Fwd: FW: …") are all removed.
func TrimSubject(subject string) (string, bool) {
	s := strings.TrimSpace(subject)
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		if inner, ok := TrimSubject(s[1 : len(s)-1]); ok {
			return inner, true
		}
	}
	found := false
	for {
		i := strings.IndexAny(s, ":：")
		if i <= 0 || i > 12 {
			break
		}
		prefix := strings.ToLower(strings.TrimSpace(s[:i]))
		if !forwardPrefixes[prefix] {
			break
		}
		found = true
		s = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s[i:], ":"), "："))
	}
	if !found {
		return strings.TrimSpace(subject), false
	}
	return s, true
}
