package templates

import (
	"fmt"
	htmltemplate "html/template"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	tparse "text/template/parse"
	"unicode/utf8"

	"github.com/rapport-mail/rapport/internal/typo"
)

// tmpl is one compiled template file: each header line and the body are
// separate text/template templates, so that whatever a header's value
// holds (a newline from a contact's name, say) can never spill into the
// next header or the body. Each is parsed with as many newlines before it
// as there are file lines above it, so that text/template's errors give
// the file's line numbers; execution output starts with those newlines,
// which execute strips. An HTML template (digest.html) has no headers:
// the whole file is one html/template, html, and body is nil.
type tmpl struct {
	name    string
	file    string // for problems: the path, or "NAME.txt (built-in)"
	source  string // the file's text, newlines normalised
	headers []header
	body    *template.Template
	html    *htmltemplate.Template
}

// header is one header line of a template file.
type header struct {
	name   string // canonical: Subject, Cc, Bcc or Reply-To
	line   int
	prefix string // the line's text up to and including the colon
	t      *template.Template
}

// allowedHeaders are the headers a template may set, in canonical form.
var allowedHeaders = []string{"Subject", "Cc", "Bcc", "Reply-To"}

var headerName = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9-]*)[ \t]*:`)

// compile parses one template file, reporting every problem of form and
// syntax it finds. The tmpl is usable only when there is no problem.
func compile(name string, src source) (*tmpl, []Problem) {
	ps := &problems{file: src.file}
	text := normalizeNewlines(src.text)
	t := &tmpl{name: name, file: src.file, source: text}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if !utf8.ValidString(l) {
			ps.add(i+1, "not valid UTF-8: save the file as UTF-8")
		}
	}
	if isHTML(name) {
		compileHTML(t, ps)
		return t, ps.list
	}
	sep := slices.IndexFunc(lines, func(l string) bool { return strings.TrimSpace(l) == "" })
	if sep < 0 {
		ps.add(0, "no empty line after the headers: write Subject: … on the first line, then an empty line, then the body")
		return t, ps.list
	}
	seen := map[string]int{}
	for i, line := range lines[:sep] {
		n := i + 1
		m := headerName.FindStringSubmatch(line)
		if m == nil {
			ps.add(n, "%q is not a header (Name: value): each header stays on one line, and an empty line ends the headers", shorten(line))
			continue
		}
		canon := canonicalHeader(m[1])
		if canon == "" {
			ps.add(n, "unknown header %q: a template may set only %s (rapport sets From, To, Date and Message-ID itself)",
				m[1], strings.Join(allowedHeaders, ", "))
			continue
		}
		if first, dup := seen[canon]; dup {
			ps.add(n, "%s given twice (first on line %d): keep one", canon, first)
			continue
		}
		seen[canon] = n
		if name == "digest" && canon != "Subject" {
			ps.add(n, "the digest goes to you (digest.recipient), so only its Subject is used: remove this %s line", canon)
			continue
		}
		ht, err := newTemplate(name).Parse(strings.Repeat("\n", i) + line)
		if err != nil {
			ps.addErr(err, "")
			continue
		}
		t.headers = append(t.headers, header{name: canon, line: n, prefix: m[0], t: ht})
	}
	if _, ok := seen["Subject"]; !ok {
		ps.add(1, "no Subject header: start the file with a line such as Subject: Thank you for your time")
	}
	body, err := newTemplate(name).Parse(strings.Repeat("\n", sep+1) + strings.Join(lines[sep+1:], "\n"))
	if err != nil {
		ps.addErr(err, "")
	} else {
		t.body = body
		ps.list = append(ps.list, joinParts(name, body)...)
	}
	for _, h := range t.headers {
		checkFields(ps, trees(h.t.Templates()))
	}
	if t.body != nil {
		checkFields(ps, trees(t.body.Templates()))
	}
	return t, ps.list
}

// compileHTML parses an HTML template file: the whole file is one
// html/template, which escapes every value for where it appears.
func compileHTML(t *tmpl, ps *problems) {
	h, err := htmltemplate.New(t.name).Funcs(htmltemplate.FuncMap(helpers)).Option("missingkey=error").Parse(t.source)
	if err != nil {
		ps.addErr(err, "")
		return
	}
	t.html = h
	ps.list = append(ps.list, joinPartsHTML(t.name, h)...)
	var list []*tparse.Tree
	for _, d := range h.Templates() {
		if d.Tree != nil {
			list = append(list, d.Tree)
		}
	}
	checkFields(ps, list)
}

func newTemplate(name string) *template.Template {
	return template.New(name).Funcs(helpers).Option("missingkey=error")
}

// trees returns the parse trees of a text template and of those it
// defines.
func trees(list []*template.Template) []*tparse.Tree {
	var out []*tparse.Tree
	for _, t := range list {
		if t.Tree != nil {
			out = append(out, t.Tree)
		}
	}
	return out
}

// canonicalHeader returns the allowed header name matching name regardless
// of case, or "".
func canonicalHeader(name string) string {
	for _, h := range allowedHeaders {
		if strings.EqualFold(h, name) {
			return h
		}
	}
	return ""
}

// shorten cuts s for quoting in a problem.
func shorten(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// knownNames holds every field and method name reachable from Data: a
// field a template names that is not among them is a typo, whether or not
// the samples reach it when rendering.
var knownNames = func() map[string]bool {
	names := map[string]bool{}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			t = t.Elem() // a list's fields are its elements' ({{range .Receipt.Results}}{{.Text}})
		}
		if seen[t] {
			return
		}
		seen[t] = true
		for _, mt := range []reflect.Type{t, reflect.PointerTo(t)} {
			for i := range mt.NumMethod() {
				m := mt.Method(i)
				names[m.Name] = true
				if m.Type.NumOut() > 0 {
					walk(m.Type.Out(0))
				}
			}
		}
		if t.Kind() == reflect.Struct {
			for i := range t.NumField() {
				if f := t.Field(i); f.IsExported() {
					names[f.Name] = true
					walk(f.Type)
				}
			}
		}
	}
	walk(reflect.TypeFor[Data]())
	walk(reflect.TypeFor[ReplyProposal]()) // what the readReply helper returns
	return names
}()

// checkFields reports the fields the templates of one file name that no
// part of Data has.
func checkFields(ps *problems, list []*tparse.Tree) {
	for _, tree := range list {
		var walk func(n tparse.Node)
		report := func(n tparse.Node, ident string) {
			if knownNames[ident] {
				return
			}
			loc, _ := tree.ErrorContext(n) // "name:line:col"
			line := 0
			if parts := strings.Split(loc, ":"); len(parts) >= 2 {
				line, _ = strconv.Atoi(parts[1])
			}
			ps.add(line, "unknown field .%s%s", ident, suggestField(ident))
		}
		walk = func(n tparse.Node) {
			switch n := n.(type) {
			case *tparse.ListNode:
				if n == nil {
					return
				}
				for _, c := range n.Nodes {
					walk(c)
				}
			case *tparse.ActionNode:
				walk(n.Pipe)
			case *tparse.IfNode:
				walkBranch(walk, &n.BranchNode)
			case *tparse.RangeNode:
				walkBranch(walk, &n.BranchNode)
			case *tparse.WithNode:
				walkBranch(walk, &n.BranchNode)
			case *tparse.TemplateNode:
				walk(n.Pipe)
			case *tparse.PipeNode:
				if n == nil {
					return
				}
				for _, c := range n.Cmds {
					walk(c)
				}
			case *tparse.CommandNode:
				for _, a := range n.Args {
					walk(a)
				}
			case *tparse.FieldNode:
				for _, id := range n.Ident {
					report(n, id)
				}
			case *tparse.ChainNode:
				walk(n.Node)
				for _, id := range n.Field {
					report(n, id)
				}
			case *tparse.VariableNode:
				for _, id := range n.Ident[1:] {
					report(n, id)
				}
			}
		}
		walk(tree.Root)
	}
}

// suggestField returns "; did you mean .X?" for the known name nearest
// ident, or a pointer to the documentation.
func suggestField(ident string) string {
	best, bestDist := "", 3
	for name := range knownNames {
		if d := typo.Distance(strings.ToLower(ident), strings.ToLower(name)); d < bestDist || d == bestDist && name < best {
			best, bestDist = name, d
		}
	}
	if best != "" {
		return fmt.Sprintf("; did you mean .%s?", best)
	}
	return ": the fields are listed in the documentation of rapport's templates package and used in the files rapport templates init writes"
}

func walkBranch(walk func(tparse.Node), b *tparse.BranchNode) {
	walk(b.Pipe)
	walk(b.List)
	if b.ElseList != nil {
		walk(b.ElseList)
	}
}
