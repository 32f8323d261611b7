package classify

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// bounce recognises a delivery failure: an RFC 3464 report, an
// X-Failed-Recipients header, an Amazon SES notification, or the text a
// mail server writes when it is not standard (see bouncevendors.go)
// coming from a mailer daemon, with the marks of an automatic message, or
// returning the message it failed to deliver. A complaint (ARF) and a
// read receipt are never bounces. It returns nil when the message is not
// a bounce, else the details and the signal.
func (p *parsed) bounce() (*Bounce, string) {
	if p.isComplaint() || p.isReceipt() {
		return nil, ""
	}
	failed := splitAddressList(p.h.values("X-Failed-Recipients"))
	dsnParts := p.leavesOf("message/delivery-status", "message/global-delivery-status")

	if len(dsnParts) > 0 {
		b := &Bounce{}
		var recips []dsnRecipient
		for _, d := range dsnParts {
			recips = append(recips, parseDeliveryStatus(d.body)...)
		}
		if allDelivered(recips) && len(failed) == 0 {
			return nil, "" // a success notice ("delivered", "relayed"): not a failure
		}
		fillFromDSN(b, recips)
		b.Recipients = mergeAddrs(b.Recipients, failed)
		dsnWords := b.Diagnostic
		if !hasLetters(dsnWords) {
			b.Diagnostic = "" // "X-Unix; 77", "smtp; 421": the text may say more
		}
		p.fillFromText(b)
		if b.Diagnostic == "" {
			b.Diagnostic = dsnWords
		}
		p.finishBounce(b)
		return b, "delivery status report (RFC 3464)"
	}
	if len(failed) > 0 {
		b := &Bounce{Recipients: mergeAddrs(nil, failed)}
		p.fillFromText(b)
		p.finishBounce(b)
		return b, "X-Failed-Recipients"
	}
	if p.reportType() == "delivery-status" || p.typ == "message/delivery-status" {
		b := &Bounce{}
		p.fillFromText(b)
		p.finishBounce(b)
		return b, "multipart/report delivery-status"
	}
	if b := p.sesBounce(); b != nil {
		return b, "Amazon SES bounce notification"
	}
	reason := p.reportSigns()
	if reason == "" {
		return nil, ""
	}
	// A report a relay wrapped in another message (message/rfc822): use its details.
	if inner := p.attachedBounce(); inner != nil {
		p.finishBounce(inner)
		return inner, "delivery report in an attached message"
	}
	b := &Bounce{}
	p.fillFromText(b)
	p.finishBounce(b)
	return b, reason
}

// reportSigns decides whether a message without a standard report is a
// failure report, and says why; "" when it is not. A mailer daemon's
// message is one when its subject or text speaks of a failure or it
// returns a message; a mail server's signature near the top of the text
// is one whoever relayed it; an automatic message (empty Return-Path,
// Auto-Submitted) needs failure words and a bounce subject or a returned
// message. A subject that says a person forwarded it ("Fwd:") counts for
// none of these.
func (p *parsed) reportSigns() string {
	daemon := p.fromDaemon()
	automatic := p.emptyReturnPath() || p.autoSubmitted() != ""
	// The subject only counts with one of the two signs above; most mail
	// has neither, so skip the costly matches.
	subject := (daemon || automatic) && bounceSubject.MatchString(p.subject) && !isForwardSubject(p.subject)
	if p.headerOnly {
		if daemon && subject {
			return "mailer daemon with a bounce subject"
		}
		return ""
	}
	fwd := isForwardSubject(p.subject)
	signed := !fwd && signedReport(head(p.bounceText(), 2048))
	if !daemon && !automatic && !signed && !p.hasReturnedMessage() {
		return "" // the common case: a person's mail
	}
	text := bounceText.MatchString(p.diagnosticRegion())
	returned := p.hasReturnedMessage()
	switch {
	case daemon && subject:
		return "mailer daemon with a bounce subject"
	case daemon && text:
		return "mailer daemon with bounce text"
	case daemon && returned && !fwd:
		return "mailer daemon returning a message"
	case signed:
		return "mail server's failure report text"
	case automatic && text && (subject || returned):
		return "bounce text in an automatic message"
	case !fwd && text && returned && bounceSubject.MatchString(p.subject):
		return "bounce subject and text returning a message"
	}
	return ""
}

// hasLetters reports whether s holds a letter of any script.
func hasLetters(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// hasReturnedMessage reports an attached message or message header: the
// copy a failure report returns.
func (p *parsed) hasReturnedMessage() bool {
	return len(p.leavesOf("message/rfc822", "text/rfc822-headers", "message/rfc822-headers", "message/global", "message/global-headers")) > 0
}

// finishBounce fills what can be inferred: the original Message-ID, the
// action from the status, and Permanent.
func (p *parsed) finishBounce(b *Bounce) {
	if b.OriginalMessageID == "" {
		b.OriginalMessageID = p.originalMessageID()
	}
	// A generic status (5.0.0, often Postfix's own) yields to the precise
	// one of the same class the server's reply gives.
	if s := firstFailureStatus(b.Diagnostic); s != "" && (b.Status == "" || strings.HasSuffix(b.Status, ".0.0") && s[0] == b.Status[0]) {
		b.Status = s
	}
	if b.Action == "" {
		if delaySubject.MatchString(p.subject) {
			b.Action = "delayed"
		} else {
			b.Action = "failed"
		}
	}
	b.Permanent = b.Action == "failed" && !strings.HasPrefix(b.Status, "4")
	if b.Recipients == nil {
		b.Recipients = []string{}
	}
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

// fromDaemon reports a sender that is a mail system, not a person.
func (p *parsed) fromDaemon() bool {
	// Every sign daemonSender looks for holds "mail" or "post": most
	// senders are ruled out without running it.
	raw, name := p.h.get("From"), p.m.From.Name
	if hasMailOrPost(raw) || hasMailOrPost(name) {
		if daemonSender.MatchString(raw + " " + name) {
			return true
		}
	}
	return p.m.From.Email == "" && p.emptyReturnPath() && !p.h.has("From")
}

// hasMailOrPost reports whether s holds "mail" or "post" under the case
// folding of daemonSender's (?i).
func hasMailOrPost(s string) bool {
	for i := range s {
		if hasPrefixFold(s[i:], "mail") || hasPrefixFold(s[i:], "post") {
			return true
		}
	}
	return false
}

func (p *parsed) emptyReturnPath() bool {
	rp := strings.TrimSpace(p.h.get("Return-Path"))
	return p.h.has("Return-Path") && (rp == "" || rp == "<>" || strings.EqualFold(strings.Trim(rp, "<>"), "mailer-daemon"))
}

// autoSubmitted returns the Auto-Submitted keyword ("auto-replied", …),
// or "" when absent or "no".
func (p *parsed) autoSubmitted() string {
	v := p.lowerHeader("Auto-Submitted")
	if i := strings.IndexAny(v, ";( \t"); i >= 0 {
		v = v[:i]
	}
	if v == "no" {
		return ""
	}
	return v
}

// splitAddressList reads addresses from header values such as
// X-Failed-Recipients ("a@x, b@y").
func splitAddressList(values []string) []string {
	var out []string
	for _, v := range values {
		out = append(out, addrSpec.FindAllString(v, -1)...)
	}
	return out
}

// mergeAddrs appends the lower-cased addresses of add to list, without duplicates.
func mergeAddrs(list []string, add []string) []string {
	seen := make(map[string]bool, len(list)+len(add))
	for _, x := range list {
		seen[x] = true
	}
	for _, a := range add {
		a = strings.ToLower(strings.Trim(strings.TrimSpace(a), "<>.,;:'\""))
		if a == "" || !strings.Contains(a, "@") || seen[a] {
			continue
		}
		seen[a] = true
		list = append(list, a)
	}
	return list
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
	if loc := returnedPhrase.FindStringIndex(text); loc != nil {
		cut = strings.LastIndexByte(text[:loc[0]], '\n') + 1 // the line it is on
	}
	if loc := returnedHeader.FindStringIndex(text[:cut]); loc != nil {
		cut = loc[0]
	}
	return text[:cut], text[cut:]
}

// returnedPhrase is what bounces write above the copy of the message.
// "Returned message" counts only as a heading: Postfix says "delete your
// own text from the attached returned message" above the failure itself.
var returnedPhrase = regexp.MustCompile(`(?im)-{2,} ?(?:original message|forwarded message)|copy of (?:the|your) (?:original )?message|header of the original message|headers? of (?:the )?(?:original|returned|your) message|original message (?:follows|headers)|^[ \t*=-]*(?:returned|undelivered) message\b|message headers follow|below is a copy|bounced e-?mail:`)

// returnedHeader is a pasted header line starting the copy.
var returnedHeader = regexp.MustCompile(`(?im)^[ \t>]*(?:received|return-path|dkim-signature|x-received):[ \t]+\S`)

var statusCode = regexp.MustCompile(`\b[245]\.\d{1,3}\.\d{1,3}\b`)

var daemonSender = regexp.MustCompile(`(?i)mailer[-_ ]?daemon|\bpost[-_ ]?master\b|mail delivery (?:sub)?system|mail delivery service|mail administrator|\bmail-?daemon\b`)

var delaySubject = regexp.MustCompile(`(?i)delay|warning|still being retried|not yet been delivered|verzögert|retard`)

// dsnLines splits delivery-status text into lines for parseDeliveryStatus.
// The fields are ASCII, but Japanese servers (Domino, carriers) write the
// Diagnostic-Code text in raw ISO-2022-JP: its escapes are recognised.
func dsnLines(body []byte) []string {
	body = bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))
	text := ""
	if bytes.Contains(body, []byte("\x1b$B")) || bytes.Contains(body, []byte("\x1b$@")) {
		text = toUTF8(body, "iso-2022-jp")
	} else {
		text = bestEffort(body)
	}
	return strings.Split(text, "\n")
}
