package classify

import (
	"bytes"
	"strings"
)

// Limits on the MIME tree, against hostile or broken nesting.
const (
	maxDepth = 16  // multipart levels below the message
	maxParts = 300 // leaves collected from one message
)

// part is one leaf of the MIME tree: a non-multipart entity. message/*
// parts are leaves too; an attached message is read by parsing its body.
type part struct {
	header      *header
	mediaType   string            // lower-case, e.g. "text/plain"
	params      map[string]string // Content-Type parameters
	disposition string            // "attachment", "inline" or ""
	filename    string
	parent      string // media type of the enclosing multipart, "" at the top
	index       int    // position among its siblings
	body        []byte // with the transfer encoding removed
}

// text returns the part's body as UTF-8 text in its declared charset.
func (p *part) text() string {
	return toUTF8(p.body, p.params["charset"])
}

// tree is the flattened MIME structure of one message. Parts beyond
// maxParts or maxDepth are not read.
type tree struct {
	leaves []*part
}

// walkEntity adds the leaves of the entity (h, body) to t.
func (t *tree) walkEntity(h *header, body []byte, parent string, index, depth int, fallbackCharset string) {
	if len(t.leaves) >= maxParts || depth > maxDepth {
		return
	}
	typ, params := contentType(h, parent, fallbackCharset)
	if strings.HasPrefix(typ, "multipart/") {
		boundary := params["boundary"]
		parts, ok := splitMultipart(body, boundary)
		if ok {
			for i, raw := range parts {
				ph, pbody, _ := readHeader(raw)
				if len(ph.fields) == 0 {
					// No header: RFC 2046 says text/plain; the body starts after
					// the blank line, or at once when there is none.
					ph = &header{}
				}
				t.walkEntity(ph, pbody, typ, i, depth+1, fallbackCharset)
			}
			return
		}
		// No usable boundary: read the body as text, so its words still count.
		typ, params = "text/plain", map[string]string{}
	}
	disp, dparams := "", map[string]string{}
	if v := h.get("Content-Disposition"); v != "" {
		disp, dparams = parseMediaType(v, fallbackCharset)
		if i := strings.IndexAny(disp, " \t/"); i >= 0 {
			disp = disp[:i]
		}
	}
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	t.leaves = append(t.leaves, &part{
		header:      h,
		mediaType:   typ,
		params:      params,
		disposition: disp,
		filename:    name,
		parent:      parent,
		index:       index,
		body:        decodeTransfer(h.get("Content-Transfer-Encoding"), body),
	})
}

// contentType returns the entity's media type, with RFC 2046 defaults:
// text/plain, or message/rfc822 inside a multipart/digest.
func contentType(h *header, parent, fallbackCharset string) (string, map[string]string) {
	v := h.get("Content-Type")
	if strings.TrimSpace(v) == "" {
		if parent == "multipart/digest" {
			return "message/rfc822", map[string]string{}
		}
		return "text/plain", map[string]string{}
	}
	typ, params := parseMediaType(v, fallbackCharset)
	switch {
	case typ == "":
		typ = "text/plain"
	case !strings.Contains(typ, "/"):
		if typ == "text" {
			typ = "text/plain"
		} else {
			typ = "application/octet-stream"
		}
	}
	return typ, params
}

// splitMultipart returns the bodies between boundary delimiter lines. It
// accepts LF or CRLF, transport padding after the boundary, and a missing
// final delimiter (the last part runs to the end). ok is false when there
// is no boundary or not a single delimiter line.
func splitMultipart(body []byte, boundary string) (parts [][]byte, ok bool) {
	if boundary == "" {
		return nil, false
	}
	delim := []byte("--" + boundary)
	start := -1 // offset of the current part, -1 before the first delimiter
	pos := 0
	for pos < len(body) {
		line, _ := cutLine(body[pos:])
		lineStart := pos
		pos += len(line)
		if !bytes.HasPrefix(line, delim) {
			continue
		}
		tail := bytes.TrimRight(line[len(delim):], " \t\r\n")
		final := bytes.Equal(tail, []byte("--"))
		if len(tail) != 0 && !final {
			continue
		}
		if start >= 0 {
			parts = append(parts, trimLastLineBreak(body[start:lineStart]))
		}
		if final {
			return parts, true
		}
		start = pos
	}
	if start >= 0 {
		parts = append(parts, body[start:])
	}
	return parts, start >= 0
}

// trimLastLineBreak removes the CRLF or LF that belongs to the delimiter.
func trimLastLineBreak(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// decodeTransfer removes a Content-Transfer-Encoding. Unknown encodings
// (and 7bit, 8bit, binary) leave the bytes as they are.
func decodeTransfer(cte string, body []byte) []byte {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return decodeBase64Lenient(body)
	case "quoted-printable":
		return decodeQuotedPrintable(body)
	}
	return body
}

// decodeQuotedPrintable decodes quoted-printable leniently: a "=" that does
// not start an escape or a soft line break is kept as it is.
func decodeQuotedPrintable(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		switch {
		case i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]):
			out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
			i += 2
		case i+1 < len(b) && b[i+1] == '\n':
			i++
		case i+2 < len(b) && b[i+1] == '\r' && b[i+2] == '\n':
			i += 2
		default:
			// "=" followed by spaces then a line break is a soft break too.
			j := i + 1
			for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
				j++
			}
			if j < len(b) && (b[j] == '\n' || b[j] == '\r') {
				if b[j] == '\r' && j+1 < len(b) && b[j+1] == '\n' {
					j++
				}
				i = j
				continue
			}
			if j == len(b) {
				i = j
				continue
			}
			out = append(out, c)
		}
	}
	return out
}
