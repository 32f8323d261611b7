package templates

import (
	"embed"
	htmltemplate "html/template"
	"text/template"
)

// parts holds the partial files: named templates ({{define}}) that join
// a template's set, so that a section of it lives in a file of its own
// and the template includes it with one {{template}} line. They are
// built in: the owner's directory overrides the templates that include
// them, and an override that leaves the {{template}} line out leaves the
// section out.
//
//go:embed parts/*.txt parts/*.html
var parts embed.FS

// partFiles lists, per template, the partial files that join its set.
var partFiles = map[string][]string{
	"digest":      {"parts/digest_week.txt"},
	"digest.html": {"parts/digest_week.html"},
}

// joinParts parses the partial files of the text template name into t's
// set, reporting their problems under their own names.
func joinParts(name string, t *template.Template) []Problem {
	var out []Problem
	for _, file := range partFiles[name] {
		ps := &problems{file: file + " (built-in)"}
		text, err := parts.ReadFile(file)
		if err == nil {
			_, err = t.New(file).Parse(normalizeNewlines(string(text)))
		}
		if err != nil {
			ps.addErr(err, "")
		}
		out = append(out, ps.list...)
	}
	return out
}

// joinPartsHTML is joinParts for the HTML template name.
func joinPartsHTML(name string, h *htmltemplate.Template) []Problem {
	var out []Problem
	for _, file := range partFiles[name] {
		ps := &problems{file: file + " (built-in)"}
		text, err := parts.ReadFile(file)
		if err == nil {
			_, err = h.New(file).Parse(normalizeNewlines(string(text)))
		}
		if err != nil {
			ps.addErr(err, "")
		}
		out = append(out, ps.list...)
	}
	return out
}
