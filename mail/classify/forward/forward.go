// Package forward finds the forwarded message in a mail: attached as
// message/rfc822 or written inline by a mail client ("---------- Forwarded
// message ---------", "-----Original Message-----", "Begin forwarded
// message:", in several languages).
//
// It is pure: no I/O, no state. Recognition is by the separators and
// header labels that Gmail, Outlook (classic, new, web and for Mac), Apple
// Mail, Thunderbird, Yahoo and others write, in English, German, French,
// Spanish, Portuguese, Italian, Dutch, Polish, Russian, Japanese and a
// dozen more languages.
package forward

import (
	"net/mail"
	"strings"
	"time"
)

// maxNesting bounds how deep FromText follows a forward inside a forward.
const maxNesting = 8

// Original is the message that was forwarded.
type Original struct {
	From      *mail.Address   // never nil; Address is "" when the block named no address
	To, Cc    []*mail.Address // an entry has a Name and no Address when the block wrote a name only
	Subject   string
	Date      time.Time // zero when missing or unreadable; UTC when it named no zone
	MessageID string    // without angle brackets
	Body      string    // the forwarded text, UTF-8, its quoting removed
	Note      string    // what the forwarder wrote above the forward, trimmed

	// Marker is the line that announced the forward, trimmed: a separator
	// ("---------- Forwarded message ---------"), an attribution line, or
	// the first header line of a block that nothing announced.
	Marker string
	// Ambiguous is set when the marker is one that mail clients also
	// write above the quoted message of a reply: Outlook's "-----Original
	// Message-----", its rule of underscores, a bare "From:/Sent:" block,
	// an "On … wrote:" line; or when the forward sits inside a quote
	// that an "On … wrote:" line introduces (a reply to a forward). Only
	// the subject tells these apart: trust such an Original when
	// TrimSubject reports a forward prefix.
	Ambiguous bool
}

// FromText looks for an inline forward in a plain-text body and returns
// the original and true, or false when the text forwards nothing. It never
// panics.
//
// When a forward contains another (a message forwarded twice), the
// innermost original is returned, for it names the real sender, but Note
// is the outermost note, Marker and Ambiguous describe the outermost
// forward: they are about the message in hand. Only forwards that say
// "forwarded" are followed inward; an Outlook reply quoted inside the
// forwarded message is part of its Body.
func FromText(text string) (*Original, bool) {
	lines := splitLines(text)
	o, ok := find(lines, 0)
	if !ok {
		return nil, false
	}
	return o, true
}

// find looks for the first (outermost) forward in lines, then follows
// unambiguous forwards inside its body up to maxNesting deep.
func find(lines []line, nesting int) (*Original, bool) {
	f, ok := locate(lines)
	if !ok {
		return nil, false
	}
	o := f.original(lines)
	if nesting < maxNesting {
		if inner, ok := find(splitLines(o.Body), nesting+1); ok && !inner.Ambiguous && inner.From.Address != "" {
			inner.Note, inner.Marker, inner.Ambiguous = o.Note, o.Marker, o.Ambiguous
			return inner, true
		}
	}
	return o, true
}

// found is a forward located in a body: where its marker and header block
// are, and what the block says.
type found struct {
	marker    int    // index of the marker line
	words     string // the marker as written
	ambiguous bool
	h         headers
	depth     int // quote depth of the header block
	bodyFrom  int // index of the first line after the header block
}

// locate finds the outermost forward in lines.
func locate(lines []line) (found, bool) {
	att, attHeaders := attribution(lines)
	for i, l := range lines {
		if i == att {
			return found{marker: i, words: strings.TrimSpace(l.text), ambiguous: true, h: attHeaders, depth: 0, bodyFrom: i + 1}, true
		}
		if kind, words, rest := separator(l.text); kind != notSeparator {
			f := found{marker: i, words: words}
			if g := gluedBlock(rest); g.count > 0 {
				f.h, f.depth, f.bodyFrom = g, l.depth, i+1
			} else if f.h, f.depth, f.bodyFrom = block(lines, i+1, l.depth); f.h.count == 0 {
				f.depth, f.bodyFrom = l.depth, i+1
			}
			if kind == forwarded || f.h.hasFromAnd() {
				f.ambiguous = kind == original || inReply(lines, i)
				return f, true
			}
			continue
		}
		if rule(l.text) {
			if h, depth, next := block(lines, i+1, l.depth); h.hasFromAnd() {
				return found{marker: i, words: strings.TrimSpace(l.text), ambiguous: true, h: h, depth: depth, bodyFrom: next}, true
			}
			continue
		}
		if f, _ := header(l.text); f != fieldNone && (i == 0 || lines[i-1].blank() || lines[i-1].depth != l.depth) {
			if h, depth, next := block(lines, i, l.depth); h.hasFromAnd() {
				return found{marker: i, words: strings.TrimSpace(l.text), ambiguous: true, h: h, depth: depth, bodyFrom: next}, true
			}
		}
	}
	return found{}, false
}

// inReply reports whether the quoted line at index i belongs to a quote
// that an attribution line ("On …, Jane <jane@example.com> wrote:")
// introduces: a reply that quotes a forward.
func inReply(lines []line, i int) bool {
	d := lines[i].depth
	if d == 0 {
		return false
	}
	for j := i - 1; j >= 0; j-- {
		if lines[j].blank() {
			continue
		}
		if lines[j].depth < d {
			return isAttribution(lines[j].text)
		}
	}
	return false
}

// original builds the Original that f describes.
func (f found) original(lines []line) *Original {
	o := &Original{
		From:      &mail.Address{},
		To:        addressList(f.h.to),
		Cc:        addressList(f.h.cc),
		Subject:   strings.TrimSpace(f.h.subject),
		Date:      parseDate(f.h.date),
		MessageID: strings.Trim(strings.TrimSpace(f.h.messageID), "<>"),
		Body:      strings.TrimLeft(body(lines[f.bodyFrom:], f.depth), " \t"),
		Note:      strings.TrimSpace(join(lines[:f.marker], 0)),
		Marker:    f.words,
		Ambiguous: f.ambiguous,
	}
	if from := addressList(f.h.from); len(from) > 0 {
		o.From = from[0]
	}
	return o
}
