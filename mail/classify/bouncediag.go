package classify

import (
	"regexp"
	"strings"
	"unicode"
)

// reportWords finds the server's words for the recipient first named on
// line first (-1: none), best first: the first SMTP reply from that line
// on (else anywhere); what a recipient line says after the address; a
// labelled reason ("Reason: …"); the paragraph under a heading such as
// "because:" or "The response was:"; the lines under the recipient; last,
// a sentence of the report about this failure. It returns them with the
// status they carry (status when it is already known, "" when none).
func reportWords(lines []string, first int, anchor func(int) bool, status string) (string, string) {
	from := max(first, 0)
	r, ok := findReply(lines, from)
	if !ok && from > 0 {
		r, ok = findReply(lines[:from], 0)
	}
	if ok {
		words := serverWords(lines, r, anchor)
		if status == "" {
			status = firstFailureStatus(words)
		}
		if status == "" {
			status = r.statusOf()
		}
		return words, status
	}
	if first >= 0 {
		// What a recipient line says after the address, on any of them
		// ("<kim@x>... Deferred: host name lookup failure").
		for i := first; i < len(lines); i++ {
			if i == first || anchor(i) {
				if words := afterAddress(lines[i]); words != "" {
					return words, status
				}
			}
		}
	}
	// A labelled reason ("Reason: …", "Error: No valid recipients").
	for i, line := range lines {
		if reasonLabel.MatchString(line) {
			words := []string{strings.TrimSpace(line)}
			for j := i + 1; j < len(lines) && len(words) < 3 && reasonLabel.MatchString(lines[j]); j++ {
				words = append(words, strings.TrimSpace(lines[j]))
			}
			return head(cleanText(strings.Join(words, " ")), maxServerWords), status
		}
	}
	// The lines under a heading ("because:", "The response was:"), or
	// under the first recipient ("  kim@x\n    Unrouteable address").
	for i, line := range lines {
		if reasonHeading.MatchString(line) {
			if words := paragraphAfter(lines, i+1, anchor); words != "" {
				return words, status
			}
		}
	}
	if first >= 0 {
		if words := paragraphAfter(lines, first+1, anchor); words != "" {
			return words, status
		}
	}
	// Last, the report's own sentence about this failure ("Your message
	// was not delivered within 5 days"), outside the paragraph of its
	// standard opening.
	start := 0
	for i := 0; i <= len(lines); i++ {
		if i < len(lines) && strings.TrimSpace(lines[i]) != "" {
			continue
		}
		para := lines[start:i]
		start = i + 1
		if mtaSignature.MatchString(strings.Join(para, " ")) && !signatureIsHeading(para) {
			continue // the report's standard opening sentence
		}
		for _, line := range para {
			if bounceText.MatchString(line) && !mtaSignature.MatchString(line) {
				return head(cleanText(line), maxServerWords), status
			}
		}
	}
	return "", status
}

// signatureIsHeading reports a paragraph whose mail server signature is
// a rule-like heading ("----- Transcript of session follows -----"): the
// lines under it are the report's own words.
func signatureIsHeading(para []string) bool {
	for _, line := range para {
		if mtaSignature.MatchString(line) {
			return strings.HasPrefix(strings.TrimSpace(line), "-")
		}
	}
	return false
}

// afterAddress returns what a recipient line says about the failure:
// the words after the address ("<kim@x>: connect to mx.x: Connection
// timed out"), or the whole line when the reason comes first ("Unknown
// user: kim@x"); "" when it says nothing more.
func afterAddress(line string) string {
	loc := lastAddress(line)
	if loc == nil {
		return ""
	}
	after := strings.TrimLeft(line[loc[1]:], ">\"': .,;")
	if strings.HasPrefix(after, "(") && strings.HasSuffix(after, ")") {
		after = after[1 : len(after)-1] // GroupWise's "kim@x (user not found)"
	}
	if strings.HasPrefix(after, ")") {
		// Domino's "User kim (kim@x) not listed in Domino Directory".
		return head(cleanText(line), maxServerWords)
	}
	if len(after) > 3 && !dateAfter.MatchString(after) && strings.IndexFunc(after, isLetter) >= 0 {
		return head(cleanText(after), maxServerWords)
	}
	if before := line[:loc[0]]; bounceText.MatchString(before) && !introducesRecipient.MatchString(before) && !mtaSignature.MatchString(line) {
		return head(cleanText(line), maxServerWords)
	}
	return ""
}

// paragraphAfter returns up to three non-blank lines from lines[i],
// skipping blank lines before them and stopping at the next blank line,
// the next recipient or a rule. A paragraph that is only a heading
// ("because:") gives the one after it; pasted header lines are skipped.
func paragraphAfter(lines []string, i int, anchor func(int) bool) string {
	for range 2 {
		for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
			i++
		}
		var words []string
		for ; i < len(lines) && len(words) < 3; i++ {
			t := strings.TrimSpace(lines[i])
			if t == "" || anchor(i) || strings.HasPrefix(t, "---") || strings.HasPrefix(t, "***") {
				break
			}
			if !pastedField.MatchString(lines[i]) && !pointerLine.MatchString(t) && hasLetters(t) {
				words = append(words, t)
			}
		}
		if len(words) == 1 && strings.HasSuffix(words[0], ":") {
			continue // a heading: its paragraph follows
		}
		return head(cleanText(strings.Join(words, " ")), maxServerWords)
	}
	return ""
}

// lastAddress returns the bounds of the last address on line, or nil.
func lastAddress(line string) []int {
	locs := addrSpec.FindAllStringIndex(line, -1)
	if len(locs) == 0 {
		return nil
	}
	return locs[len(locs)-1]
}

// isLetter reports an ASCII letter or any non-ASCII character (a letter
// of another script, in a report's words).
func isLetter(r rune) bool {
	return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 0x7f
}

// hasLetters reports whether s holds a letter of any script.
func hasLetters(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

var (
	// introducesRecipient ends the words that lead to a recipient ("Could
	// not be delivered to:", "RCPT TO:"), which are no reason.
	introducesRecipient = regexp.MustCompile(`(?i)(?:\bto|\bfor|recipient|address|宛先)\s*:?\s*<?\s*$`)

	// reasonLabel is a labelled reason line.
	reasonLabel = regexp.MustCompile(`(?i)^\s*(?:[a-z]+ )?(?:reason|diagnostic(?: code)?|error|failure|cause|grund|raison|fehler|erreur|motivo|사유|原因|理由)\s*:\s*\S`)

	// reasonHeading introduces the reason below it.
	reasonHeading = regexp.MustCompile(`(?i)(?:because|reason|reasons|raison|grund|technical details of [a-z ]*failure|non-delivered information|error message|server message|diagnostic|for the following reason|the (?:response|error)(?: from the remote server| that the other server returned)? was)\s*(?:-+\s*)?:?\s*-*\s*$|失敗理由|エラー内容`)

	// dateAfter opens "on <date>" after an address (Exchange 2003).
	dateAfter = regexp.MustCompile(`(?i)^on\s`)
)
