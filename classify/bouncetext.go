package classify

import (
	"regexp"
	"strings"
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
		help := helpLine.MatchString(line)
		encapsulated, rest := encapsulatedAddresses(line)
		for _, a := range encapsulated {
			if a = strings.ToLower(a); !own[a] {
				strong = append(strong, a)
				anchors[i] = true
			}
		}
		for _, loc := range addrSpec.FindAllStringIndex(rest, -1) {
			a := strings.ToLower(strings.Trim(rest[loc[0]:loc[1]], "."))
			if own[a] || inURL(rest, loc[0]) {
				continue
			}
			// A mail system's own mailbox (postmaster@…) is taken only
			// where the line clearly names it as the recipient.
			switch shape, context := namesRecipient(rest, a); {
			case shape, context && !help:
				strong = append(strong, a)
				anchors[i] = true
			case !help && !hops[a] && !systemMailbox.MatchString(a):
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
		r.delayed = delayText.MatchString(region) && !permanentText.MatchString(region)
	}
	return r
}

// reportWords finds the server's words: the first SMTP reply from the
// first recipient line on (else anywhere), else the lines the report
// writes under the recipient or under a heading such as "because:" or
// "Technical details of permanent failure:". It returns them with the
// status they carry ("" when none).
func reportWords(lines []string, first int, anchor func(int) bool, status string) (string, string) {
	from := max(first, 0)
	r, ok := findReply(lines, from)
	if !ok && from > 0 {
		r, ok = findReply(lines[:from], 0)
	}
	if ok {
		words := serverWords(lines, r, anchor)
		if status == "" {
			status = firstFailureStatus(words)
		}
		if status == "" {
			status = r.statusOf()
		}
		return words, status
	}
	if first >= 0 {
		// What a recipient line says after the address, on any of them
		// ("<kim@x>... Deferred: host name lookup failure").
		for i := first; i < len(lines); i++ {
			if i == first || anchor(i) {
				if words := afterAddress(lines[i]); words != "" {
					return words, status
				}
			}
		}
	}
	// A labelled reason ("Reason: …", "Error: No valid recipients").
	for i, line := range lines {
		if reasonLabel.MatchString(line) {
			words := []string{strings.TrimSpace(line)}
			for j := i + 1; j < len(lines) && len(words) < 3 && reasonLabel.MatchString(lines[j]); j++ {
				words = append(words, strings.TrimSpace(lines[j]))
			}
			return head(cleanText(strings.Join(words, " ")), maxServerWords), status
		}
	}
	// The lines under a heading ("because:", "The response was:"), or
	// under the first recipient ("  kim@x\n    Unrouteable address").
	for i, line := range lines {
		if reasonHeading.MatchString(line) {
			if words := paragraphAfter(lines, i+1, anchor); words != "" {
				return words, status
			}
		}
	}
	if first >= 0 {
		if words := paragraphAfter(lines, first+1, anchor); words != "" {
			return words, status
		}
	}
	// Last, the report's own sentence about this failure ("Your message
	// was not delivered within 5 days"), outside the paragraph of its
	// standard opening.
	start := 0
	for i := 0; i <= len(lines); i++ {
		if i < len(lines) && strings.TrimSpace(lines[i]) != "" {
			continue
		}
		para := lines[start:i]
		start = i + 1
		if mtaSignature.MatchString(strings.Join(para, " ")) && !signatureIsHeading(para) {
			continue // the report's standard opening sentence
		}
		for _, line := range para {
			if bounceText.MatchString(line) && !mtaSignature.MatchString(line) {
				return head(cleanText(line), maxServerWords), status
			}
		}
	}
	return "", status
}

// signatureIsHeading reports a paragraph whose mail server signature is
// a rule-like heading ("----- Transcript of session follows -----"): the
// lines under it are the report's own words.
func signatureIsHeading(para []string) bool {
	for _, line := range para {
		if mtaSignature.MatchString(line) {
			return strings.HasPrefix(strings.TrimSpace(line), "-")
		}
	}
	return false
}

// afterAddress returns what a recipient line says about the failure:
// the words after the address ("<kim@x>: connect to mx.x: Connection
// timed out"), or the whole line when the reason comes first ("Unknown
// user: kim@x"); "" when it says nothing more.
func afterAddress(line string) string {
	loc := lastAddress(line)
	if loc == nil {
		return ""
	}
	after := strings.TrimLeft(line[loc[1]:], ">\"': .,;")
	if strings.HasPrefix(after, "(") && strings.HasSuffix(after, ")") {
		after = after[1 : len(after)-1] // GroupWise's "kim@x (user not found)"
	}
	if strings.HasPrefix(after, ")") {
		// Domino's "User kim (kim@x) not listed in Domino Directory".
		return head(cleanText(line), maxServerWords)
	}
	if len(after) > 3 && !dateAfter.MatchString(after) && strings.IndexFunc(after, isLetter) >= 0 {
		return head(cleanText(after), maxServerWords)
	}
	if before := line[:loc[0]]; bounceText.MatchString(before) && !introducesRecipient.MatchString(before) && !mtaSignature.MatchString(line) {
		return head(cleanText(line), maxServerWords)
	}
	return ""
}

// paragraphAfter returns up to three non-blank lines from lines[i],
// skipping blank lines before them and stopping at the next blank line,
// the next recipient or a rule. A paragraph that is only a heading
// ("because:") gives the one after it; pasted header lines are skipped.
func paragraphAfter(lines []string, i int, anchor func(int) bool) string {
	for range 2 {
		for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
			i++
		}
		var words []string
		for ; i < len(lines) && len(words) < 3; i++ {
			t := strings.TrimSpace(lines[i])
			if t == "" || anchor(i) || strings.HasPrefix(t, "---") || strings.HasPrefix(t, "***") {
				break
			}
			if !pastedField.MatchString(lines[i]) && !pointerLine.MatchString(t) && hasLetters(t) {
				words = append(words, t)
			}
		}
		if len(words) == 1 && strings.HasSuffix(words[0], ":") {
			continue // a heading: its paragraph follows
		}
		return head(cleanText(strings.Join(words, " ")), maxServerWords)
	}
	return ""
}

func lastAddress(line string) []int {
	locs := addrSpec.FindAllStringIndex(line, -1)
	if len(locs) == 0 {
		return nil
	}
	return locs[len(locs)-1]
}

func isLetter(r rune) bool {
	return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 0x7f
}

// namesRecipient reports whether the line names address a as a recipient
// of the failed delivery by its shape (the address alone, or opening the
// line before ":", "..." or " on <date>"), or by its words.
func namesRecipient(line, a string) (shape, context bool) {
	t := strings.TrimSpace(mailtoLink.ReplaceAllString(line, ""))
	t = strings.ToLower(strings.TrimRight(strings.Trim(t, "<>\"'`*(),;"), ":."))
	t = strings.TrimSpace(strings.Trim(t, "<>\"'"))
	shape = t == a || leadingRecipient.MatchString(line) || addressOnDate.MatchString(line) || addressWithReason.MatchString(line)
	return shape, !shape && recipientContext.MatchString(line)
}

// ownAddresses are the addresses of the report's own header: the mail
// system and the person the report is returned to (own), and the
// delivery hops that brought it (hops: Delivered-To, X-Original-To …),
// which some mail servers fill with the failed recipient and which only
// count against an address the text does not clearly name.
func (p *parsed) ownAddresses() (own, hops map[string]bool) {
	collect := func(keys ...string) map[string]bool {
		set := map[string]bool{}
		for _, key := range keys {
			for _, v := range p.h.values(key) {
				for _, a := range addrSpec.FindAllString(v, -1) {
					set[strings.ToLower(a)] = true
				}
			}
		}
		return set
	}
	return collect("From", "To", "Cc", "Reply-To", "Sender", "Return-Path"),
		collect("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To")
}

// inURL reports whether the address at i is part of a URL (a query
// string, a mailto: link).
func inURL(line string, i int) bool {
	start := strings.LastIndexAny(line[:i], " \t<(\"")
	word := strings.ToLower(line[start+1 : i])
	return strings.Contains(word, "://") || strings.Contains(word, "=") || strings.Contains(word, "?") || strings.HasSuffix(word, "mailto:")
}

// textRecipients returns the failed recipients a report text names.
func (p *parsed) textRecipients() []string {
	return p.readReport().recipients
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

	systemMailbox = regexp.MustCompile(`(?i)^(?:mailer-daemon|mailer_daemon|mailerdaemon|postmaster|post_master|mail-daemon|abuse|noreply|no-reply|root)@`)

	// recipientContext marks lines that name the failed recipient.
	recipientContext = regexp.MustCompile(`(?i)rcpt to|recipient|address(?:es)? failed|delivered to|deliver to|delivery to|delivering (?:your )?(?:mail|message) to|message to|target mail address|not listed|user unknown|unknown user|no such user|mailbox|said:|address not found|undeliverable to|could not be delivered to|couldn't be delivered|wasn't delivered|failed to deliver|delivery failed|invalid|address\s*:|\.\.\. |empfänger|destinataire|destinatario|получател|адресат|宛先|あて先|送信先|送信に失敗|받는 사람|수신자|收件人|收信人`)

	// leadingRecipient opens a line with the recipient: "<kim@x>: …",
	// "kim@x: …", "kim@x... User unknown".
	// Postfix adds "(expanded from <alias>)", SendGrid a "name:id:" prefix.
	leadingRecipient = regexp.MustCompile(`^\s*(?:[^\s<>@]*<[^>\s]+@[^>\s]+>|"?[^\s"<>]+@[^\s"<>]+"?)\s*(?:\(expanded from[^)]*\)\s*)?(?::|\.\.\.)`)

	// addressWithReason is GroupWise's "kim@x (user not found)".
	addressWithReason = regexp.MustCompile(`^\s*<?[^\s<>@]+@[^\s<>]+>?\s+\([^()]+\)\s*$`)

	// introducesRecipient ends the words that lead to a recipient ("Could
	// not be delivered to:", "RCPT TO:"), which are no reason.
	introducesRecipient = regexp.MustCompile(`(?i)(?:\bto|\bfor|recipient|address|宛先)\s*:?\s*<?\s*$`)

	// reasonLabel is a labelled reason line.
	reasonLabel = regexp.MustCompile(`(?i)^\s*(?:[a-z]+ )?(?:reason|diagnostic(?: code)?|error|failure|cause|grund|raison|fehler|erreur|motivo|사유|原因|理由)\s*:\s*\S`)

	// addressOnDate is Exchange 2003's "kim@example.org on 7/3/2024 9:00".
	addressOnDate = regexp.MustCompile(`(?i)^\s*\S+@\S+\s+on\s+\S`)
	dateAfter     = regexp.MustCompile(`(?i)^on\s`)

	mailtoLink = regexp.MustCompile(`(?i)<mailto:[^>]*>`)

	// reasonHeading introduces the reason below it.
	reasonHeading = regexp.MustCompile(`(?i)(?:because|reason|reasons|raison|grund|technical details of [a-z ]*failure|non-delivered information|error message|server message|diagnostic|for the following reason|the (?:response|error)(?: from the remote server| that the other server returned)? was)\s*(?:-+\s*)?:?\s*-*\s*$|失敗理由|エラー内容`)

	// pointerLine only points elsewhere ("Learn more here: https://…").
	pointerLine = regexp.MustCompile(`(?i)^(?:learn more|more information|for more information|see|visit|weitere informationen|plus d'informations)\b[^\n]*https?://\S+$`)

	delayText     = regexp.MustCompile(`(?i)delayed|still being retried|will (?:keep|continue) trying|not yet been delivered|temporary (?:failure|error)|will retry|will be retried|warning only`)
	permanentText = regexp.MustCompile(`(?i)permanent (?:error|failure)|fatal error|given up|giving up|failed permanently`)
)
