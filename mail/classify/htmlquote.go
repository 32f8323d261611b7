package classify

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

const (
	// maxLinkText is how much of a link's text is kept to tell whether it
	// shows the address already.
	maxLinkText = 1 << 10
	// maxHref is the longest address shown after a link's text; longer
	// ones are trackers nobody reads.
	maxHref = 512
)

// tagAttrs are the attributes htmlToText reads.
type tagAttrs struct {
	class, id, typ, style, href string
}

func readAttrs(z *html.Tokenizer) tagAttrs {
	var at tagAttrs
	for more := true; more; {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "class":
			at.class = string(v)
		case "id":
			at.id = string(v)
		case "type":
			at.typ = string(v)
		case "style":
			at.style = string(v)
		case "href":
			at.href = strings.TrimSpace(string(v))
		}
	}
	return at
}

// hasClass reports whether one of the element's classes contains sub.
func (at tagAttrs) hasClass(sub string) bool {
	for _, c := range strings.Fields(at.class) {
		if strings.Contains(c, sub) {
			return true
		}
	}
	return false
}

// hasClassPrefix reports whether one of the classes starts with prefix,
// in any letter case (prefix is lower-case ASCII).
func (at tagAttrs) hasClassPrefix(prefix string) bool {
	for _, c := range strings.Fields(at.class) {
		if len(c) >= len(prefix) && strings.EqualFold(c[:len(prefix)], prefix) {
			return true
		}
	}
	return false
}

// wrapperClass returns the class of a div that holds a whole quoted
// message, attribution line included: Gmail's gmail_quote, Proton's
// protonmail_quote, Yahoo's yahoo_quoted (which Yahoo prefixes with "ydp…"
// when it quotes a quote); "" for any other div. (Talon's
// html_quotations.py lists the same markers.)
func (at tagAttrs) wrapperClass() string {
	for _, w := range []string{"gmail_quote", "protonmail_quote", "yahoo_quoted"} {
		if at.hasClass(w) || strings.Contains(at.id, w) {
			return w
		}
	}
	return ""
}

// outlookMarker reports whether the element starts the original message
// Outlook puts below an answer without a quote element around it: the
// header block of Outlook on the web and new Outlook (div#divRplyFwdMsg),
// Hotmail's rule (hr#stopSpelling), Outlook for Mac's span
// (#OLK_SRC_BODY_SECTION). When Outlook quotes such a message again it
// prefixes the ids with "x_".
func (at tagAttrs) outlookMarker() bool {
	id := at.id
	for strings.HasPrefix(id, "x_") {
		id = id[2:]
	}
	return strings.EqualFold(id, "divRplyFwdMsg") || strings.EqualFold(id, "stopSpelling") ||
		strings.EqualFold(id, "OLK_SRC_BODY_SECTION")
}

// quotes reports whether a blockquote is a quote. Gmail and Apple Mail
// write the indentation a user asks for as a blockquote too, one drawn
// without a bar ("margin: 0 0 0 40px; border: none"), where a quote has a
// border-left or type=cite.
func (at tagAttrs) quotes() bool {
	if strings.EqualFold(at.typ, "cite") || at.wrapperClass() != "" {
		return true
	}
	style := strings.ToLower(strings.Join(strings.Fields(at.style), ""))
	return !strings.Contains(style, "border:none")
}

// absorbed reports whether a blockquote is the one its wrapper div put
// around the quoted message (Gmail's blockquote.gmail_quote in
// div.gmail_quote), so that one quote is one level, as in Gmail's own
// plain-text part.
func (c *htmlConv) absorbed(at tagAttrs) bool {
	if len(c.quotes) == 0 {
		return false
	}
	w := c.open[c.quotes[len(c.quotes)-1]].class
	return w != "" && at.hasClass(w)
}

// push records an opened div or blockquote.
func (c *htmlConv) push(e openElem) {
	if len(c.open) >= maxOpen {
		c.over[overIndex(e.tag)]++
		return
	}
	if e.quote {
		c.quotes = append(c.quotes, len(c.open))
		c.level++
	}
	c.open = append(c.open, e)
	c.nOpen[overIndex(e.tag)]++
	c.w.setDepth(c.level)
}

// pop closes the innermost open element named a and those opened inside
// it, as an HTML5 parser does; an end tag with no open element is ignored.
// Each element is walked over once, when it is closed.
func (c *htmlConv) pop(a atom.Atom) {
	if i := overIndex(a); c.over[i] > 0 {
		c.over[i]--
		return
	}
	if c.nOpen[overIndex(a)] == 0 {
		return // so that stray end tags cost no walk down the stack
	}
	k := len(c.open) - 1
	for c.open[k].tag != a {
		k--
	}
	for len(c.open) > k {
		e := c.open[len(c.open)-1]
		c.open = c.open[:len(c.open)-1]
		c.nOpen[overIndex(e.tag)]--
		if e.quote {
			c.quotes = c.quotes[:len(c.quotes)-1]
			c.level--
		}
		if e.rest {
			c.level--
		}
	}
	c.w.setDepth(c.level)
}

// overIndex is the index for a (div or blockquote) in over and nOpen.
func overIndex(a atom.Atom) int {
	if a == atom.Div {
		return 0
	}
	return 1
}

// quoteRest quotes the rest of the innermost quote, or of the message
// when outside any: where an Outlook marker stands, the original runs to
// the end of what holds it.
func (c *htmlConv) quoteRest() {
	if n := len(c.quotes); n > 0 {
		e := &c.open[c.quotes[n-1]]
		if e.rest {
			return
		}
		e.rest = true
	} else {
		if c.rootRest {
			return
		}
		c.rootRest = true
	}
	c.level++
	c.w.setDepth(c.level)
}

// endLink ends the open link: its address follows its text, in angle
// brackets, when it is a web or mail address the text does not show.
func (c *htmlConv) endLink() {
	if !c.link {
		return
	}
	text := c.linkText.String()
	c.link, c.linkText, c.linkTextN = false, strings.Builder{}, 0
	if shown := shownHref(c.href, text); shown != "" {
		c.w.inline(" <" + shown + ">")
	}
}

// shownHref returns what to write after a link's text: the address of a
// mailto link, the URL of an http(s) one; "" when the text is empty,
// already holds it or looks like an address itself (a tracker behind a
// written URL), or the address is too long to read.
func shownHref(href, text string) string {
	text = strings.ToLower(strings.TrimSpace(text))
	if text == "" || len(href) > maxHref || strings.ContainsAny(href, " \t\r\n<>") ||
		strings.Contains(text, "://") || strings.Contains(text, "@") || strings.HasPrefix(text, "www.") {
		return ""
	}
	var shown, key string
	switch {
	case hasASCIIPrefixFold(href, "mailto:"):
		shown, _, _ = strings.Cut(href[len("mailto:"):], "?")
		if u, err := url.PathUnescape(shown); err == nil {
			shown = u
		}
		key = shown
	case hasASCIIPrefixFold(href, "http://"), hasASCIIPrefixFold(href, "https://"):
		shown = href
		_, key, _ = strings.Cut(href, "://")
		key = strings.TrimPrefix(strings.TrimRight(key, "/"), "www.")
	default:
		return ""
	}
	if shown == "" || strings.ContainsAny(shown, " \t\r\n<>") || strings.Contains(text, strings.ToLower(key)) {
		return ""
	}
	return shown
}

// hasASCIIPrefixFold is strings.HasPrefix ignoring ASCII case (prefix is
// lower-case ASCII, so no case mapping changes a length).
func hasASCIIPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
