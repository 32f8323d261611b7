package classify

import (
	"regexp"
	"strings"
)

// classify sets m.Kind, m.Reason and the kind's details, trying the kinds
// in their order of precedence.
func (p *parsed) classify() {
	m := p.m
	if b, reason := p.bounce(); b != nil {
		m.Kind, m.Reason, m.Bounce = KindBounce, reason, b
		return
	}
	if a, reason := p.autoReply(); a != nil {
		m.Kind, m.Reason, m.AutoReply = KindAutoReply, reason, a
		return
	}
	if c, reason := p.calendar(); c != nil {
		m.Kind, m.Reason, m.Calendar = KindCalendar, reason, c
		return
	}
	if f, reason := p.forward(); f != nil {
		m.Kind, m.Reason, m.Forward = KindForward, reason, f
		return
	}
	if reason := p.bulk(); reason != "" {
		m.Kind, m.Reason = KindBulk, reason
		return
	}
	m.Kind = KindPersonal
	switch {
	case len(m.InReplyTo) > 0:
		m.Reason = "reply (In-Reply-To)"
	case replyPrefix.MatchString(p.subject):
		m.Reason = "reply (subject)"
	default:
		m.Reason = "no automatic signal"
	}
}

// reportType returns the report-type of a top-level multipart/report, "" otherwise.
func (p *parsed) reportType() string {
	if p.typ != "multipart/report" {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(p.params["report-type"]))
}

// isComplaint reports an ARF feedback report (RFC 5965): a spam
// complaint, which is bulk, never a bounce.
func (p *parsed) isComplaint() bool {
	return p.reportType() == "feedback-report" || p.typ == "message/feedback-report" ||
		len(p.leavesOf("message/feedback-report")) > 0
}

// isReceipt reports an MDN (RFC 8098).
func (p *parsed) isReceipt() bool {
	return p.reportType() == "disposition-notification" || p.typ == "message/disposition-notification" ||
		len(p.leavesOf("message/disposition-notification")) > 0
}

// lowerHeader returns the trimmed, lower-cased first value of key (raw, not
// decoded: for keyword fields such as Auto-Submitted and Precedence).
func (p *parsed) lowerHeader(key string) string {
	return strings.ToLower(strings.TrimSpace(p.h.get(key)))
}

// replyPrefix matches the reply prefixes mail clients put before a subject,
// in the languages we have met ("Re:", "AW:", "SV:", "R:", "RE :", "回复:" …).
var replyPrefix = regexp.MustCompile(`(?i)^\s*(?:re|aw|sv|r|rif|antw|antwort|odp|ynt|atb|res|rép|rep|réf|ref|رد|回复|回覆|答复|返信)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]`)
