package compose

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one outgoing message: plain text, or plain text with an HTML
// alternative.
//
// Names and the subject may come from contact data: Bytes cleans them
// (control characters become spaces, runs of white space collapse to one,
// each run of invalid UTF-8 becomes U+FFFD, names are cut at MaxNameRunes)
// and encodes non-ASCII text per RFC 2047. Addresses are not cleaned but
// checked: a bad one is an error naming its field.
type Message struct {
	// From is the owner; its Address is required.
	From mail.Address
	// To and Cc are written in the header and are envelope recipients.
	To, Cc []mail.Address
	// Bcc are envelope recipients only: they never appear in the bytes.
	Bcc []mail.Address
	// ReplyTo, when set, is written as Reply-To.
	ReplyTo []mail.Address

	Subject string
	// Body is plain text in any line-ending convention; it is sent as
	// UTF-8 text/plain, quoted-printable, with CRLF line endings and a final
	// line break.
	Body string
	// HTML, when not empty, is the same message as HTML: Bytes then writes
	// a multipart/alternative message whose first part is Body and second
	// part is HTML, sent like Body (valid UTF-8, quoted-printable, CRLF
	// line endings, a final line break) as text/html. The markup itself is
	// not checked: it must come from templates that escape contact data.
	HTML string

	// MessageID is required, without angle brackets: see NewMessageID.
	MessageID string
	// InReplyTo is the Message-ID being answered, without angle brackets;
	// "" starts a new thread.
	InReplyTo string
	// References are the thread's Message-IDs, oldest first, without angle
	// brackets. Entries that cannot be written safely (white space, angle
	// brackets, non-ASCII, over MaxIDLength) are left out rather than fail
	// the message, as they come from other people's mailers.
	References []string

	// Date is required; it is written to the second in its own zone.
	Date time.Time

	// Automatic marks mail that rapport writes on its own, with no person
	// writing it: the notices, receipts and digest it sends the owner.
	// Bytes then adds the fields that keep out-of-office and vacation
	// responders from answering it (see autoFields), so that an owner who
	// is away, or a digest recipient with an auto-reply, does not start a
	// loop of automatic mail with rapport. Mail to contacts leaves it
	// false: it is personal mail, and their answers are what rapport waits
	// for.
	Automatic bool
}

// autoFields are the header fields of an Automatic message.
//
//   - Auto-Submitted: auto-generated (RFC 3834 §5): a responder must not
//     answer mail marked other than "no" (RFC 3834 §2, and the Sieve
//     vacation action, RFC 5230 §4.6, as Dovecot's Pigeonhole does).
//   - Precedence: bulk: responders older than Auto-Submitted look at this
//     field only (the vacation(1) of sendmail and the BSDs); Pigeonhole and
//     Postfix Admin's vacation script stop at it too. It is not standard,
//     but RFC 3834 §3.1.8 allows automatic mail to carry it for just this.
//   - X-Auto-Response-Suppress: All: Microsoft's field; Exchange and
//     Outlook send no out-of-office or other automatic answer to mail that
//     carries it.
var autoFields = []struct{ name, value string }{
	{"Auto-Submitted", "auto-generated"},
	{"Precedence", "bulk"},
	{"X-Auto-Response-Suppress", "All"},
}

// Bytes renders m as RFC 5322 bytes with CRLF line endings and these header
// fields: Date, From, To and Cc (when set), Reply-To (when set), Subject,
// Message-ID, In-Reply-To and References (when set), Auto-Submitted,
// Precedence and X-Auto-Response-Suppress (only when m.Automatic, with the
// values of autoFields), MIME-Version, Content-Type (text/plain;
// charset=UTF-8) and Content-Transfer-Encoding (quoted-printable). It never
// writes Bcc, User-Agent or X-Mailer.
//
// When m.HTML is set, Content-Type is multipart/alternative instead, with
// a random boundary that occurs nowhere else in the bytes, and without a
// Content-Transfer-Encoding; the body is two parts, each with its own
// Content-Type and Content-Transfer-Encoding (quoted-printable): text/plain
// (Body), then text/html (HTML). Without HTML the bytes do not depend on
// the boundary, so rendering m twice gives the same bytes.
//
// It returns an error naming the field when an address, the Message-ID or
// In-Reply-To is invalid, or when From, Date, MessageID or every recipient
// is missing. It does no I/O.
func Bytes(m *Message) ([]byte, error) {
	if m == nil {
		return nil, errors.New("compose: no message")
	}
	if m.Date.IsZero() {
		return nil, errors.New("compose: Date is not set")
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent(),
		gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))

	// Addresses are formatted here, not by go-mail: it writes them with
	// net/mail's Address.String, which leaves a backslash unencoded in an
	// RFC 2047 name, where no parser accepts it.
	lists := []struct {
		field string
		addrs []mail.Address
	}{{"From", []mail.Address{m.From}}, {"To", m.To}, {"Cc", m.Cc}, {"Reply-To", m.ReplyTo}}
	for _, l := range lists {
		values, err := addressValues(l.field, l.addrs)
		if err != nil {
			return nil, err
		}
		if len(values) > 0 {
			// go-mail joins the values with ", " and folds at spaces.
			msg.SetGenHeader(gomail.Header(l.field), values...)
		}
	}
	// Checks Bcc, and that there is someone to send to.
	if _, err := recipients(m); err != nil {
		return nil, err
	}

	if err := checkID("Message-ID", m.MessageID); err != nil {
		return nil, err
	}
	msg.SetMessageIDWithValue(trimBrackets(m.MessageID))
	if m.InReplyTo != "" {
		if err := checkID("In-Reply-To", m.InReplyTo); err != nil {
			return nil, err
		}
		msg.SetGenHeader(gomail.HeaderInReplyTo, "<"+trimBrackets(m.InReplyTo)+">")
	}
	if refs := references(m.References); refs != "" {
		// One value: go-mail joins several values with commas, and
		// References are separated by white space.
		msg.SetGenHeader(gomail.HeaderReferences, refs)
	}
	msg.SetDateWithValue(m.Date)
	if m.Automatic {
		for _, f := range autoFields {
			msg.SetGenHeader(gomail.Header(f.name), f.value)
		}
	}
	msg.SetGenHeader(gomail.HeaderSubject, subjectValue(cleanText(m.Subject)))
	msg.SetBodyString(gomail.TypeTextPlain, cleanBody(m.Body))
	if m.HTML == "" {
		return render(msg, m.MessageID)
	}

	msg.AddAlternativeString(gomail.TypeTextHTML, cleanBody(m.HTML))
	for range boundaryTries {
		boundary := newBoundary()
		msg.SetBoundary(boundary)
		b, err := render(msg, m.MessageID)
		if err != nil {
			return nil, err
		}
		if boundaryUnique(b, boundary) {
			return b, nil
		}
	}
	return nil, fmt.Errorf("compose: render message %s: no MIME boundary in %d tries that the message does not contain", m.MessageID, boundaryTries)
}

// render writes msg as bytes.
func render(msg *gomail.Msg, messageID string) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("compose: render message %s: %w", messageID, err)
	}
	return buf.Bytes(), nil
}

// references formats the valid entries of refs as a References value.
func references(refs []string) string {
	var b strings.Builder
	for _, r := range refs {
		if checkID("References", r) != nil {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("<" + trimBrackets(r) + ">")
	}
	return b.String()
}
