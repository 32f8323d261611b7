package templates

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rapport-mail/rapport/internal/typo"
)

// maxFileSize bounds a template file: a template is a few kilobytes, and a
// bigger file is a mistake (a log, a mailbox) rather than a message.
const maxFileSize = 1 << 20

// Set is a loaded and validated set of templates, one per name in
// [Names]. It is immutable and safe for concurrent use.
type Set struct {
	dir       string
	overrides []string
	tmpls     map[string]*tmpl
	bank      *Bank // the question bank (see [Set.Bank])
}

// Dir returns the directory the set was loaded from; "" for the built-in
// templates only.
func (s *Set) Dir() string { return s.dir }

// Overrides returns the names of the templates that come from files in
// [Set.Dir] rather than from [Default], sorted.
func (s *Set) Overrides() []string { return slices.Clone(s.overrides) }

// source is one template's text and where it comes from.
type source struct {
	file string // for problems: the path, or "NAME.txt (built-in)"
	text string
}

// Load reads the templates: the built-in ones in [Default], each replaced
// by the file of the same name in dir if there is one ("" for none):
// NAME.txt, or digest.html (see [FileName]). It reads dir and its files
// and nothing else; files that end in neither ".txt" nor ".html", hidden
// files and subdirectories are ignored.
//
// Every template is checked as it would be used: its header block (only
// Subject, Cc, Bcc and Reply-To, each on one line, Subject required), its
// syntax, the fields it names, and a render with [Sample] and with a
// contact whose optional fields are all empty or nil, so that a template
// that would fail when sending fails here instead. The templates sent
// without review (request, nudge, intro_reply) must hold no placeholder,
// and thank_you and keep_in_touch must hold one (see [Placeholders]).
// digest.html has no header block: the whole file is one html/template,
// checked for its syntax, its fields and a render as the others are; and
// digest may set no header but Subject. A file in dir that is not named
// after a template is a problem too, since a misspelt override would
// otherwise be silently ignored.
//
// When anything is wrong Load returns a *[LoadError] listing every problem
// with its file and line, and no Set.
func Load(dir string) (*Set, error) {
	sources := map[string]source{}
	for _, name := range Names() {
		file := FileName(name)
		text, err := Default.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("templates: read built-in %s: %w", file, err)
		}
		sources[name] = source{file: file + " (built-in)", text: string(text)}
	}
	var all []Problem
	var overrides []string
	if dir != "" {
		over, ps, err := readDir(dir)
		if err != nil {
			return nil, &LoadError{Problems: []Problem{{File: dir, Msg: err.Error()}}}
		}
		all = append(all, ps...)
		for name, src := range over {
			sources[name] = src
			overrides = append(overrides, name)
		}
		slices.Sort(overrides)
	}
	set := &Set{dir: dir, overrides: overrides, tmpls: map[string]*tmpl{}}
	for _, name := range Names() {
		t, ps := compile(name, sources[name])
		all = append(all, ps...)
		if len(ps) == 0 {
			all = append(all, check(t)...)
		}
		set.tmpls[name] = t
	}
	bankSrc, ok := sources[bankKey]
	bank, ps := loadBank(bankSrc, ok)
	all, set.bank = append(all, ps...), bank
	if len(all) > 0 {
		return nil, &LoadError{Problems: sortProblems(all)}
	}
	return set, nil
}

// readDir reads the overrides in dir. err is for a directory that cannot
// be read at all; ps lists the files that are wrong.
func readDir(dir string) (over map[string]source, ps []Problem, err error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, errors.New("no such directory (create it with rapport templates init, or leave paths.templates out to use the built-in templates)")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read the template directory: %w", err)
	}
	over = map[string]source{}
	known := Names()
	byFile := map[string]string{}
	for _, name := range known {
		byFile[FileName(name)] = name
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".txt")
		if !ok && isHTML(e.Name()) {
			name, ok = e.Name(), true
		}
		if !ok || e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if e.Name() == BankFile && !e.IsDir() {
			name = bankKey // the question bank, read by loadBank
		} else if byFile[e.Name()] != name {
			ps = append(ps, Problem{File: path, Msg: unknownName(name, known)})
			continue
		}
		text, err := readFile(path)
		if err != nil {
			ps = append(ps, Problem{File: path, Msg: err.Error()})
			continue
		}
		over[name] = source{file: path, text: text}
	}
	return over, ps, nil
}

// readFile reads a template file of at most maxFileSize bytes.
func readFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return "", fmt.Errorf("read: %w", err)
	}
	if len(b) > maxFileSize {
		return "", fmt.Errorf("larger than %d KiB: a template is a short message; is this the right file?", maxFileSize>>10)
	}
	return string(b), nil
}

// unknownName explains a file named after no template, suggesting the
// nearest name.
func unknownName(name string, known []string) string {
	msg := fmt.Sprintf("no template is called %q, so this file would be ignored", name)
	best, bestDist := "", 3 // suggest names within two edits
	for _, k := range known {
		if d := typo.Distance(strings.ToLower(name), k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best != "" {
		return msg + fmt.Sprintf("; did you mean %s?", FileName(best))
	}
	var html []string
	for _, k := range known {
		if isHTML(k) {
			html = append(html, k)
		}
	}
	with := " (with .txt)"
	if len(html) > 0 {
		with = " (with .txt, but " + strings.Join(html, " and ") + " as it is)"
	}
	return msg + "; rename it to one of " + strings.Join(known, ", ") + with + ", or remove it"
}
