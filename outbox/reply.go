package outbox

import (
	"regexp"
	"strings"
)

// Decision is what the owner's answer to a notice_approve says.
type Decision int

const (
	DecideNothing Decision = iota // nothing readable above the quote
	DecideSend                    // send the draft as it stands
	DecideSkip                    // do not send it
	DecideEdit                    // send the owner's own text instead (Reply.Text)
)

// Reply is the owner's answer to a draft, read from the text of their mail.
type Reply struct {
	Decision Decision
	Text     string // for DecideEdit: the new body
}

// quoteHeader matches the line mail apps put above a quoted message: "On
// Mon, 23 Nov 2026 at 09:00, rapport <…> wrote:", "Le … a écrit :", "Am …
// schrieb …:", Outlook's "-----Original Message-----" and "From: …" blocks.
var quoteHeader = regexp.MustCompile(`(?i)^(on .+ wrote:?|le .+ a écrit ?:?|am .+ schrieb .+:?|el .+ escribió:?|-+ ?original message ?-+|-+ ?ursprüngliche nachricht ?-+|from: .+)$`)

// AboveQuote returns what the owner wrote above the quoted message they
// answer, without a signature, trimmed of empty lines; "" when nothing.
func AboveQuote(text string) string {
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, ">") || quoteHeader.MatchString(t) || l == "-- " || t == "--" {
			break
		}
		lines = append(lines, strings.TrimRight(l, " \t"))
	}
	body := strings.Trim(strings.Join(lines, "\n"), "\n")
	if strings.TrimSpace(body) == "" {
		return ""
	}
	return body
}

// Unquoted returns every line of an answer the owner wrote, above the
// quote and between quoted lines (answers written inline), without the
// quoted lines, the "On … wrote:" lines and a signature; it stops at an
// original that was not quoted line by line ("-----Original Message-----",
// "From: …").
func Unquoted(text string) string {
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(l)
		if l == "-- " || t == "--" || originalHeader.MatchString(t) {
			break
		}
		if strings.HasPrefix(t, ">") || quoteHeader.MatchString(t) {
			continue
		}
		lines = append(lines, strings.TrimRight(l, " \t"))
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// originalHeader matches the start of an original message a client put
// under the answer without quoting it.
var originalHeader = regexp.MustCompile(`(?i)^(-+ ?original message ?-+|-+ ?ursprüngliche nachricht ?-+|from: .+)$`)

// ReadReply reads the owner's answer: the text above the quoted notice,
// without a signature. A first line of "send" (or "ok", "yes", "approve")
// alone sends the draft, "skip" (or "no", "don't send") drops it; any
// other text replaces the body.
func ReadReply(text string) Reply {
	body := AboveQuote(text)
	if body == "" {
		return Reply{}
	}
	word := strings.Trim(strings.ToLower(strings.TrimSpace(body)), ".!")
	switch word {
	case "send", "send it", "ok", "okay", "yes", "approve", "approved", "go", "lgtm":
		return Reply{Decision: DecideSend}
	case "skip", "no", "don't send", "do not send", "drop", "cancel":
		return Reply{Decision: DecideSkip}
	}
	return Reply{Decision: DecideEdit, Text: body + "\n"}
}
