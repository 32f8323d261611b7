package templates

import (
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"unicode"

	"github.com/rapport-mail/rapport/internal/textclean"
)

// Message is a rendered template.
type Message struct {
	// Subject is one line of valid UTF-8, never empty.
	Subject string
	// Cc, Bcc and ReplyTo are the parsed address lists the template set;
	// nil when it left the header out or it executed to nothing. A name
	// may hold any UTF-8: encoding it for the wire is the composer's job.
	Cc, Bcc, ReplyTo []*mail.Address
	// Body is valid UTF-8 with LF line ends and no other control
	// characters than tabs; no line ends in white space, runs of empty
	// lines are reduced to one, and it ends with exactly one newline.
	Body string
}

// Render executes the template called name with d. It does no I/O and is
// safe for concurrent use.
//
// Data is cleaned before execution, so that hostile or broken values
// cannot break the message's form: invalid UTF-8 becomes U+FFFD, line
// breaks and control characters in one-line fields (names, addresses,
// subjects, places, bounce details, every receipt field but Help) become
// spaces, and multi-line fields get LF line ends. Names (of the owner, the
// contact, who introduced them, a message's From, a digest item, a
// receipt's lines) that still hold RFC 2047 encoded words are decoded.
// Text that looks like a template ("{{") in the data is printed as it is,
// never executed. Header values never hold CR or LF.
//
// The error names the file and line that failed: a field that is nil for
// this contact, a Subject that executes to nothing, a Cc that is not a
// list of addresses. notice_approve needs d.Draft, notice_bounce needs
// d.Bounce, receipt needs d.Receipt, and digest and digest.html need
// d.Digest.
//
// digest.html yields the HTML document as the Body, with every value from
// the data escaped, and the Subject of digest; [Set.RenderDigest] renders
// both parts of the digest at once.
func (s *Set) Render(name string, d Data) (*Message, error) {
	if s == nil {
		return nil, errors.New("render: no templates loaded")
	}
	t, ok := s.tmpls[name]
	if !ok {
		return nil, fmt.Errorf("render %q: no such template (there are %s)", name, strings.Join(Names(), ", "))
	}
	switch {
	case name == "notice_approve" && d.Draft == nil:
		return nil, errors.New("render notice_approve: no draft to approve (Data.Draft is nil)")
	case name == "notice_bounce" && d.Bounce == nil:
		return nil, errors.New("render notice_bounce: no failed delivery (Data.Bounce is nil)")
	case name == "receipt" && d.Receipt == nil:
		return nil, errors.New("render receipt: no owner's mail to answer (Data.Receipt is nil)")
	case isDigest(name) && d.Digest == nil:
		return nil, fmt.Errorf("render %s: no digest to write (Data.Digest is nil)", name)
	}
	if d.Questions == nil {
		d.Questions = s.Bank().Questions(d)
	}
	m, ps := t.execute(d)
	if err := renderError(name, ps); err != nil {
		return nil, err
	}
	if t.html != nil {
		// The HTML part has no headers: it goes out under the digest's.
		text, ps := s.tmpls["digest"].execute(d)
		if err := renderError("digest", ps); err != nil {
			return nil, err
		}
		m.Subject = text.Subject
	}
	return m, nil
}

// renderError turns the problems of one execution into Render's error;
// nil when there is none.
func renderError(name string, ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.String()
	}
	return fmt.Errorf("render %s: %s", name, strings.Join(msgs, "; "))
}

// execute renders t with d, listing what went wrong. It never panics: a
// panic in text/template or a helper becomes a problem.
func (t *tmpl) execute(d Data) (m *Message, list []Problem) {
	ps := &problems{file: t.file}
	defer func() {
		if r := recover(); r != nil {
			m, list = nil, append(ps.list, Problem{File: t.file, Msg: fmt.Sprintf("internal error while rendering: %v", r)})
		}
	}()
	d = clean(d)
	m = &Message{}
	if t.html != nil {
		if out, err := run(t.html, d); err != nil {
			ps.addErr(err, "")
		} else if m.Body = cleanBody(out); m.Body == "" {
			ps.add(0, "the page is empty: write the HTML document the digest shows")
		}
		if len(ps.list) > 0 {
			return nil, ps.list
		}
		return m, nil
	}
	for _, h := range t.headers {
		out, err := run(h.t, d)
		if err != nil {
			ps.addErr(err, "")
			continue
		}
		v, _ := strings.CutPrefix(strings.TrimLeft(out, "\n"), h.prefix)
		v = oneLine(v)
		if h.name == "Subject" {
			if v == "" {
				ps.add(h.line, "Subject is empty for this contact: give it some text outside {{if}} and {{with}}")
			}
			m.Subject = v
			continue
		}
		if v == "" {
			continue // an empty Cc, Bcc or Reply-To is left out
		}
		list, err := mail.ParseAddressList(v)
		if err != nil {
			ps.add(h.line, "%s %q is not a list of addresses (%v): write Name <address> or address, separated by commas",
				h.name, shorten(v), err)
			continue
		}
		switch h.name {
		case "Cc":
			m.Cc = list
		case "Bcc":
			m.Bcc = list
		case "Reply-To":
			m.ReplyTo = list
		}
	}
	if out, err := run(t.body, d); err != nil {
		ps.addErr(err, "")
	} else if m.Body = cleanBody(out); m.Body == "" {
		ps.add(0, "the body is empty for this contact: write the message after the empty line that ends the headers")
	}
	if len(ps.list) > 0 {
		return nil, ps.list
	}
	return m, nil
}

// run executes one part of a template, from text/template or
// html/template.
func run(t interface {
	Execute(io.Writer, any) error
}, d Data) (string, error) {
	var b strings.Builder
	if err := t.Execute(&b, d); err != nil {
		return "", err
	}
	return b.String(), nil
}

// clean returns a copy of d that cannot break a message's form; see
// [Set.Render].
func clean(d Data) Data {
	d.Owner = Owner{
		Name:       name(d.Owner.Name),
		FirstName:  name(d.Owner.FirstName),
		Background: multiLine(d.Owner.Background),
		Signature:  multiLine(d.Owner.Signature),
	}
	d.Contact = cleanPerson(d.Contact)
	if p := d.IntroducedBy; p != nil {
		c := cleanPerson(*p)
		d.IntroducedBy = &c
	}
	if m := d.Meeting; m != nil {
		c := *m
		c.Place = oneLine(c.Place)
		d.Meeting = &c
	}
	if t := d.Thread; t != nil {
		d.Thread = &Thread{Subject: oneLine(t.Subject), From: name(t.From), Date: t.Date, Body: multiLine(t.Body), Sender: oneLine(t.Sender), Cc: oneLines(t.Cc)}
	}
	if len(d.Messages) > 0 {
		msgs := make([]Thread, len(d.Messages))
		for i, t := range d.Messages {
			msgs[i] = Thread{Subject: oneLine(t.Subject), From: name(t.From), Date: t.Date, Body: multiLine(t.Body), Sender: oneLine(t.Sender), Cc: oneLines(t.Cc)}
		}
		d.Messages = msgs
	}
	if len(d.Suggested) > 0 {
		people := make([]Person, len(d.Suggested))
		for i, p := range d.Suggested {
			people[i] = cleanPerson(p)
		}
		d.Suggested = people
	}
	if p := d.Met; p != nil {
		c := cleanPerson(*p)
		d.Met = &c
	}
	d.Learned = oneLine(d.Learned)
	if dr := d.Draft; dr != nil {
		d.Draft = &DraftInfo{Subject: oneLine(dr.Subject), Body: multiLine(dr.Body)}
	}
	if b := d.Bounce; b != nil {
		d.Bounce = &BounceInfo{Recipient: oneLine(b.Recipient), Status: oneLine(b.Status),
			Meaning: oneLine(b.Meaning), Diagnostic: oneLine(b.Diagnostic), Soft: b.Soft}
	}
	if r := d.Receipt; r != nil {
		c := &ReceiptInfo{Subject: oneLine(r.Subject), Help: multiLine(r.Help)}
		for _, l := range r.Results {
			cl := ReceiptLine{Command: oneLine(l.Command), OK: l.OK, Text: name(l.Text), Hint: oneLine(l.Hint)}
			for _, det := range l.Details {
				cl.Details = append(cl.Details, name(det))
			}
			c.Results = append(c.Results, cl)
		}
		d.Receipt = c
	}
	if g := d.Digest; g != nil {
		d.Digest = cleanDigest(g)
	}
	return d
}

func cleanPerson(p Person) Person {
	return Person{
		ID:        p.ID,
		Name:      name(p.Name),
		FirstName: name(p.FirstName),
		Email:     oneLine(p.Email),
		Company:   oneLine(p.Company),
		Role:      oneLine(p.Role),
		Field:     oneLine(p.Field),
		Source:    oneLine(p.Source),
		Notes:     multiLine(p.Notes),
	}
}

// oneLine makes s one line of valid UTF-8 (see textclean.OneLine).
func oneLine(s string) string { return textclean.OneLine(s) }

// oneLines is oneLine of each string of list; nil for none.
func oneLines(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = oneLine(s)
	}
	return out
}

// name is oneLine for text that names people (a name, "Name <address>",
// a receipt's line): a name that arrived RFC 2047-encoded, from a header,
// an import or an older database, is decoded (see textclean.Name), so
// that no one reads "=?utf-8?q?Tom=C3=A1s_Herrera?=".
func name(s string) string { return textclean.Name(s) }

// multiLine makes s valid UTF-8 with LF line ends and no control
// characters but tabs and newlines.
func multiLine(s string) string {
	s = normalizeNewlines(strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// cleanBody gives a rendered body the form [Message] promises.
func cleanBody(s string) string {
	lines := strings.Split(multiLine(s), "\n")
	var out []string
	blank := false
	for _, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n") + "\n"
}
