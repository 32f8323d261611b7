package classify

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The copy of the returned message: where a failure report's own words
// end and the returned message begins, and what is read from that copy.

// hasReturnedMessage reports an attached message or message header: the
// copy a failure report returns.
func (p *parsed) hasReturnedMessage() bool {
	return len(p.leavesOf("message/rfc822", "text/rfc822-headers", "message/rfc822-headers", "message/global", "message/global-headers")) > 0
}

// originalMessageID finds the Message-ID of the returned message: in an
// attached message/rfc822 or text/rfc822-headers part, else in the copy of
// its header a non-standard bounce pastes below its text.
func (p *parsed) originalMessageID() string {
	for _, l := range p.leavesOf("message/rfc822", "text/rfc822-headers", "message/rfc822-headers", "message/global", "message/global-headers") {
		h, _, _ := readHeader(l.body)
		if ids := parseMessageIDs(h.get("Message-Id")); len(ids) > 0 {
			return ids[0]
		}
	}
	if p.headerOnly {
		return ""
	}
	_, returned := splitReturned(p.bounceText())
	if sm := returnedMessageID.FindStringSubmatch(returned); sm != nil {
		if ids := parseMessageIDs(sm[1]); len(ids) > 0 {
			return ids[0]
		}
	}
	return ""
}

var returnedMessageID = regexp.MustCompile(`(?im)^[ \t>]*Message-Id:[ \t]*(<[^>\r\n]+>|\S+@\S+)`)

// attachedBounce parses attached messages and returns the first one's
// bounce details.
func (p *parsed) attachedBounce() *Bounce {
	if p.nesting >= maxNesting {
		return nil
	}
	for _, l := range p.leavesOf("message/rfc822", "message/global") {
		if inner := parseNested(l.body, p.nesting+1); inner.Kind == KindBounce {
			return inner.Bounce
		}
	}
	return nil
}

// bounceText returns the text to search for bounce phrases: the human
// part, or when there is none (a header-less DSN) the first text part. It
// is cut at maxScan: what a mail server says about a failure is at the top.
func (p *parsed) bounceText() string {
	if p.firstText == nil {
		s := p.m.Text
		if s == "" {
			for _, l := range p.tree.leaves {
				if strings.HasPrefix(l.mediaType, "text/") {
					s = l.text()
					break
				}
			}
		}
		s = head(s, maxScan)
		p.firstText = &s
	}
	return *p.firstText
}

// maxScan bounds the text the body heuristics read (bounce phrases,
// forward markers, return dates): enough for any notice, and it keeps a
// huge body from making classification slow.
const maxScan = 32 << 10

// head returns at most n bytes of s, cut at a rune boundary.
func head(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// diagnosticRegion is the bounce text above the copy of the returned
// message, where the failure is described.
func (p *parsed) diagnosticRegion() string {
	if p.region == nil {
		region, _ := splitReturned(p.bounceText())
		p.region = &region
	}
	return *p.region
}

// splitReturned cuts a bounce text where the copy of the returned message
// begins ("----- Original message -----", "The header of the original
// message is following", a pasted "Received:" line …).
func splitReturned(text string) (diag, returned string) {
	cut := len(text)
	if at := returnedPhrase.firstIndex(text); at >= 0 {
		cut = strings.LastIndexByte(text[:at], '\n') + 1 // the line it is on
	}
	if loc := returnedHeader.FindStringIndex(text[:cut]); loc != nil {
		cut = loc[0]
	}
	return text[:cut], text[cut:]
}

// returnedPhrase is what bounces write above the copy of the message.
// "Returned message" counts only as a heading: Postfix says "delete your
// own text from the attached returned message" above the failure itself.
var returnedPhrase = newPhraseSet([]string{
	`-{2,} ?(?:original message|forwarded message)`, `copy of (?:the|your) (?:original )?message`,
	`header of the original message`, `headers? of (?:the )?(?:original|returned|your) message`,
	`original message (?:follows|headers)`, `(?m)^[ \t*=-]*(?:returned|undelivered) message\b`,
	`message headers follow`, `below is a copy`, `bounced e-?mail:`,
})

// returnedHeader is a pasted header line starting the copy.
var returnedHeader = regexp.MustCompile(`(?im)^[ \t>]*(?:received|return-path|dkim-signature|x-received):[ \t]+\S`)
