package outbox

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rapport-mail/rapport/internal/textclean"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/transport/smtpout"
	"github.com/rapport-mail/rapport/workflow"
)

// ReportedBounce returns what the delivery report b says failed, for the
// bounce event: of the addresses it names, the contact's (compared without
// case), else the first; its status code and the server's words. It
// returns nil for nil.
func ReportedBounce(b *classify.Bounce, contactEmail string) *workflow.Bounce {
	if b == nil {
		return nil
	}
	return &workflow.Bounce{Recipient: pickRecipient(b.Recipients, contactEmail), Status: b.Status, Diagnostic: b.Diagnostic}
}

// RefusedBounce returns what the sending server said when it refused a
// recipient of the message to contactEmail (err an *smtpout.Error, at any
// depth): the refused address, the contact's when it is among them; the
// enhanced status code, else the reply code; and the server's words. It
// returns nil when err is no *smtpout.Error.
func RefusedBounce(err error, contactEmail string) *workflow.Bounce {
	var e *smtpout.Error
	if !errors.As(err, &e) {
		return nil
	}
	b := &workflow.Bounce{Recipient: pickRecipient(e.Recipients, contactEmail), Status: e.Enhanced, Diagnostic: e.Text}
	if b.Status == "" && e.Code > 0 {
		b.Status = strconv.Itoa(e.Code)
	}
	return b
}

// pickRecipient returns the address of list that is contactEmail, else
// the first, else "".
func pickRecipient(list []string, contactEmail string) string {
	for _, r := range list {
		if strings.EqualFold(strings.TrimSpace(r), strings.TrimSpace(contactEmail)) {
			return r
		}
	}
	if len(list) > 0 {
		return list[0]
	}
	return ""
}

// maxDiagnostic bounds the server's words in a notice, in characters: a
// report may hold a page of them, and the first lines say what failed.
const maxDiagnostic = 400

// bounceInfo is the template data of the bounce notice about c, from what
// the event carried (nil when nothing): the stored address stands in for
// a report that named none.
func bounceInfo(c *store.Contact, b *workflow.Bounce) *templates.BounceInfo {
	info := &templates.BounceInfo{Recipient: c.Email}
	if b == nil {
		return info
	}
	if r := textclean.OneLine(b.Recipient); r != "" {
		info.Recipient = r
	}
	info.Status = textclean.OneLine(b.Status)
	info.Meaning = StatusMeaning(info.Status)
	// One line without control characters: the words come from a server
	// anyone may run.
	info.Diagnostic = shorten(textclean.OneLine(b.Diagnostic), maxDiagnostic)
	info.Soft = b.Soft
	return info
}

// shorten cuts s to at most limit characters, at a space when there is
// one in its second half, and marks the cut with "…".
func shorten(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	r := []rune(s)[:limit-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// enhanced matches an enhanced status code (RFC 3463 §2): class, subject
// and detail.
var enhanced = regexp.MustCompile(`^([245])\.(\d{1,3})\.(\d{1,3})$`)

// detailMeanings says in plain words what the common "subject.detail"
// pairs of RFC 3463 (and RFC 7505's 1.10, and the authentication codes of
// RFC 7372) mean, whatever the class.
var detailMeanings = map[string]string{
	"1.1": "no such mailbox at that address",
	"1.2": "the address's domain does not exist or takes no mail",
	"1.3": "the address is not written correctly",
	"1.4": "the address matches more than one mailbox",
	"1.6": "the mailbox has moved, and left no forwarding address",
	// Exchange Online says 5.1.10 for an unknown recipient; RFC 7505
	// gives 1.10 to a domain that takes no mail (a null MX).
	"1.10": "no such mailbox at that address, or its domain takes no mail",
	"2.1":  "the mailbox is disabled and takes no mail",
	"2.2":  "the mailbox is full",
	"2.3":  "the message is larger than the mailbox takes",
	"3.1":  "the receiving mail system is full",
	"3.2":  "the receiving mail system is not taking mail",
	"3.4":  "the message is larger than the receiving server takes",
	"4.4":  "no mail server could be found for the address's domain",
	"4.6":  "the mail went round in a loop",
	"4.7":  "delivery was tried for too long and given up",
	"7.1":  "the receiving server refused it by policy (a spam filter, or a mailbox that takes mail only from some senders)",
	"7.23": "the receiving server refused it: the sender's SPF check failed",
	"7.25": "the receiving server refused it: the sending server's reverse DNS did not check out",
	"7.26": "the receiving server refused it: the message failed sender authentication (SPF, DKIM, DMARC)",
}

// subjectMeanings says what a code means when only its subject is known.
// Subjects 4 (network and routing) and 5 (protocol) have none: servers use
// their details for too many other things (Exchange Online's 5.4.1 is an
// unknown recipient) for a general meaning to be true.
var subjectMeanings = map[string]string{
	"1": "a problem with the address",
	"2": "a problem with the mailbox",
	"3": "a problem with the receiving mail system",
	"6": "a problem with the message's content",
	"7": "refused for security or policy reasons",
}

// replyMeanings says what the permanent SMTP reply codes (RFC 5321
// §4.2.2, RFC 7504's 521 and 556) mean, for a server that gave no
// enhanced code.
var replyMeanings = map[string]string{
	"521": "the receiving server takes no mail",
	"550": "the mailbox is unavailable: no such mailbox, or mail to it refused",
	"551": "the user is not known at that server",
	"552": "the mailbox is out of room",
	"553": "the address is not allowed, often because it is misspelt",
	"554": "the receiving server refused the message",
	"556": "the address's domain takes no mail",
}

// StatusMeaning says in plain words what a status code means: an enhanced
// code ("5.1.1": "no such mailbox at that address"), or a permanent SMTP
// reply code ("550"). A temporary code (4.x.x) says so. It returns "" for
// a code it does not know and for "".
func StatusMeaning(code string) string {
	if m, ok := replyMeanings[code]; ok {
		return m
	}
	parts := enhanced.FindStringSubmatch(code)
	if parts == nil {
		return ""
	}
	class, subject, detail := parts[1], strings.TrimLeft(parts[2], "0"), strings.TrimLeft(parts[3], "0")
	if subject == "" {
		subject = "0"
	}
	if detail == "" {
		detail = "0"
	}
	m, ok := detailMeanings[subject+"."+detail]
	if !ok {
		m = subjectMeanings[subject]
	}
	// 4.4.7 ends a delivery for good: the sender stopped trying.
	if m != "" && class == "4" && subject+"."+detail != "4.7" {
		m += " (a temporary failure: the server may take the mail later)"
	}
	return m
}
