package templates

import (
	"slices"
	"strings"
)

// secondPersonWords would speak to the reader, who in a report back is
// the introducer, not the person the owner met.
var secondPersonWords = []string{"you", "your", "yours", "yourself", "yourselves"}

// LearnedAbout turns the owner's answer to the debrief's "What did you
// learn?" about the person they met into words a report back may quote to whoever
// introduced them, after "What stayed with me most: " (Data.Learned in
// report_back), or returns "" and why it cannot, to follow "your answer,
// which …". An empty answer gives "" and "". It does no I/O.
//
// It reads the answer as [Learned] does (the first paragraph, lines that
// name someone or ask something left out, whole sentences up to 300
// characters, brackets made parentheses, a full stop at the end). Unlike
// the thank-you, the note is not to the person met: words about them as he, she,
// they or by name read as they are, since the note has just named them,
// and only "you" (which would speak to the introducer) keeps the words
// out. A first he, she, they or common word loses its capital after the
// colon; a name keeps it.
func LearnedAbout(answer string) (text, why string) {
	words := firstParagraph(answer)
	if len(words) == 0 {
		return "", ""
	}
	if len(words) < minLearnedWords {
		return "", "is a word or two"
	}
	for _, w := range words {
		if slices.Contains(secondPersonWords, strings.ToLower(stem(w))) {
			return "", "speaks to someone as you"
		}
	}
	first := strings.ToLower(stem(words[0]))
	if slices.Contains(clauseStarts, first) || slices.Contains(thirdPersonWords, first) {
		words[0] = strings.ToLower(words[0])
	}
	text = sentences(strings.Join(words, " "), maxLearned)
	if text == "" {
		return "", "starts with a sentence too long to quote"
	}
	text = strings.NewReplacer("[", "(", "]", ")").Replace(text)
	return endSentence(text), ""
}
