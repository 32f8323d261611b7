package classify

import (
	"net/mail"
	"strings"

	"github.com/rapport-mail/rapport/mail/classify/forward"
)

// forward recognises a forwarded message: attached (message/rfc822,
// message/global or message/news, parsed with Parse; not the entries of a
// digest, nor a message whose whole body is another message, nor the copy
// returned inside a report or by a mail system, see deliveryReport),
// written inline by a mail client (found by forward.FromText, accepted
// only with a forward subject or an explicit forward marker, because
// "-----Original Message-----" also starts Outlook replies), or only
// announced by a forward subject ("Fwd:", "WG:", "TR:" …).
func (p *parsed) forward() (*Forward, string) {
	if p.typ == "multipart/report" || p.isComplaint() || p.deliveryReport() {
		return nil, "" // the message inside a report is the one reported on
	}
	if !p.headerOnly && p.nesting < maxNesting {
		for _, l := range p.leavesOf("message/rfc822", "message/global", "message/news") {
			if l.parent == "" || l.parent == "multipart/digest" {
				continue // a message that is only a wrapper, or a digest entry
			}
			inner := parseNested(l.body, p.nesting+1)
			if inner.Kind == KindMalformed || inner.From.Email == "" && inner.Subject == "" && inner.MessageID == "" {
				continue
			}
			return &Forward{
				From: inner.From, To: inner.To, Cc: inner.Cc,
				Subject: inner.Subject, Date: inner.Date, MessageID: inner.MessageID,
				Body: inner.Text, Attached: true, Note: strings.TrimSpace(p.m.Text),
			}, "attached " + l.mediaType
		}
	}
	fwdSubject := isForwardSubject(p.subject)
	if !p.headerOnly && p.m.Text != "" {
		// An ambiguous block ("-----Original Message-----", "On … wrote:")
		// starts replies too: only a forward subject makes it a forward.
		if orig, ok := fromText(p.m.Text); ok && orig != nil && (!orig.Ambiguous || fwdSubject) {
			return fromOriginal(orig), "inline forward"
		}
	}
	if fwdSubject {
		return &Forward{}, "forward subject"
	}
	return nil, ""
}

// deliveryReport reports the marks of a mail system's delivery report on
// a message the bounce rules did not take (an empty or odd subject, a
// report text in words they do not know): a mailer-daemon or postmaster
// sender, an empty Return-Path, X-Failed-Recipients, a delivery-status
// part, or a mail server's report text while the subject does not say a
// person forwarded it. Such a message is never a forward: the message it
// carries is the one that was returned, not one a person passed on.
func (p *parsed) deliveryReport() bool {
	if p.fromDaemon() || p.emptyReturnPath() || p.h.has("X-Failed-Recipients") ||
		len(p.leavesOf("message/delivery-status", "message/global-delivery-status")) > 0 {
		return true
	}
	if p.headerOnly || isForwardSubject(p.subject) {
		return false
	}
	return signedReport(head(p.bounceText(), 2048)) || p.hasReturnedMessage() && bounceText.MatchString(p.diagnosticRegion())
}

// isForwardSubject reports a forward prefix as the subject's first prefix.
func isForwardSubject(subject string) bool {
	_, ok := forward.TrimSubject(subject)
	return ok
}

// fromText calls forward.FromText, turning a panic into "no forward".
func fromText(text string) (orig *forward.Original, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			orig, ok = nil, false
		}
	}()
	return forward.FromText(text)
}

func fromOriginal(o *forward.Original) *Forward {
	f := &Forward{
		From: address(o.From), To: addresses(o.To), Cc: addresses(o.Cc),
		Subject: cleanText(decodeHeaderText(o.Subject, "")), Date: o.Date, MessageID: strings.Trim(o.MessageID, "<> "),
		Body: strings.ToValidUTF8(o.Body, "\uFFFD"), Note: strings.TrimSpace(strings.ToValidUTF8(o.Note, "\uFFFD")),
	}
	f.MessageID = strings.ToValidUTF8(f.MessageID, "")
	return f
}

// address turns a forwarded header block's mailbox into an Address. The
// block is text in the body, where mail programs copy a header as they
// received it: net/mail decodes only unquoted UTF-8 and Latin-1 words, so
// a name in another charset, in quotes or beside a "[mailto:…]" comes
// here still encoded, and is decoded like a header's own names.
func address(a *mail.Address) Address {
	if a == nil {
		return Address{}
	}
	return Address{Name: displayName(a.Name, ""), Email: strings.ToValidUTF8(a.Address, "")}
}

func addresses(list []*mail.Address) []Address {
	var out []Address
	for _, a := range list {
		if a != nil {
			out = append(out, address(a))
		}
	}
	return out
}
