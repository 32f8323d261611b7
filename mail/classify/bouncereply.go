package classify

import (
	"regexp"
	"strings"
)

// The remote server's words: what a failure report quotes of the SMTP
// reply that refused the message ("550 5.1.1 <kim@example.org>: Recipient
// address rejected"), with its continuation lines, so the owner can be
// told what the server said. Reports write it in many ways — "said: 550
// …", "<<< 550 …", "(reason: 550 …)", "Remote Server returned '550 …'",
// "smtp;550 …", a multi-line "550-5.7.26 …" block — but always as a
// three-digit code, often followed by an enhanced status (RFC 3463).

// maxServerWords bounds the diagnostic taken from a text report.
const maxServerWords = 600

// replyCode finds a candidate reply: a 4xx or 5xx code standing alone,
// optionally followed by an enhanced status code.
var replyCode = regexp.MustCompile(`(?:^|[^\w./@%+=-])([45][0-5]\d)(?::?[ \t]+#?([45]\.\d{1,3}\.\d{1,3})\b|-#?([45]\.\d{1,3}\.\d{1,3})\b|[ \t]*:?[ \t]*$|:?[ \t]*-?[ \t]*[^\d\s.:]|[ \t]+[:(])`)

// replyContext is what stands before a code that is not followed by an
// enhanced status and so needs a reason to be read as a reply.
var replyContext = regexp.MustCompile(`(?i)(?:said|returned|reason|response|responded|reply|replied|answer|error|smtp|code|rejected|message)\W*$|(?:<<<|\]:|\]|#)\s*$`)

// fieldLabel opens a "Label: value" line, a new field of a report.
var fieldLabel = regexp.MustCompile(`^\s*[A-Za-z][\w -]{0,30}:\s`)

// statusIn finds an enhanced status code of a failure (class 4 or 5).
var statusIn = regexp.MustCompile(`(?:^|[^\w.])#?([45]\.\d{1,3}\.\d{1,3})(?:[^\w.]|\.?$|\.\s)`)

// reply is an SMTP reply found in a report.
type reply struct {
	line, col int    // where the code starts
	code      string // "550"
	status    string // "5.1.1", or "" when the reply has none
}

// findReply returns the first reply in lines[from:], or ok false.
func findReply(lines []string, from int) (r reply, ok bool) {
	for i := from; i < len(lines); i++ {
		line := lines[i]
		if !strings.ContainsAny(line, "45") {
			continue
		}
		for _, m := range replyCode.FindAllStringSubmatchIndex(line, -1) {
			before := line[:m[2]]
			status := ""
			if m[4] >= 0 {
				status = line[m[4]:m[5]]
			} else if m[6] >= 0 {
				status = line[m[6]:m[7]]
			}
			if status == "" && strings.TrimLeft(before, " \t>(<'\"*") != "" && !replyContext.MatchString(before) {
				continue // a number in a sentence, not a reply
			}
			return reply{line: i, col: m[2], code: line[m[2]:m[3]], status: status}, true
		}
	}
	return reply{}, false
}

// serverWords returns the reply that starts at r with the lines that
// continue it: lines indented deeper than the reply's, or at the same
// depth when the reply is itself indented, or that repeat its code
// ("550-5.7.26 …"). anchor reports a line naming another recipient,
// which ends the reply unless indented deeper.
func serverWords(lines []string, r reply, anchor func(int) bool) string {
	words := []string{strings.TrimSpace(lines[r.line][r.col:])}
	base := indent(lines[r.line])
	size := len(words[0])
	for j := r.line + 1; j < len(lines) && len(words) < 10 && size < maxServerWords; j++ {
		l := lines[j]
		t := strings.TrimSpace(l)
		if t == "" {
			break
		}
		rest, repeated := cutRepeatedCode(t, r.code)
		d := indent(l)
		switch {
		case repeated:
		case len(words) == 1 && !hasLetters(words[0]):
			// "said: 550" wrapped before its words.
		case d > base:
		case d == base && base > 0 && !anchor(j) && !fieldLabel.MatchString(l):
		default:
			j = len(lines)
			continue
		}
		words = append(words, rest)
		size += len(rest)
	}
	return tidyServerWords(strings.Join(words, " "))
}

// cutRepeatedCode removes the code (and its enhanced status) a multi-line
// reply repeats at the start of each line: "550-5.1.1 foo" gives "foo".
func cutRepeatedCode(line, code string) (string, bool) {
	if !strings.HasPrefix(line, code) || len(line) == len(code) || (line[len(code)] != '-' && line[len(code)] != ' ') {
		return line, false
	}
	rest := strings.TrimSpace(line[len(code)+1:])
	if loc := leadingStatus.FindStringIndex(rest); loc != nil {
		rest = rest[loc[1]:]
	}
	return strings.TrimSpace(rest), true
}

var leadingStatus = regexp.MustCompile(`^#?[45]\.\d{1,3}\.\d{1,3}\b`)

// tidyServerWords joins the lines, drops the quoting the report put
// around the reply, and bounds the length.
func tidyServerWords(s string) string {
	s = collapseRepeatedCodes(cleanText(s))
	s = strings.TrimRight(s, "'\" ")
	if strings.Count(s, ")") > strings.Count(s, "(") {
		s = strings.TrimSuffix(s, ")")
	}
	return head(s, maxServerWords)
}

// indent counts the leading blanks of a line (a tab counts as one).
func indent(line string) int {
	return len(line) - len(strings.TrimLeft(line, " \t"))
}

// statusOf returns the status of a reply: its enhanced code, else one
// made of its class ("5.0.0", "4.0.0").
func (r reply) statusOf() string {
	if r.status != "" {
		return r.status
	}
	return r.code[:1] + ".0.0"
}

// firstFailureStatus returns the first enhanced status code of class 4
// or 5 in s ("(#5.1.1)", "Status: 5.2.2"), or "".
func firstFailureStatus(s string) string {
	if sm := statusIn.FindStringSubmatch(s); sm != nil {
		return sm[1]
	}
	return ""
}

// leadingReply is a reply code, with its enhanced status, opening a text.
var leadingReply = regexp.MustCompile(`^([45]\d\d)[ -](?:#?([45]\.\d{1,3}\.\d{1,3}) )?`)

// collapseRepeatedCodes turns a multi-line reply joined on one line ("550-5.1.1
// The account 550-5.1.1 does not exist 550 5.1.1 https://…") into its
// words, keeping the code and status once at the front.
func collapseRepeatedCodes(s string) string {
	m := leadingReply.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	code, status := m[1], m[2]
	out := []string{code}
	if status != "" {
		out = append(out, status)
	}
	fields := strings.Fields(s[len(m[0]):])
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		switch {
		case status != "" && (f == code+"-"+status || f == code+"-#"+status):
			continue
		case status != "" && f == code && i+1 < len(fields) && strings.TrimPrefix(fields[i+1], "#") == status:
			i++
			continue
		case status == "" && strings.HasPrefix(f, code+"-"):
			if f = f[len(code)+1:]; f == "" {
				continue
			}
		}
		out = append(out, f)
	}
	return strings.Join(out, " ")
}
