package classify

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// maxNesting bounds how deep attached messages are parsed (a forward of a
// forward of a bounce …).
const maxNesting = 3

// Parse reads a raw RFC 5322 message and decides its Kind (see Kind for
// the order of precedence), filling the details of that kind. It never
// returns nil and never panics: input that is not a message at all gives
// KindMalformed with Reason saying why, and a message missing From,
// Message-ID or Date is still classified with what it has. Parse is pure:
// no clock (relative dates in an out-of-office text are read against the
// message's own Date header) and no I/O, except that calendar.Parse may
// load a time zone from the system's zone database. Every string in the
// result is valid UTF-8. It is safe for concurrent use.
func Parse(raw []byte) *Message {
	return parseNested(raw, 0)
}

// ParseHeader decides the Kind from a header block alone, for messages
// over the body-size cap or to decide cheaply whether to fetch the body.
// header is the header block (as IMAP BODY.PEEK[HEADER] returns it, or
// cut to HeaderFields); anything after the blank line that ends it is
// ignored. It uses only header signals: report Content-Types,
// X-Failed-Recipients, a mailer-daemon sender with a bounce subject,
// Auto-Submitted and its relatives, subject prefixes, Content-Class, list
// headers. So a bounce or auto_reply answer can be trusted (though a
// bounce has no recipients unless X-Failed-Recipients names them), while
// personal and bulk are provisional: a forward attached as message/rfc822,
// an invitation whose subject does not say so, or a bounce known only by
// its text needs the body. Like Parse it never returns nil, never panics,
// and returns valid UTF-8; Message.Text is empty.
func ParseHeader(header []byte) (m *Message) {
	m = &Message{}
	defer recoverMalformed(m)
	h, _, ok := readHeader(header)
	if !ok {
		setMalformed(m, header)
		return m
	}
	p := newParsed(m, h, nil, 0)
	p.headerOnly = true
	p.classify()
	return m
}

// parseNested is Parse for a message attached nesting levels deep.
func parseNested(raw []byte, nesting int) (m *Message) {
	m = &Message{}
	defer recoverMalformed(m)
	h, body, ok := readHeader(raw)
	if !ok {
		setMalformed(m, raw)
		return m
	}
	p := newParsed(m, h, body, nesting)
	p.tree.walkEntity(h, body, "", 0, 0, p.charset)
	m.Text = p.humanText()
	p.classify()
	if m.Kind != KindMalformed {
		m.Booking = p.booking()
		if m.Booking == nil {
			m.BookingLinks = SchedulingLinks(m.Text)
		}
	}
	return m
}

// recoverMalformed is the last resort: a panic anywhere below turns the
// result into KindMalformed, keeping the envelope read so far.
func recoverMalformed(m *Message) {
	if r := recover(); r != nil {
		m.Kind = KindMalformed
		m.Reason = cleanText(fmt.Sprintf("parser failure: %v", r))
		m.Bounce, m.AutoReply, m.Calendar, m.Forward, m.Booking, m.BookingLinks = nil, nil, nil, nil, nil, nil
	}
}

// setMalformed explains why raw has no readable header.
func setMalformed(m *Message, raw []byte) {
	m.Kind = KindMalformed
	head := raw
	if len(head) > 1024 {
		head = head[:1024]
	}
	switch {
	case len(bytes.TrimSpace(raw)) == 0:
		m.Reason = "empty message"
	case bytes.IndexByte(head, 0) >= 0 || !looksTextual(head):
		m.Reason = "binary data, not a message"
	case len(raw) > 0 && (raw[0] == '\n' || raw[0] == '\r'):
		m.Reason = "empty header: the message starts with a blank line"
	default:
		m.Reason = "no header fields: the first line is not a \"Name: value\" field"
	}
}

// looksTextual reports whether most bytes are printable or white space.
func looksTextual(b []byte) bool {
	bad := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != 0x1b {
			bad++
		}
	}
	return bad*10 < len(b)+1
}

// parsed is one message being classified.
type parsed struct {
	m          *Message
	h          *header
	body       []byte
	typ        string            // top-level media type
	params     map[string]string // its parameters
	charset    string            // for raw 8-bit header bytes
	tree       tree
	nesting    int
	headerOnly bool

	subject string // m.Subject cut to maxSubject, for the patterns

	firstText, region *string // computed once by bounceText and diagnosticRegion
}

// maxSubject is how much of a subject the patterns read.
const maxSubject = 1000

var charsetParam = regexp.MustCompile(`(?i)charset\s*=\s*"?([A-Za-z0-9_.:+-]+)`)

func newParsed(m *Message, h *header, body []byte, nesting int) *parsed {
	p := &parsed{m: m, h: h, body: body, nesting: nesting}
	ct := h.get("Content-Type")
	// The charset for raw 8-bit bytes in headers: the top-level one, else the
	// first one the body declares.
	if sm := charsetParam.FindStringSubmatch(ct); sm != nil {
		p.charset = sm[1]
	} else if len(body) > 0 {
		head := body
		if len(head) > 64<<10 {
			head = head[:64<<10]
		}
		if sm := charsetParam.FindSubmatch(head); sm != nil {
			p.charset = string(sm[1])
		}
	}
	if strings.EqualFold(p.charset, "us-ascii") {
		p.charset = ""
	}
	p.typ, p.params = contentType(h, "", p.charset)
	fillEnvelope(m, h, p.charset)
	m.AutoSubmitted = p.autoSubmitted()
	p.subject = head(m.Subject, maxSubject)
	return p
}

// humanText picks the body a person would read: the first inline
// text/plain part, else the first HTML part as text.
func (p *parsed) humanText() string {
	var plain, html, anyPlain *part
	for _, l := range p.tree.leaves {
		if l.disposition == "attachment" {
			continue
		}
		switch l.mediaType {
		case "text/plain":
			if anyPlain == nil {
				anyPlain = l
			}
			if plain == nil && l.filename == "" {
				plain = l
			}
		case "text/html":
			if html == nil {
				html = l
			}
		}
	}
	switch {
	case plain != nil:
		return plain.text()
	case html != nil:
		return htmlToText(html.text())
	case anyPlain != nil:
		return anyPlain.text()
	}
	return ""
}

// leavesOf returns the leaves of the given media types, in order.
func (p *parsed) leavesOf(types ...string) []*part {
	var out []*part
	for _, l := range p.tree.leaves {
		for _, t := range types {
			if l.mediaType == t {
				out = append(out, l)
				break
			}
		}
	}
	return out
}
