package classify

import (
	"bytes"
	"net/textproto"
	"strings"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// maxDiagnostic bounds a Diagnostic-Code kept from a report.
const maxDiagnostic = 2000

// dsnRecipient is one per-recipient block of a message/delivery-status
// part (RFC 3464 section 2.3).
type dsnRecipient struct {
	final, original string // addresses, without the "rfc822;" type
	action          string // lower-case
	status          string
	diagnostic      string
}

// parseDeliveryStatus reads the per-recipient blocks of a delivery-status
// body. It is lenient: blocks are separated by blank lines, or by a new
// Final-Recipient when an MTA forgot the blank line; continuation lines
// are joined; unknown fields are ignored.
func parseDeliveryStatus(body []byte) []dsnRecipient {
	var out []dsnRecipient
	var cur dsnRecipient
	var lastKey string
	inBlock := false
	flush := func() {
		cur.diagnostic = collapseRepeatedCodes(cur.diagnostic) // once its folded lines are joined
		if cur.final != "" || cur.original != "" || cur.action != "" || cur.status != "" {
			out = append(out, cur)
		}
		cur, lastKey, inBlock = dsnRecipient{}, "", false
	}
	set := func(key, value string) {
		switch key {
		case "Final-Recipient", "X-Actual-Recipient":
			if key == "Final-Recipient" || cur.final == "" {
				cur.final = dsnAddress(value)
			}
		case "Original-Recipient":
			cur.original = dsnAddress(value)
		case "Action":
			cur.action = strings.ToLower(strings.Fields(value + " ")[0])
			if cur.action == "expired" {
				cur.action = "failed" // SendGrid's word for a message given up on
			}
		case "Status":
			if code := statusCode.FindString(value); code != "" {
				cur.status = code
			} else {
				cur.status = strings.TrimSpace(value)
			}
		case "Diagnostic-Code":
			cur.diagnostic = dsnDiagnostic(value)
		}
	}
	for _, line := range dsnLines(body) {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			if inBlock {
				flush()
			}
			continue
		}
		if isSpace(line[0]) && lastKey != "" {
			// A folded line continues the previous field.
			switch lastKey {
			case "Diagnostic-Code":
				if len(cur.diagnostic) < maxDiagnostic {
					cur.diagnostic = strings.TrimSpace(cur.diagnostic + " " + strings.TrimSpace(line))
				}
			case "Final-Recipient", "Original-Recipient":
				// addresses do not fold in practice
			}
			continue
		}
		key, value, ok := splitField([]byte(line))
		if !ok {
			continue
		}
		key = textproto.CanonicalMIMEHeaderKey(key)
		if key == "Final-Recipient" && cur.final != "" || key == "Original-Recipient" && newOriginal(cur, value) {
			flush() // a new recipient without the blank line before it
		}
		inBlock = true
		lastKey = key
		set(key, value)
	}
	flush()
	return out
}

// newOriginal reports whether an Original-Recipient field starts a new
// recipient block rather than completing cur: RFC 3464 puts it before
// Final-Recipient, but many servers write it after, in the same block.
func newOriginal(cur dsnRecipient, value string) bool {
	switch {
	case cur.original != "":
		return true
	case cur.final == "":
		return false
	}
	return dsnAddress(value) != cur.final && (cur.status != "" || cur.diagnostic != "")
}

// dsnAddress reads "rfc822; <user@example.com>" to "user@example.com",
// and the Internet address inside an X.400 one ("x400; /C=DE/…/
// DD.RFC-822=user(a)example.com/").
func dsnAddress(v string) string {
	if i := strings.IndexByte(v, ';'); i >= 0 && !strings.Contains(strings.ToLower(v[:i]), "=") {
		v = v[i+1:]
	}
	v = strings.TrimSpace(v)
	if inner, _ := encapsulatedAddresses(v); len(inner) > 0 {
		return ascii.Lower(inner[0])
	}
	if a := addrSpec.FindString(v); a != "" {
		return ascii.Lower(a)
	}
	return ""
}

// dsnDiagnostic drops the "smtp;" type from a Diagnostic-Code.
func dsnDiagnostic(v string) string {
	if t, rest, ok := strings.Cut(v, ";"); ok && !strings.ContainsAny(strings.TrimSpace(t), " \t") {
		v = rest
	}
	return cleanText(v)
}

// allDelivered reports a report in which every recipient was delivered,
// relayed or expanded: a success notice.
func allDelivered(recips []dsnRecipient) bool {
	if len(recips) == 0 {
		return false
	}
	for _, r := range recips {
		switch r.action {
		case "delivered", "relayed", "expanded", "deliverable":
		default:
			return false
		}
	}
	return true
}

// fillFromDSN sets the recipients that failed or are delayed, and the
// action, status and diagnostic of the worst of them (failed before
// delayed).
func fillFromDSN(b *Bounce, recips []dsnRecipient) {
	var worst *dsnRecipient
	rank := func(r *dsnRecipient) int {
		switch {
		case r.action == "failed" && !strings.HasPrefix(r.status, "4"):
			return 4
		case r.action == "failed":
			return 3
		case r.action == "delayed":
			return 2
		case r.action == "":
			return 1
		}
		return 0
	}
	for i := range recips {
		r := &recips[i]
		switch r.action {
		case "delivered", "relayed", "expanded", "deliverable":
			continue
		}
		b.Recipients = mergeAddrs(b.Recipients, []string{r.final, r.original})
		if worst == nil || rank(r) > rank(worst) {
			worst = r
		}
	}
	if worst == nil {
		return
	}
	b.Action, b.Status, b.Diagnostic = worst.action, worst.status, worst.diagnostic
	if b.Action == "" && strings.HasPrefix(b.Status, "4") {
		b.Action = "delayed"
	}
}

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
