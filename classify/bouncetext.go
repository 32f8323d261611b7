package classify

import (
	"encoding/json"
	"regexp"
	"strings"

	"rapport/internal/ascii"
)

// textRecipients picks the failed addresses out of a non-standard bounce
// text. It reads only the part above the copy of the returned message and
// leaves out the addresses that are not the failed recipient: the bounce's
// own sender and receiver (the owner), addresses on "From:" or "MAIL
// FROM" lines, and mail-system mailboxes (postmaster, mailer-daemon).
func (p *parsed) textRecipients() []string {
	if p.headerOnly {
		return nil
	}
	region := p.diagnosticRegion()
	exclude := map[string]bool{}
	for _, a := range p.ownAddresses() {
		exclude[ascii.Lower(a)] = true
	}
	var strong, weak []string
	for _, line := range strings.Split(region, "\n") {
		if senderLine.MatchString(line) {
			continue
		}
		for _, loc := range addrSpec.FindAllStringIndex(line, -1) {
			a := ascii.Lower(strings.Trim(line[loc[0]:loc[1]], "."))
			if exclude[a] || systemMailbox.MatchString(a) || inURL(line, loc[0]) {
				continue
			}
			if recipientContext.MatchString(line) || strings.TrimSpace(strings.Trim(strings.TrimSpace(line), "<>\":,")) == a {
				strong = append(strong, a)
			} else {
				weak = append(weak, a)
			}
		}
	}
	if len(strong) > 0 {
		return mergeAddrs(nil, strong)
	}
	return mergeAddrs(nil, weak)
}

// ownAddresses are the addresses in the bounce's own header: the mail
// system and the person the bounce is returned to.
func (p *parsed) ownAddresses() []string {
	var out []string
	for _, key := range []string{"From", "To", "Cc", "Reply-To", "Sender", "Return-Path", "Delivered-To", "Envelope-To", "X-Original-To", "X-Envelope-To"} {
		for _, v := range p.h.values(key) {
			out = append(out, addrSpec.FindAllString(v, -1)...)
		}
	}
	return out
}

// inURL reports whether the address at i is part of a URL (a query string).
func inURL(line string, i int) bool {
	start := strings.LastIndexAny(line[:i], " \t<(\"")
	word := line[start+1 : i]
	return strings.Contains(word, "://") || strings.Contains(word, "=") || strings.Contains(word, "?")
}

var senderLine = regexp.MustCompile(`(?i)^\s*(?:>\s*)?(?:from|sender|reply-to|return-path|envelope-from|x-sender|mail from)\s*:|mail from:?\s*<|^\s*(?:to|cc)\s*:`)

var systemMailbox = regexp.MustCompile(`(?i)^(?:mailer-daemon|mailer_daemon|mailerdaemon|postmaster|post_master|mail-daemon|abuse|noreply|no-reply|root)@`)

// recipientContext marks lines that name the failed recipient.
var recipientContext = regexp.MustCompile(`(?i)rcpt to|recipient|address(?:es)? failed|delivered to|deliver to|delivery to|target mail address|not listed|user unknown|unknown user|no such user|mailbox|said:|^\s*<[^>]+>\s*:|^\s*"?[^\s"]+@[^\s"]+"?\s*:|\.\.\. `)

// fillFromText sets status, diagnostic and action from a text bounce: the
// first enhanced status code and the line around it.
func (p *parsed) fillFromText(b *Bounce) {
	if p.headerOnly {
		return
	}
	region := p.diagnosticRegion()
	if loc := statusCode.FindStringIndex(region); loc != nil {
		b.Status = region[loc[0]:loc[1]]
		b.Diagnostic = lineAround(region, loc[0])
	} else if loc := smtpReply.FindStringIndex(region); loc != nil {
		b.Diagnostic = lineAround(region, loc[0])
		if strings.HasPrefix(strings.TrimSpace(region[loc[0]:]), "4") {
			b.Status = "4.0.0"
		} else {
			b.Status = "5.0.0"
		}
	}
	if delayText.MatchString(region) && !permanentText.MatchString(region) {
		b.Action = "delayed"
	}
}

var smtpReply = regexp.MustCompile(`\b[45]\d\d[ -][A-Za-z]`)

var delayText = regexp.MustCompile(`(?i)delayed|still being retried|will (?:keep|continue) trying|not yet been delivered|temporary (?:failure|error)|will retry`)

var permanentText = regexp.MustCompile(`(?i)permanent (?:error|failure)|fatal error|given up|failed permanently`)

// lineAround returns the trimmed line of text containing offset i.
func lineAround(text string, i int) string {
	start := strings.LastIndexByte(text[:i], '\n') + 1
	end := strings.IndexByte(text[i:], '\n')
	if end < 0 {
		end = len(text)
	} else {
		end += i
	}
	return cleanText(text[start:end])
}

// sesBounce reads an Amazon SES bounce delivered as an SNS notification
// (a JSON body with "notificationType": "Bounce"). The JSON is read with
// patterns, not decoded: SMTP line wrapping often breaks it ("!" + CRLF).
func (p *parsed) sesBounce() *Bounce {
	if p.headerOnly {
		return nil
	}
	text := p.bounceText()
	if !sesBounceType.MatchString(text) {
		return nil
	}
	list := sesRecipients.FindStringSubmatch(text)
	if list == nil {
		return nil
	}
	b := &Bounce{}
	for _, r := range sesObject.FindAllString(list[1], -1) {
		b.Recipients = mergeAddrs(b.Recipients, []string{jsonField(r, "emailAddress")})
		if b.Status == "" {
			b.Action, b.Status = strings.ToLower(jsonField(r, "action")), jsonField(r, "status")
			b.Diagnostic = dsnDiagnostic(jsonField(r, "diagnosticCode"))
		}
	}
	if len(b.Recipients) == 0 {
		return nil
	}
	if b.Action == "" {
		b.Action = "failed"
	}
	if sm := sesKind.FindStringSubmatch(text); sm != nil {
		b.Permanent = strings.EqualFold(sm[1], "Permanent")
	} else {
		b.Permanent = b.Action == "failed" && strings.HasPrefix(b.Status, "5")
	}
	if sm := sesMessageID.FindStringSubmatch(text); sm != nil {
		if ids := parseMessageIDs(sm[1]); len(ids) > 0 {
			b.OriginalMessageID = ids[0]
		}
	}
	return b
}

var (
	sesBounceType = regexp.MustCompile(`"(?:notificationType|eventType)"\s*:\s*"Bounce"`)
	sesRecipients = regexp.MustCompile(`"bouncedRecipients"\s*:\s*\[([^\]]*)\]`)
	sesObject     = regexp.MustCompile(`\{[^{}]*\}`)
	sesKind       = regexp.MustCompile(`"bounceType"\s*:\s*"(\w+)"`)
	sesMessageID  = regexp.MustCompile(`"commonHeaders"\s*:\s*\{[^}]*"messageId"\s*:\s*"([^"]+)"`)
)

// jsonField returns the string value of "name":"value" in a flat JSON object.
func jsonField(obj, name string) string {
	for _, m := range jsonString.FindAllStringSubmatch(obj, -1) {
		if m[1] != name {
			continue
		}
		var v string
		if err := json.Unmarshal([]byte(`"`+m[2]+`"`), &v); err == nil {
			return v
		}
		return m[2]
	}
	return ""
}

var jsonString = regexp.MustCompile(`"(\w+)"\s*:\s*"((?:[^"\\]|\\.)*)"`)
