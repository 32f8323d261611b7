package classify

import (
	"html"
	"strings"
)

// htmlToText turns an HTML body into plain text good enough to search:
// script, style and head are dropped, block elements become line breaks,
// other tags vanish, entities are decoded. It is not a renderer.
func htmlToText(s string) string {
	var b strings.Builder
	lower := strings.ToLower(s)
	i := 0
	for i < len(s) {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			b.WriteString(s[i:])
			break
		}
		b.WriteString(s[i : i+lt])
		i += lt
		if strings.HasPrefix(s[i:], "<!--") {
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				break
			}
			i += 4 + end + 3
			continue
		}
		gt := strings.IndexByte(s[i:], '>')
		if gt < 0 {
			break
		}
		tag := tagName(lower[i+1 : i+gt])
		i += gt + 1
		switch tag {
		case "script", "style", "head", "title":
			end := strings.Index(lower[i:], "</"+tag)
			if end < 0 {
				i = len(s)
				continue
			}
			i += end
			if gt := strings.IndexByte(s[i:], '>'); gt >= 0 {
				i += gt + 1
			} else {
				i = len(s)
			}
		case "br", "p", "/p", "div", "/div", "tr", "/tr", "li", "/li", "h1", "h2", "h3", "h4", "/h1", "/h2", "/h3", "/h4", "table", "/table", "blockquote", "/blockquote", "hr":
			b.WriteByte('\n')
		case "td", "th":
			b.WriteByte(' ')
		}
	}
	text := html.UnescapeString(b.String())
	text = strings.ReplaceAll(text, "\u00a0", " ")
	// Collapse the blank lines and indentation HTML source is full of.
	lines := strings.Split(text, "\n")
	out := make([]string, 0, len(lines))
	blank := false
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// tagName returns the lower-case name of a tag from what is between < and
// >, keeping a leading "/" for closing tags.
func tagName(inner string) string {
	inner = strings.TrimSpace(inner)
	end := strings.IndexAny(inner, " \t\r\n/>")
	if strings.HasPrefix(inner, "/") {
		rest := inner[1:]
		if e := strings.IndexAny(rest, " \t\r\n>"); e >= 0 {
			rest = rest[:e]
		}
		return "/" + rest
	}
	if end < 0 {
		return inner
	}
	return inner[:end]
}
