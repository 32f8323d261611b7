package forward

import (
	"strings"
)

// attributionVerbs are the verbs of the line a mail client writes above a
// quoted message ("On 28/10/2021 12:46, "Jane" <jane@example.com> wrote:"),
// in the languages Outlook and Apple Mail use.
var attributionVerbs = [...]string{
	"wrote", "schrieb", "escribió", "a écrit", "ha scritto", "escreveu", "geschreven",
	"napisał", "napisała", "написал", "написала", "skrev", "kirjoitti", "napsal",
	"ezt írta", "yazdı", "napísal", "написав", "следующее",
}

// attributionWords are the words that open such a line before its date.
var attributionWords = [...]string{
	"on", "am", "el", "le", "il giorno", "em", "op", "dnia", "den", "dne", "d.",
}

// isAttribution reports whether text reads like an attribution line: it
// ends with a colon and has an attribution verb and an address or a digit.
func isAttribution(text string) bool {
	t := strings.TrimSpace(text)
	if len(t) > 400 || !(strings.HasSuffix(t, ":") || strings.HasSuffix(t, "：")) {
		return false
	}
	lower := strings.ToLower(t)
	if !strings.ContainsAny(lower, "@0123456789") {
		return false
	}
	for _, v := range attributionVerbs {
		if strings.Contains(lower, v) {
			return true
		}
	}
	return false
}

// attribution reads an attribution line that opens a body, the way Outlook
// for Mac forwards: "On 28/10/2021 12:46, "Jane Doe" <jane@example.com>
// wrote:" (or "Am …, schrieb "Jane Doe" <…>:"), then the message indented.
// Every non-blank line after it must be quoted or indented: a reply with
// the answer below the quote is no forward. A line that opens the body is
// taken with a ">" quote or an indentation below it; a line below the
// forwarder's note only with Outlook's indentation of four spaces, for a
// note above a ">" quote is the everyday top-posted reply. Outlook writes
// the same for its replies, hence Ambiguous. It returns the index of the
// line and the headers read from it, or -1.
func attribution(lines []line) (int, headers) {
	at := -1
	for i, l := range lines {
		if l.depth == 0 && isAttribution(l.text) {
			at = i
			break
		}
	}
	if at < 0 {
		return -1, headers{}
	}
	text := strings.TrimSpace(lines[at].text)
	loc := emailRE.FindStringIndex(text)
	if loc == nil {
		return -1, headers{}
	}
	noted := len(trimBlank(lines[:at])) > 0
	quoted := false
	for _, l := range lines[at+1:] {
		if l.blank() {
			continue
		}
		indented := l.depth == 0 && (strings.HasPrefix(l.text, "    ") || strings.HasPrefix(l.text, "\t"))
		if !indented && (l.depth == 0 || noted) {
			return -1, headers{}
		}
		quoted = true
	}
	if !quoted {
		return -1, headers{}
	}

	// The name is what is quoted before the address; the date is what
	// comes between the opening word and the name.
	before := text[:loc[0]]
	nameAt := strings.IndexAny(before, "\"«„“")
	name := ""
	if nameAt >= 0 {
		name = cleanName(strings.TrimRight(before[nameAt:], " <[("))
	} else {
		nameAt = strings.LastIndexAny(before, "<[(")
		if nameAt < 0 {
			nameAt = len(before)
		}
		// "Dne 28. 10. 2021 12:46, John Doe <…> napsal(a):": the name
		// follows the last comma, when no digit says it is the date.
		// "Jo Kim <…> kirjoitti 2.1.2026 kello 15.04:": all of it, when
		// the date comes after the address.
		c := strings.LastIndex(before[:nameAt], ",")
		if n := strings.TrimSpace(before[c+1 : nameAt]); n != "" && !strings.ContainsAny(n, "0123456789") {
			name, nameAt = cleanName(n), max(c, 0)
		}
	}
	date := strings.TrimSpace(before[:nameAt])
	lower := strings.ToLower(date)
	for _, w := range attributionWords {
		if strings.HasPrefix(lower, w+" ") {
			date = date[len(w)+1:]
			break
		}
	}
	for _, v := range [...]string{"schrieb", "skrev", "heeft", "wrote"} {
		date = strings.TrimSuffix(strings.TrimSpace(date), v)
	}
	date = strings.Trim(date, " ,")

	h := headers{from: text[loc[0]:loc[1]], date: date, count: 1}
	if name != "" {
		h.from = `"` + strings.ReplaceAll(name, `"`, "") + `" <` + h.from + ">"
	}
	return at, h
}
