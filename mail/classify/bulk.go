package classify

import "regexp"

// bulk recognises mail sent to many or by a machine: list headers
// (List-Id, List-Unsubscribe, …), Precedence bulk/list/junk, an
// Auto-Submitted notification that is not an answer, an ARF complaint, a
// success delivery notice, Gmail's Feedback-ID, or a no-reply sender. It
// returns the signal, or "".
//
// One human sign overrides the list headers (kept simple on purpose): a
// message that answers a thread (In-Reply-To) from a sender that is not a
// no-reply address and without Precedence bulk/junk or Auto-Submitted is
// personal, so a contact answering through a mailing list is not lost. A
// complaint and a no-reply sender are bulk regardless.
func (p *parsed) bulk() string {
	if p.isComplaint() {
		return "spam complaint (ARF)"
	}
	if p.typ == "multipart/report" && p.reportType() == "delivery-status" || len(p.leavesOf("message/delivery-status")) > 0 {
		return "delivery notice"
	}
	prec := p.lowerHeader("Precedence")
	as := p.autoSubmitted()
	hardBulk := prec == "bulk" || prec == "junk" || as != ""
	noReply := noReplySender.MatchString(p.m.From.Email)
	signal := ""
	switch {
	case as != "":
		signal = "Auto-Submitted: " + as
	case hardBulk:
		signal = "Precedence: " + prec
	case prec == "list":
		signal = "Precedence: list"
	case p.h.has("List-Id"):
		signal = "List-Id"
	case p.h.has("List-Unsubscribe"):
		signal = "List-Unsubscribe"
	case p.h.has("List-Post") || p.h.has("Mailing-List") || p.h.has("X-Mailing-List"):
		signal = "mailing-list header"
	case p.h.has("Feedback-Id"):
		signal = "Feedback-ID"
	case p.h.has("X-Campaign") || p.h.has("X-Campaignid") || p.h.has("X-Mailgun-Campaign-Id"):
		signal = "campaign header"
	case noReply:
		signal = "no-reply sender"
	}
	if signal == "" {
		return ""
	}
	if !hardBulk && !noReply && len(p.m.InReplyTo) > 0 {
		return "" // a reply in a thread: a person wrote it
	}
	return signal
}

// noReplySender matches the local parts of unattended mailboxes.
var noReplySender = regexp.MustCompile(`(?i)^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|notifications?|notify|newsletters?|news|mailer|bounces?|alerts?|automated|auto-confirm|info-noreply)(?:[-+_.][^@]*)?@`)

// listMail reports the headers of a mailing list or newsletter.
func (p *parsed) listMail() bool {
	prec := p.lowerHeader("Precedence")
	return prec == "list" || prec == "bulk" || p.h.has("List-Id") || p.h.has("List-Unsubscribe")
}
