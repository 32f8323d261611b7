package templates

import (
	"fmt"
	"slices"
	"strings"
)

// sparseNote is added to a problem that only a contact with few details
// shows, so that the owner knows which case to guard.
const sparseNote = " (for a contact whose optional fields are empty or nil)"

// check renders t as Load does, with the rich sample and the sparse one,
// and applies the placeholder rules. t must have compiled without
// problems.
func check(t *tmpl) []Problem {
	type key struct {
		line int
		msg  string
	}
	var out []Problem
	seen := map[key]bool{}
	for i, d := range []Data{Sample(), sparse(t.name)} {
		m, ps := t.execute(d)
		if len(ps) == 0 {
			ps = t.checkPlaceholders(m, i == 1)
		}
		for _, p := range ps {
			k := key{p.Line, p.Msg}
			if seen[k] {
				continue
			}
			seen[k] = true
			if i == 1 {
				if part, only := onlyFor(p.Msg); len(only) > 0 && !slices.Contains(only, t.name) {
					p.Msg += fmt.Sprintf("; .%s is set only for %s: leave it out of %s", part, strings.Join(only, " and "), t.name)
				} else {
					if strings.Contains(p.Msg, "nil pointer evaluating") {
						p.Msg += "; guard it with {{with}} or {{if}}"
					}
					p.Msg += sparseNote
				}
			}
			out = append(out, p)
		}
	}
	return out
}

// onlyFor returns the part of Data that a nil pointer error names and the
// templates that part is set for, when it is Draft, Bounce, Receipt or
// Digest; "", nil otherwise.
func onlyFor(msg string) (part string, templates []string) {
	if !strings.Contains(msg, "nil pointer evaluating") {
		return "", nil
	}
	for _, o := range []struct {
		typ, part string
		templates []string
	}{
		{"*templates.DraftInfo.", "Draft", []string{"notice_approve"}},
		{"*templates.BounceInfo.", "Bounce", []string{"notice_bounce"}},
		{"*templates.ReceiptInfo.", "Receipt", []string{"receipt"}},
		{"*templates.DigestInfo.", "Digest", digestTemplates},
	} {
		if strings.Contains(msg, o.typ) {
			return o.part, o.templates
		}
	}
	return "", nil
}

// checkPlaceholders applies the rule of the package documentation to m,
// rendered for the rich sample or, sparse, for the one whose optional
// fields are empty: the templates sent without review hold no placeholder,
// and thank_you and keep_in_touch hold at least one when nothing (such as
// .Learned) fills it, that is for the sparse sample.
func (t *tmpl) checkPlaceholders(m *Message, sparse bool) []Problem {
	ps := &problems{file: t.file}
	switch {
	case slices.Contains(noReview, t.name):
		for _, p := range Placeholders(m.Subject + "\n" + m.Body) {
			ps.add(t.lineOf(p), "%s holds the placeholder %s, but it is sent without review and rapport refuses to send a placeholder: write the text itself", t.name, p)
		}
	case slices.Contains(mustReview, t.name) && sparse:
		if len(Placeholders(m.Body)) == 0 {
			ps.add(0, "%s holds no placeholder: keep at least one, such as [what I learned], for the part only you can write, so that each one is read and completed before it is sent", t.name)
		}
	}
	return ps.list
}

// lineOf returns the first line of t's file that holds s, or 0.
func (t *tmpl) lineOf(s string) int {
	for i, l := range strings.Split(t.source, "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	return 0
}
