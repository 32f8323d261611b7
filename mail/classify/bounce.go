package classify

import (
	"regexp"
	"strings"

	"github.com/rapport-mail/rapport/internal/ascii"
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
	returned := p.hasReturnedMessage()
	switch {
	case daemon && subject:
		return "mailer daemon with a bounce subject"
	case signed:
		return "mail server's failure report text"
	case !daemon && !(automatic && (subject || returned)) && !(returned && !fwd):
		return "" // the common case, a person's mail: no need to read the text
	}
	text := bounceText.MatchString(p.diagnosticRegion())
	switch {
	case daemon && text:
		return "mailer daemon with bounce text"
	case daemon && returned && !fwd:
		return "mailer daemon returning a message"
	case automatic && text && (subject || returned):
		return "bounce text in an automatic message"
	case !fwd && text && returned && bounceSubject.MatchString(p.subject):
		return "bounce subject and text returning a message"
	}
	return ""
}

// finishBounce fills what can be inferred: the original Message-ID, the
// action from the status, Permanent and Delayed.
func (p *parsed) finishBounce(b *Bounce) {
	if b.OriginalMessageID == "" {
		b.OriginalMessageID = p.originalMessageID()
	}
	// A generic status (5.0.0, often Postfix's own) yields to the precise
	// one of the same class the server's reply gives.
	if s := firstFailureStatus(b.Diagnostic); s != "" && (b.Status == "" || strings.HasSuffix(b.Status, ".0.0") && s[0] == b.Status[0]) {
		b.Status = s
	}
	// A reply without an enhanced code ("500 (err.nosuchuser)") gives
	// its class.
	if m := leadingReply.FindStringSubmatch(b.Diagnostic); b.Status == "" && m != nil {
		b.Status = m[1][:1] + ".0.0"
	}
	if b.Action == "" {
		if delaySubject.MatchString(p.subject) {
			b.Action = "delayed"
		} else {
			b.Action = "failed"
		}
	}
	b.Permanent = b.Action == "failed" && !strings.HasPrefix(b.Status, "4")
	b.Delayed = b.Action == "delayed"
	if b.Recipients == nil {
		b.Recipients = []string{}
	}
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

// statusCode is an enhanced status code (RFC 3463) of any class.
var statusCode = regexp.MustCompile(`\b[245]\.\d{1,3}\.\d{1,3}\b`)

// daemonSender names a mail system in a From field.
var daemonSender = regexp.MustCompile(`(?i)mailer[-_ ]?daemon|\bpost[-_ ]?master\b|mail delivery (?:sub)?system|mail delivery service|mail administrator|\bmail-?daemon\b`)

// delaySubject is the subject of a report that delivery is still tried.
var delaySubject = regexp.MustCompile(`(?i)delay|warning|still being retried|not yet been delivered|verzögert|retard`)
