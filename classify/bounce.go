package classify

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"rapport/internal/ascii"
)

// bounce recognises a delivery failure: an RFC 3464 report, an
// X-Failed-Recipients header, an Amazon SES notification, or the text a
// mail server writes when it is not standard (Postfix, sendmail, Exim,
// qmail, Exchange, Domino, GMX …) coming from a mailer daemon or with the
// marks of an automatic message. A complaint (ARF) and a read receipt are
// never bounces. It returns nil when the message is not a bounce, else the
// details and the signal.
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
		if len(b.Recipients) == 0 {
			b.Recipients = mergeAddrs(nil, p.textRecipients())
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
		b := &Bounce{Recipients: mergeAddrs(nil, p.textRecipients())}
		p.fillFromText(b)
		p.finishBounce(b)
		return b, "multipart/report delivery-status"
	}
	if b := p.sesBounce(); b != nil {
		return b, "Amazon SES bounce notification"
	}
	daemon := p.fromDaemon()
	automatic := p.emptyReturnPath() || p.autoSubmitted() != ""
	// The subject only counts with one of the two signs above; most mail
	// has neither, so skip the costly match.
	subject := (daemon || automatic) && bounceSubject.MatchString(p.subject)
	// Some mail servers sign their reports so plainly ("This is the
	// qmail-send program at …") that the opening lines are enough, whoever
	// relayed them; a forward of such a report is still a forward.
	signed := !p.headerOnly && mtaSignature.MatchString(head(p.bounceText(), 1024)) && !isForwardSubject(p.subject)
	if !daemon && !(subject && automatic) && !signed {
		return nil, ""
	}
	text := !p.headerOnly && bounceText.MatchString(p.diagnosticRegion())
	if !(daemon && (subject || text) || subject && text && automatic || signed) {
		return nil, ""
	}
	// A report a relay wrapped in another message (message/rfc822): use its details.
	if inner := p.attachedBounce(); inner != nil {
		p.finishBounce(inner)
		return inner, "delivery report in an attached message"
	}
	b := &Bounce{Recipients: mergeAddrs(nil, p.textRecipients())}
	p.fillFromText(b)
	p.finishBounce(b)
	switch {
	case daemon && subject:
		return b, "mailer daemon with a bounce subject"
	case daemon:
		return b, "mailer daemon with bounce text"
	case signed:
		return b, "mail server's failure report text"
	}
	return b, "bounce subject and text in an automatic message"
}

// finishBounce fills what can be inferred: the original Message-ID, the
// action from the status, and Permanent.
func (p *parsed) finishBounce(b *Bounce) {
	if b.OriginalMessageID == "" {
		b.OriginalMessageID = p.originalMessageID()
	}
	if b.Status == "" {
		b.Status = statusCode.FindString(b.Diagnostic)
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
	return p.h.has("Return-Path") && (rp == "" || rp == "<>" || ascii.EqualFold(strings.Trim(rp, "<>"), "mailer-daemon"))
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
		a = ascii.Lower(strings.Trim(strings.TrimSpace(a), "<>.,;:'\""))
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
var returnedPhrase = regexp.MustCompile(`(?i)-{2,} ?(?:original message|forwarded message)|copy of (?:the|your) (?:original )?message|header of the original message|headers? of (?:the )?(?:original|returned|your) message|original message (?:follows|headers)|returned message|undelivered message|message headers follow|below is a copy|bounced e-?mail:`)

// returnedHeader is a pasted header line starting the copy.
var returnedHeader = regexp.MustCompile(`(?im)^[ \t>]*(?:received|return-path|dkim-signature|x-received):[ \t]+\S`)

var statusCode = regexp.MustCompile(`\b[245]\.\d{1,3}\.\d{1,3}\b`)

var daemonSender = regexp.MustCompile(`(?i)mailer[-_ ]?daemon|\bpost[-_ ]?master\b|mail delivery (?:sub)?system|mail delivery service|mail administrator|\bmail-?daemon\b`)

var delaySubject = regexp.MustCompile(`(?i)delay|warning|still being retried|not yet been delivered|verzögert|retard`)

// bounceSubject matches the subjects mail servers give failure reports.
var bounceSubject = regexp.MustCompile(`(?i)undeliver|undelivered|returned mail|returning message|mail delivery fail|delivery (?:status notification|failure|failed|has failed|notification|problem|report)|failure notice|non[- ]?deliver|could not be delivered|not delivered|mail system error|could not send message|delayed mail|message delayed|returned to sender|unzustellbar|nicht zustellbar|non recapitabile|non remis|impossible de remettre|onbestelbaar|no se puede entregar|no entregado|unable to deliver|bounce notification|message you sent blocked|rejected|delivery status`)

// mtaSignature matches the opening words of mail servers' failure reports.
var mtaSignature = regexp.MustCompile(`(?i)this is the qmail-send program at|this is the mail system at host|this message was created automatically by mail delivery software|the following addresses had permanent fatal errors|delivery to the following recipients? failed permanently|i'm sorry to have to inform you that your message could not|delivery has failed to these recipients or groups|your message (?:wasn't|was not|couldn't be|could not be) delivered to|an error has occurred while attempting to deliver`)

// bounceText matches what a failure report says about the failure.
var bounceText = regexp.MustCompile(`(?i)could not be delivered|couldn't be delivered|was not delivered|wasn't delivered|not be delivered|delivery (?:has|to the following recipients?) failed|permanent fatal errors?|following address(?:\(es\)|es)? failed|did not reach the following recipient|delivery to the following recipient|undeliverable|user unknown|unknown user|no such user|mailbox (?:unavailable|full|is full|not found)|recipient address rejected|host or domain name not found|delivery failed|unable to deliver|message was rejected|was rejected|rejected your message|failed permanently|this is a permanent error|permanent failure|could not deliver|delivery failure|wasn't able to deliver|was unable to deliver|this is the mail system at host|invalid (?:user|recipient|address)|not listed in|rcpt to|an error has occurred while attempting to deliver|konnte nicht zugestellt werden|nicht zugestellt|n'a pas pu être (?:remis|distribué)|no se pudo entregar|no pudo ser entregado|non è stato possibile recapitare|\b55[0-4][ -]`)

// dsnLines splits delivery-status text into lines for parseDeliveryStatus.
func dsnLines(body []byte) []string {
	body = bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))
	return strings.Split(bestEffort(body), "\n")
}
