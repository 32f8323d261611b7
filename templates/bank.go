package templates

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"unicode/utf8"
)

// BankFile is the question bank's file, in [Default]'s place for it and in
// the owner's template directory: the questions the prep brief offers,
// one per line as "N: question" (see the built-in file for the rules the
// owner reads).
const BankFile = "questions.txt"

// bankKey is the bank's key among the sources Load reads; no template has
// this name, since the bank is no message.
const bankKey = "questions"

// maxQuestion bounds a question's length, in characters: a question is a
// sentence or two, and a longer line is a paragraph pasted by mistake.
const maxQuestion = 500

// maxNumber bounds a question's number; numbers are the owner's to give,
// and three digits leave room for years of questions.
const maxNumber = 999

//go:embed bank/questions.txt
var defaultBankText string

// Question is one question of the bank as a message shows it.
type Question struct {
	N    int    // its number for good: Q3 is 3
	Text string // the question, on one line, for the contact at hand
}

// Bank is a loaded and checked question bank. It is immutable and safe
// for concurrent use.
type Bank struct {
	file  string
	items []bankItem // in the file's order
}

type bankItem struct {
	n, line int
	t       *template.Template
}

var bankLine = regexp.MustCompile(`^[Qq]?(\d+)\s*[:.)]\s*(.*)$`)

// ParseBank reads a question bank from text; file names it in problems
// ("questions.txt (built-in)" or a path). Every line is a comment (#…),
// empty, or "N: question", where N is a number from 1 to 999 (a leading
// Q is allowed: "Q3: …") given once, and the question a text/template for
// [Data] that executes, for the sample contact and for one whose optional
// fields are empty, to one line of at most 500 characters. Every problem
// is reported with its line; the bank is nil when there is any. An empty
// bank is allowed: the prep brief then offers no question.
func ParseBank(file, text string) (*Bank, []Problem) {
	ps := &problems{file: file}
	b := &Bank{file: file}
	seen := map[int]int{}
	for i, raw := range strings.Split(normalizeNewlines(text), "\n") {
		n := i + 1
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !utf8.ValidString(line) {
			ps.add(n, "not valid UTF-8: save the file as UTF-8")
			continue
		}
		m := bankLine.FindStringSubmatch(line)
		if m == nil {
			ps.add(n, "%q is not a question: write it as 12: What …, with a number of your choice that no other question has", shorten(line))
			continue
		}
		num, err := strconv.Atoi(m[1])
		if err != nil || num < 1 || num > maxNumber {
			ps.add(n, "Q%s: use a number from 1 to %d", shorten(m[1]), maxNumber)
			continue
		}
		if first, dup := seen[num]; dup {
			ps.add(n, "Q%d is given twice (first on line %d): give this question a number no other has", num, first)
			continue
		}
		seen[num] = n
		q := strings.TrimSpace(m[2])
		if q == "" {
			ps.add(n, "Q%d has no question after its number", num)
			continue
		}
		t, err := newTemplate(bankKey).Parse(strings.Repeat("\n", i) + q)
		if err != nil {
			ps.addErr(err, "")
			continue
		}
		before := len(ps.list)
		checkFields(ps, trees(t.Templates()))
		if len(ps.list) > before {
			continue
		}
		it := bankItem{n: num, line: n, t: t}
		for j, d := range []Data{Sample(), sparse("prep_brief")} {
			text, err := it.render(d)
			switch {
			case err != nil:
				_, msg := splitTemplateError(err)
				if strings.Contains(msg, "nil pointer evaluating") {
					msg += "; guard it with {{with}} or {{if}}"
				}
				if j == 1 {
					msg += sparseNote
				}
				ps.add(n, "Q%d: %s", num, msg)
			case text == "":
				ps.add(n, "Q%d comes out empty%s", num, map[bool]string{true: sparseNote}[j == 1])
			case utf8.RuneCountInString(text) > maxQuestion:
				ps.add(n, "Q%d is longer than %d characters: a question is a sentence or two", num, maxQuestion)
			}
			if len(ps.list) > before {
				break
			}
		}
		if len(ps.list) == before {
			b.items = append(b.items, it)
		}
	}
	if len(ps.list) > 0 {
		return nil, sortProblems(ps.list)
	}
	return b, nil
}

// render executes the question for d, on one line.
func (it bankItem) render(d Data) (string, error) {
	var sb strings.Builder
	if err := it.t.Execute(&sb, d); err != nil {
		return "", err
	}
	return strings.Join(strings.Fields(sb.String()), " "), nil
}

// File returns where the bank was read from, as problems name it.
func (b *Bank) File() string { return b.file }

// Len returns how many questions the bank holds.
func (b *Bank) Len() int {
	if b == nil {
		return 0
	}
	return len(b.items)
}

// Numbers returns the bank's numbers, in the file's order.
func (b *Bank) Numbers() []int {
	if b == nil {
		return nil
	}
	out := make([]int, len(b.items))
	for i, it := range b.items {
		out[i] = it.n
	}
	return out
}

// Questions returns every question, in the file's order, as it reads for
// d (its Contact). A question that fails for d, which the checks rule out
// for the data rapport builds, is left out rather than sent half written.
func (b *Bank) Questions(d Data) []Question {
	if b == nil {
		return nil
	}
	var out []Question
	for _, it := range b.items {
		if text, err := it.render(d); err == nil && text != "" {
			out = append(out, Question{N: it.n, Text: text})
		}
	}
	return out
}

// Question returns question number n as it reads for d; false when the
// bank has no such number.
func (b *Bank) Question(n int, d Data) (Question, bool) {
	if b == nil {
		return Question{}, false
	}
	for _, it := range b.items {
		if it.n == n {
			text, err := it.render(d)
			if err != nil || text == "" {
				return Question{}, false
			}
			return Question{N: n, Text: text}, true
		}
	}
	return Question{}, false
}

// Bank returns the set's question bank: the owner's questions.txt, or the
// built-in one.
func (s *Set) Bank() *Bank {
	if s == nil || s.bank == nil {
		return DefaultBank()
	}
	return s.bank
}

var defaultBank = sync.OnceValue(func() *Bank {
	b, ps := ParseBank(BankFile+" (built-in)", defaultBankText)
	if len(ps) > 0 {
		// The built-in bank is checked by the tests; failing here is a build bug.
		panic(fmt.Sprintf("templates: built-in question bank: %v", ps))
	}
	return b
})

// DefaultBank returns the built-in question bank.
func DefaultBank() *Bank { return defaultBank() }

// loadBank returns the bank Load uses: the owner's file when src holds it
// (ok), else the built-in one.
func loadBank(src source, ok bool) (*Bank, []Problem) {
	if !ok {
		return DefaultBank(), nil
	}
	return ParseBank(src.file, src.text)
}
