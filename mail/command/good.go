package command

import (
	"strconv"
	"strings"
)

// goodHint is the hint of every error about a good command.
const goodHint = "write the numbers the prep brief gives the questions, as in #12 good 2 5"

// maxQuestions bounds the numbers one good command takes.
const maxQuestions = 50

// parseGood reads what follows "good": the question numbers at the end
// ("2 5", "Q2, Q5", "2 and 5"), after an optional "questions", and the
// contact before them, if any, as the other verbs read it.
func parseGood(who *Who, args []string, opts Options) (Command, *lineError) {
	c := Command{Verb: VerbGood}
	if len(args) > 0 {
		if w := strings.ToLower(trimPunct(args[0])); w == "questions" || w == "question" || w == "q" {
			args = args[1:] // "good questions: 2, 5"
		}
	}
	// The numbers run from the end back to the first word that is none.
	start := len(args)
	for start > 0 && (isQuestionNumber(args[start-1]) || isJoiner(args[start-1])) {
		start--
	}
	seen := map[int]bool{}
	for _, a := range args[start:] {
		for _, part := range strings.FieldsFunc(a, func(r rune) bool { return r == ',' || r == ';' || r == '/' || r == '&' }) {
			if isJoiner(part) {
				continue
			}
			n, msg := questionNumber(part)
			if msg != "" {
				return c, &lineError{msg, goodHint}
			}
			if !seen[n] {
				seen[n] = true
				c.Questions = append(c.Questions, n)
			}
		}
	}
	if len(c.Questions) == 0 {
		if start > 0 {
			return c, &lineError{quote(shorten(strings.Join(args[start-1:], " "), 40)) + " is not a question number", goodHint}
		}
		return c, &lineError{"good: which questions?", goodHint}
	}
	if len(c.Questions) > maxQuestions {
		return c, &lineError{"more than " + strconv.Itoa(maxQuestions) + " questions in one line", "mark the questions that worked best"}
	}
	rest := args[:start]
	if who == nil && len(rest) > 0 {
		if id, ok, msg := parseID(rest[0]); ok {
			if msg != "" {
				return c, &lineError{msg, goodHint}
			}
			who, rest = &Who{ID: id}, rest[1:] // "good #12 2 5"
		}
	}
	w, msg := resolveWho(VerbGood, who, rest, opts)
	if msg != "" {
		if strings.HasSuffix(msg, "whom?") {
			msg = "good: with whom? (the questions worked with a contact)"
		}
		return c, &lineError{msg, goodHint}
	}
	c.Who = w
	return c, nil
}

// isJoiner reports the words that join numbers: "2 and 5".
func isJoiner(w string) bool {
	switch strings.ToLower(trimPunct(w)) {
	case "and", "&", "+":
		return true
	}
	return false
}

// isQuestionNumber reports whether w is written as question numbers:
// "2", "Q5,", "2,5".
func isQuestionNumber(w string) bool {
	w = strings.Trim(w, ".,;:!?/&")
	if w == "" {
		return false
	}
	for _, part := range strings.FieldsFunc(w, func(r rune) bool { return r == ',' || r == ';' || r == '/' || r == '&' }) {
		p := strings.TrimPrefix(strings.TrimPrefix(trimPunct(part), "Q"), "q")
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

// questionNumber reads one number: "5", "Q5", "q5.".
func questionNumber(s string) (int, string) {
	p := strings.TrimPrefix(strings.TrimPrefix(trimPunct(s), "Q"), "q")
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 999 {
		return 0, quote(shorten(s, 20)) + " is not a question number (they run from 1 to 999)"
	}
	return n, ""
}

// hasDigit reports whether any word holds a digit: a good line without
// one ("Good call, thanks") is prose, not a command.
func hasDigit(words []string) bool {
	for _, w := range words {
		if strings.ContainsAny(w, "0123456789") {
			return true
		}
	}
	return false
}
