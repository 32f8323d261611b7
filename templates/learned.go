package templates

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxLearned bounds, in characters, the words [Learned] quotes: whole
// sentences up to it, never a sentence cut short.
const maxLearned = 300

// minLearnedWords is the fewest words [Learned] quotes: one or two words
// ("networking", "lots!") are a note to oneself, not words to send.
const minLearnedWords = 3

// Learned turns the owner's answer to the debrief's "What did you learn?"
// into words the thank-you may quote to the contact after "What stayed
// with me most: " (Data.Learned), or returns "" and why it cannot, to
// follow "your answer, which …": "is a word or two". An empty answer gives
// "" and "". It does no I/O.
//
// It takes the answer's first paragraph, without the lines that name
// someone (an address) or ask something (ending in "?"), list marks
// dropped, on one line, and of it the whole sentences that fit in 300
// characters. Brackets become parentheses (they would read as a
// placeholder), and a full stop ends it when no end mark does.
//
// The words go to the contact, so they must speak to them. A debrief
// mostly speaks of them ("he showed me how…"), which cannot be quoted as
// it is; one form is safe to turn, and is turned: a text that starts with
// he, she, they or the contact's first name, followed by a verb in the
// past tense or a modal ("showed", "told", "would"), or that starts with
// they followed by any verb, speaks to them with "you" instead ("you
// showed me how…"). Any other he, she, they, him, her, his, their… or the
// contact's name keeps the text out, as do fewer than three words and a
// first sentence longer than 300 characters. A first word that is common
// and no one's name ("Most", "The", "How") loses its capital, as the
// words follow a colon.
func Learned(answer string, contact Person) (text, why string) {
	words := firstParagraph(answer)
	if len(words) == 0 {
		return "", ""
	}
	if len(words) < minLearnedWords {
		return "", "is a word or two"
	}
	names := nameWords(contact)
	if lead, ok := addressed(words, names); ok {
		words = append([]string{lead}, words[1:]...)
	} else if lower := strings.ToLower(words[0]); slices.Contains(clauseStarts, strings.TrimFunc(lower, notLetter)) {
		words[0] = lower // after a colon: "What stayed with me most: most of…"
	}
	for _, w := range words[1:] {
		if thirdPerson(w, names) {
			return "", "speaks of them as he, she or they, or by name"
		}
	}
	if thirdPerson(words[0], names) {
		return "", "speaks of them as he, she or they, or by name"
	}
	text = sentences(strings.Join(words, " "), maxLearned)
	if text == "" {
		return "", "starts with a sentence too long to quote"
	}
	text = strings.NewReplacer("[", "(", "]", ")").Replace(text)
	return endSentence(text), ""
}

// firstParagraph returns the words of the answer's first paragraph, as
// Learned describes it.
func firstParagraph(answer string) []string {
	var words []string
	for _, line := range strings.Split(answer, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			if len(words) > 0 {
				break
			}
			continue
		}
		if strings.Contains(t, "@") || strings.HasSuffix(t, "?") {
			continue // a person, or the question itself
		}
		words = append(words, strings.Fields(strings.TrimLeft(t, "-*•> "))...)
	}
	return words
}

// nameWords are the words of the contact's name that would name them in
// the answer: the first name, and each word of the full name of two
// letters or more.
func nameWords(p Person) []string {
	var out []string
	for _, w := range append([]string{p.FirstName}, strings.Fields(p.Name)...) {
		w = strings.TrimFunc(w, notLetter)
		if utf8.RuneCountInString(w) >= 2 && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// clauseStarts are common first words that are no one's name, so that a
// capital is only the sentence's: Learned writes them in lower case
// after the template's colon. A name keeps its capital.
var clauseStarts = []string{"you", "your", "a", "an", "the", "most", "much", "many", "some", "all", "every",
	"each", "no", "not", "it", "its", "there", "this", "that", "these", "those", "how", "what", "why",
	"when", "where", "which", "one", "being", "having", "getting", "learning", "working"}

// thirdPersonWords speak of someone rather than to them.
var thirdPersonWords = []string{"he", "she", "him", "her", "his", "hers", "himself", "herself",
	"they", "them", "their", "theirs", "themselves", "themself"}

// thirdPerson reports whether the word w speaks of the contact: a
// pronoun of the third person (contractions included: "he's"), or a word
// of their name (possessive included: "Claire's"), compared as written.
func thirdPerson(w string, names []string) bool {
	base := stem(w)
	return slices.Contains(thirdPersonWords, strings.ToLower(base)) || slices.Contains(names, base)
}

// stem returns w without the punctuation around it and from its first
// apostrophe on: "he's" is "he", "Claire's" is "Claire".
func stem(w string) string {
	w = strings.TrimFunc(w, notLetter)
	if i := strings.IndexAny(w, "'’"); i > 0 {
		w = w[:i]
	}
	return w
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

// pastOrModal are the verbs after he or she that read the same after
// "you", besides the regular past tense in -ed.
var pastOrModal = []string{"told", "taught", "gave", "said", "made", "put", "took", "brought", "spoke",
	"thought", "felt", "knew", "saw", "found", "kept", "meant", "got", "drew", "wrote", "built", "sent",
	"spent", "led", "let", "set", "began", "became", "chose", "went", "did", "had",
	"would", "could", "should", "might", "must", "will", "can", "may"}

// addressed returns the first word turned to the contact ("you", or
// "you're" for "they're") when words start in the one form Learned turns.
func addressed(words, names []string) (string, bool) {
	if len(words) < 2 {
		return "", false
	}
	first := stem(words[0])
	lower, rest := strings.ToLower(first), strings.TrimPrefix(words[0], first)
	verb := strings.ToLower(strings.TrimFunc(words[1], notLetter))
	switch {
	case lower == "they" && (rest == "" || isContraction(rest)):
		return "you" + rest, true // they and you take the same verbs
	case rest != "":
		return "", false // "He," "he's", "Claire's"
	case lower != "he" && lower != "she" && !slices.Contains(names, first):
		return "", false
	case strings.HasSuffix(verb, "ed") && len(verb) > 3, slices.Contains(pastOrModal, verb):
		return "you", true
	}
	return "", false
}

// isContraction reports "'re", "’ve" and the like.
func isContraction(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	return (r == '\'' || r == '’') && len(s) > size && !strings.ContainsFunc(s[size:], notLetter)
}

// sentences returns the whole sentences at the start of s that fit in
// max characters; "" when the first does not. A sentence ends at ".",
// "!" or "?" followed by a space.
func sentences(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	end, n := 0, 0
	for i, r := range s {
		if n++; n > max {
			break
		}
		if (r == '.' || r == '!' || r == '?') && i+1 < len(s) && s[i+1] == ' ' {
			end = i + 1
		}
	}
	return s[:end]
}

// endSentence ends s with a full stop unless an end mark (perhaps inside
// closing quotes or brackets) already does.
func endSentence(s string) string {
	t := strings.TrimRight(s, `"'”’)`)
	if r, _ := utf8.DecodeLastRuneInString(t); strings.ContainsRune(".!?…", r) {
		return s
	}
	return s + "."
}
