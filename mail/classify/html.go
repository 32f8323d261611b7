package classify

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxOpen bounds the stack of open div and blockquote elements kept to
// find where a quote ends; deeper ones are only counted.
const maxOpen = 256

// htmlToText turns an HTML body into plain text as a plain-text mail
// program would write it: script, style, title, template and noscript
// contents, the head and comments are dropped; blocks become lines,
// paragraphs and headings are set apart by a blank line, list items start
// with "- ", table cells are joined by a space; a link keeps its text,
// followed by its address in angle brackets when the text does not show it;
// entities are decoded. The quoted part of a reply is written with "> "
// before each line (">> " a level deeper): a <blockquote> (Apple Mail's and
// Thunderbird's type=cite, Gmail's), Gmail's div.gmail_quote, Yahoo's
// yahoo_quoted, Proton's protonmail_quote, and everything after Outlook's
// divRplyFwdMsg, <hr id=stopSpelling> or OLK_SRC_BODY_SECTION. It never
// panics, returns valid UTF-8, and takes time linear in the input.
//
// It reads the input with an HTML5 tokenizer, so case-insensitive tag
// names and the end of raw text (a script's) are found as a browser finds
// them; unclosed elements end at the end of the input.
func htmlToText(s string) string {
	c := &htmlConv{}
	z := html.NewTokenizer(strings.NewReader(strings.ToValidUTF8(s, "\uFFFD")))
	for {
		tt := z.Next()
		dropRaw := c.dropRaw
		c.dropRaw = false
		switch tt {
		case html.ErrorToken: // io.EOF: the tokenizer reads from memory
			c.endLink()
			return c.w.String()
		case html.TextToken:
			if !dropRaw {
				c.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			// A self-closing slash means nothing in HTML5 except on void
			// elements, which have no end anyway: <div/> opens a div.
			name, hasAttr := z.TagName()
			c.start(atom.Lookup(name), z, hasAttr)
		case html.EndTagToken:
			name, _ := z.TagName()
			c.end(atom.Lookup(name))
		}
	}
}

// htmlConv is the state of one htmlToText run.
type htmlConv struct {
	w textWriter

	inHead   bool // inside <head>, until body content shows up
	template int  // open <template> elements: their content is not shown
	pre      int  // open <pre> and the like: white space is kept
	lists    int  // open <ul> and <ol>
	dropRaw  bool // the next token is the raw text of a dropped element
	msoP     bool // the open <p> is one of Word's lines

	open     []openElem // open div and blockquote elements, at most maxOpen
	nOpen    [2]int     // div and blockquote elements in open
	over     [2]int     // div and blockquote elements opened beyond maxOpen
	quotes   []int      // indices in open of the elements that are quotes
	level    int        // the quote depth
	rootRest bool       // an Outlook marker outside any quote: the rest is quoted

	link      bool   // inside <a>
	href      string // the link's address, shown after its text when useful
	linkText  strings.Builder
	linkTextN int
}

// openElem is an open div or blockquote.
type openElem struct {
	tag   atom.Atom
	quote bool   // it starts a quote level
	class string // for a wrapper div: the class its own blockquote shares
	rest  bool   // an Outlook marker inside quoted the rest of it
}

// rawDropped are the elements whose raw text the tokenizer returns as one
// token and a reader never sees.
func rawDropped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Title, atom.Noscript, atom.Iframe, atom.Noembed, atom.Noframes:
		return true
	}
	return false
}

// inHeadContent are the elements that may stand in <head>; any other
// start tag (or text) begins the body, as in an HTML5 parser, so a head
// left open does not swallow the message.
func inHeadContent(a atom.Atom) bool {
	switch a {
	case atom.Head, atom.Base, atom.Basefont, atom.Bgsound, atom.Link, atom.Meta, atom.Title,
		atom.Style, atom.Script, atom.Noscript, atom.Template:
		return true
	}
	return false
}

func (c *htmlConv) text(s string) {
	if c.template > 0 {
		return
	}
	if c.inHead {
		if strings.TrimSpace(s) == "" {
			return
		}
		c.inHead = false
	}
	if c.link && c.linkTextN < maxLinkText {
		c.linkText.WriteString(s)
		c.linkTextN += len(s)
	}
	if c.pre > 0 {
		c.w.pre(s)
	} else {
		c.w.inline(s)
	}
}

func (c *htmlConv) start(a atom.Atom, z *html.Tokenizer, hasAttr bool) {
	if a == atom.Template {
		c.template++
	}
	if rawDropped(a) {
		c.dropRaw = true
	}
	if c.template > 0 {
		return
	}
	if c.inHead && inHeadContent(a) {
		return
	}
	// A <head> after the body has begun is ignored, as in HTML5.
	c.inHead = a == atom.Head && len(c.w.lines) == 0 && !c.w.open
	if a == atom.Head || a == 0 {
		return
	}
	var at tagAttrs
	if hasAttr {
		at = readAttrs(z)
	}
	if at.outlookMarker() {
		c.quoteRest()
	}
	switch a {
	case atom.Br:
		c.w.hardBreak()
	case atom.P:
		// Word and Outlook write each line as a <p class=MsoNormal> their
		// style sheet gives no margin; empty ones are the blank lines.
		c.msoP = at.hasClassPrefix("mso")
		c.pEdge()
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		c.w.paragraph()
	case atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext, atom.Textarea:
		c.w.paragraph()
		c.pre++
	case atom.Ul, atom.Ol, atom.Dl:
		c.listEdge()
		c.lists++
	case atom.Li:
		c.w.lineBreak()
		c.w.bullet = strings.Repeat("  ", min(max(c.lists-1, 0), 8)) + "- "
	case atom.Td, atom.Th:
		c.w.gap()
	case atom.Div:
		c.w.lineBreak()
		c.push(openElem{tag: atom.Div, quote: at.wrapperClass() != "", class: at.wrapperClass()})
	case atom.Blockquote:
		c.w.paragraph()
		c.push(openElem{tag: atom.Blockquote, quote: at.quotes() && !c.absorbed(at)})
	case atom.A:
		c.endLink() // an <a> inside another closes it, as in HTML5
		c.link, c.href = true, at.href
	default:
		if blockElem(a) {
			c.w.lineBreak()
		}
	}
}

func (c *htmlConv) end(a atom.Atom) {
	if a == atom.Template {
		if c.template > 0 {
			c.template--
		}
		return
	}
	if c.template > 0 {
		return
	}
	if c.inHead {
		// </head>, and </body>, </html>, </br> as an HTML5 parser reads
		// them there; other end tags in the head are ignored.
		if a != atom.Head && a != atom.Body && a != atom.Html && a != atom.Br {
			return
		}
		c.inHead = false
		if a == atom.Head {
			return
		}
	}
	switch a {
	case atom.Br: // </br> is read as <br>
		c.w.hardBreak()
	case atom.P:
		c.pEdge()
		c.msoP = false
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		c.w.paragraph()
	case atom.Pre, atom.Listing, atom.Xmp, atom.Textarea:
		if c.pre > 0 {
			c.pre--
		}
		c.w.paragraph()
	case atom.Ul, atom.Ol, atom.Dl:
		if c.lists > 0 {
			c.lists--
		}
		c.listEdge()
		c.w.bullet = ""
	case atom.Div:
		c.w.lineBreak()
		c.pop(a)
	case atom.Blockquote:
		c.w.paragraph()
		c.pop(a)
	case atom.A:
		c.endLink()
	case atom.Li:
		c.w.lineBreak()
		c.w.bullet = "" // an empty item leaves no bullet behind
	default:
		if blockElem(a) {
			c.w.lineBreak()
		}
	}
}

// pEdge breaks the line at a paragraph's start or end: a blank line
// around it, unless it is one of Word's lines.
func (c *htmlConv) pEdge() {
	if c.msoP {
		c.w.lineBreak()
	} else {
		c.w.paragraph()
	}
}

// listEdge breaks the line at a list's start or end: a paragraph break
// around a top-level list, a line break around a nested one.
func (c *htmlConv) listEdge() {
	if c.lists == 0 {
		c.w.paragraph()
	} else {
		c.w.lineBreak()
	}
}

// blockElem reports whether an element starts on a line of its own (those
// with more to do are handled by start and end).
func blockElem(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Caption, atom.Center, atom.Dd, atom.Details,
		atom.Dialog, atom.Dir, atom.Dt, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer,
		atom.Form, atom.Header, atom.Hgroup, atom.Hr, atom.Legend, atom.Main, atom.Menu, atom.Nav,
		atom.Section, atom.Summary, atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr:
		return true
	}
	return false
}
