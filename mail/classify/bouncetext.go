package classify

import (
	"regexp"
	"strings"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// textReport is what the human-readable part of a failure report says:
// the recipients it names as failed, and for the first of them the
// remote server's words and the status they carry.
type textReport struct {
	recipients []string
	status     string
	diagnostic string
	delayed    bool // a warning that delivery is still being tried
}

// readReport reads the failure report text above the copy of the
// returned message. Recipients are taken, best first, from DSN fields
// written in the text (Final-Recipient, Original-Recipient), from
// addresses inside X.400 or Exchange-encapsulated forms, and from lines
// whose shape names a recipient: an address alone on its line or
// followed by ":" or "...", or a line about the failure ("Your message
// to x couldn't be delivered", "RCPT TO:<x>"). Addresses of the report's
// own header (the owner, the mail system), of header lines pasted from
// the returned message (From, To, Reply-To, Message-ID …), of help-desk
// lines and of URLs are never taken.
func (p *parsed) readReport() textReport {
	var r textReport
	if p.headerOnly {
		return r
	}
	region := p.diagnosticRegion()
	lines := strings.Split(strings.ReplaceAll(region, "\r", ""), "\n")
	own, hops := p.ownAddresses()

	if fieldRecipient.MatchString(region) {
		recips := parseDeliveryStatus([]byte(region))
		b := &Bounce{}
		fillFromDSN(b, recips)
		r.recipients, r.status, r.diagnostic = b.Recipients, b.Status, b.Diagnostic
		r.delayed = b.Action == "delayed"
	}

	var strong, weak []string
	first, firstWeak := -1, -1
	anchors := map[int]bool{}
	for i, line := range lines {
		if pastedField.MatchString(line) {
			continue
		}
		helpKnown, isHelp := false, false
		help := func() bool {
			if !helpKnown {
				helpKnown, isHelp = true, helpLine.MatchString(line)
			}
			return isHelp
		}
		encapsulated, rest := encapsulatedAddresses(line)
		for _, a := range encapsulated {
			if a = ascii.Lower(a); !own[a] {
				strong = append(strong, a)
				anchors[i] = true
			}
		}
		for _, loc := range addrSpec.FindAllStringIndex(rest, -1) {
			a := ascii.Lower(strings.Trim(rest[loc[0]:loc[1]], "."))
			if own[a] || inURL(rest, loc[0]) {
				continue
			}
			// A mail system's own mailbox (postmaster@…) is taken only
			// where the line clearly names it as the recipient.
			switch shape, context := namesRecipient(rest, a); {
			case shape, context && !help():
				strong = append(strong, a)
				anchors[i] = true
			case !help() && !hops[a] && !systemMailbox.MatchString(a):
				weak = append(weak, a)
				if firstWeak < 0 {
					firstWeak = i
				}
			}
		}
		if anchors[i] && first < 0 {
			first = i
		}
	}
	switch {
	case len(r.recipients) > 0:
	case len(strong) > 0:
		r.recipients = mergeAddrs(nil, strong)
	default:
		r.recipients = mergeAddrs(nil, weak)
		first = firstWeak
	}

	if r.diagnostic == "" {
		r.diagnostic, r.status = reportWords(lines, first, func(i int) bool { return anchors[i] }, r.status)
	}
	if r.status == "" {
		r.status = firstFailureStatus(r.diagnostic)
	}
	if r.status == "" {
		r.status = firstFailureStatus(region)
	}
	if !r.delayed {
		// A permanent reply (5xx) outweighs words about retrying.
		r.delayed = delayText.MatchString(region) && !permanentText.MatchString(region) && !strings.HasPrefix(r.status, "5")
	}
	return r
}

// namesRecipient reports whether the line names address a as a recipient
// of the failed delivery by its shape (the address alone, or opening the
// line before ":", "..." or " on <date>"), or by its words.
func namesRecipient(line, a string) (shape, context bool) {
	t := strings.TrimSpace(mailtoLink.ReplaceAllString(line, ""))
	t = ascii.Lower(strings.TrimRight(strings.Trim(t, "<>\"'`*(),;"), ":."))
	t = strings.TrimSpace(strings.Trim(t, "<>\"'"))
	shape = t == a || leadingRecipient.MatchString(line) || addressOnDate.MatchString(line) || addressWithReason.MatchString(line)
	return shape, !shape && recipientContext.MatchString(line)
}

// ownAddresses are the addresses of the report's own header (the mail
// system and the person the report is returned to) and the senders of
// the returned message (own), and the delivery hops that brought the
// report (hops: Delivered-To, X-Original-To …), which some mail servers
// fill with the failed recipient and which only count against an address
// the text does not clearly name.
func (p *parsed) ownAddresses() (own, hops map[string]bool) {
	collect := func(keys ...string) map[string]bool {
		set := map[string]bool{}
		for _, key := range keys {
			for _, v := range p.h.values(key) {
				for _, a := range addrSpec.FindAllString(v, -1) {
					set[ascii.Lower(a)] = true
				}
			}
		}
		return set
	}
	own = collect("From", "To", "Cc", "Reply-To", "Sender", "Return-Path")
	for _, a := range p.returnedSenders() {
		own[a] = true
	}
	return own, collect("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To")
}

// returnedSenders are the From, Sender and Reply-To addresses of the
// returned message, attached or pasted below the report: the owner's
// side, never the failed recipient.
func (p *parsed) returnedSenders() []string {
	var out []string
	for _, l := range p.leavesOf("message/rfc822", "text/rfc822-headers", "message/rfc822-headers", "message/global", "message/global-headers") {
		h, _, _ := readHeader(l.body)
		for _, key := range []string{"From", "Sender", "Reply-To"} {
			out = append(out, addrSpec.FindAllString(h.get(key), -1)...)
		}
	}
	_, returned := splitReturned(p.bounceText())
	for _, sm := range returnedSender.FindAllStringSubmatch(head(returned, 8<<10), -1) {
		out = append(out, addrSpec.FindAllString(sm[1], -1)...)
	}
	for i := range out {
		out[i] = ascii.Lower(out[i])
	}
	return out
}

var returnedSender = regexp.MustCompile(`(?im)^[ \t>]*(?:from|sender|reply-to):[ \t]*(.*)$`)

// inURL reports whether the address at i is part of a URL (a query
// string, a mailto: link).
func inURL(line string, i int) bool {
	start := strings.LastIndexAny(line[:i], " \t<(\"")
	word := strings.ToLower(line[start+1 : i])
	return strings.Contains(word, "://") || strings.Contains(word, "=") || strings.Contains(word, "?") || strings.HasSuffix(word, "mailto:")
}

// fillFromText sets recipients (when none yet), status, diagnostic and
// action from the report text.
func (p *parsed) fillFromText(b *Bounce) {
	r := p.readReport()
	if len(b.Recipients) == 0 {
		b.Recipients = r.recipients
	}
	if b.Diagnostic == "" {
		b.Diagnostic = r.diagnostic
	}
	if b.Status == "" {
		b.Status = r.status
	}
	if b.Action == "" && r.delayed {
		b.Action = "delayed"
	}
}

var (
	// fieldRecipient is a DSN recipient field written in a report's text.
	fieldRecipient = regexp.MustCompile(`(?im)^[ \t]*(?:final|original)-recipient[ \t]*:[ \t]*(?:rfc822[ \t]*;)?[ \t]*<?[^\s@<>]+@`)

	// pastedField is a header line pasted from the returned message (or a
	// sender line of the report): its addresses are not the failed
	// recipient. "Recipient:"-like labels and "RCPT TO" are not in it.
	pastedField = regexp.MustCompile(`(?i)^[ \t>]*(?:from|sender|reply-to|return-path|envelope-from|x-[\w-]+|to|cc|bcc|message-id|in-reply-to|references|resent-[\w-]+|subject|date|received|content-[\w-]+|dkim-signature|list-[\w-]+|thread-[\w-]+|mail from)[ \t]*:|mail from:?\s*<|\bsent by\b`)

	// helpLine offers help: the address on it is a help desk's.
	helpLine = regexp.MustCompile(`(?i)\b(?:contact|assistance|help ?desk|support|questions|administrator|kontakt|contactez|wenden sie sich)\b|お問い合わせ|ご連絡|обратитесь`)

	// systemMailbox is a mail system's own mailbox.
	systemMailbox = regexp.MustCompile(`(?i)^(?:mailer-daemon|mailer_daemon|mailerdaemon|postmaster|post_master|mail-daemon|abuse|noreply|no-reply|root)@`)

	// recipientContext marks lines that name the failed recipient.
	recipientContext = regexp.MustCompile(`(?i)rcpt to|recipient|address(?:es)? failed|delivered to|deliver to|delivery to|delivering (?:your )?(?:mail|message) to|message to|target mail address|not listed|user unknown|unknown user|no such user|mailbox|said:|address not found|undeliverable to|could not be delivered to|couldn't be delivered|wasn't delivered|failed to deliver|delivery failed|invalid|address\s*:|\.\.\. |empfänger|destinataire|destinatario|получател|адресат|宛先|あて先|送信先|送信に失敗|받는 사람|수신자|收件人|收信人`)

	// leadingRecipient opens a line with the recipient: "<kim@x>: …",
	// "kim@x: …", "kim@x... User unknown"; Postfix adds "(expanded from <alias>)", SendGrid a "name:id:" prefix.
	leadingRecipient = regexp.MustCompile(`^\s*(?:[^\s<>@]*<[^>\s]+@[^>\s]+>|"?[^\s"<>]+@[^\s"<>]+"?)\s*(?:\(expanded from[^)]*\)\s*)?(?::|\.\.\.)`)

	// addressWithReason is GroupWise's "kim@x (user not found)".
	addressWithReason = regexp.MustCompile(`^\s*<?[^\s<>@]+@[^\s<>]+>?\s+\([^()]+\)\s*$`)

	// addressOnDate is Exchange 2003's "kim@example.org on 7/3/2024 9:00".
	addressOnDate = regexp.MustCompile(`(?i)^\s*\S+@\S+\s+on\s+\S`)

	// mailtoLink is the "<mailto:…>" Outlook writes after an address.
	mailtoLink = regexp.MustCompile(`(?i)<mailto:[^>]*>`)

	// pointerLine only points elsewhere ("Learn more here: https://…").
	pointerLine = regexp.MustCompile(`(?i)^(?:learn more|more information|for more information|see|visit|weitere informationen|plus d'informations)\b[^\n]*https?://\S+$`)

	// delayText and permanentText tell a warning that delivery is still
	// tried from a report that has given up.
	delayText = newPhraseSet([]string{`delayed`, `still being retried`, `will (?:keep|continue) trying`, `not (?:yet )?been delivered`,
		`temporary (?:failure|error)`, `will retry`, `will be retried`, `warning only`, `will continue to be attempted`, `verzögert`, `retardée`})
	permanentText = newPhraseSet([]string{`permanent (?:error|failure)`, `fatal error`, `given up`, `giving up`, `failed permanently`})
)
