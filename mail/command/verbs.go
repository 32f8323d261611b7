package command

import (
	"slices"
	"strings"

	"github.com/rapport-mail/rapport/internal/typo"
)

// verbNames maps what the owner may write to the verb it means.
var verbNames = map[string]Verb{
	"add": VerbAdd, "met": VerbMet, "scheduled": VerbScheduled, "schedule": VerbScheduled,
	"pause": VerbPause, "paused": VerbPause, "resume": VerbResume, "resumed": VerbResume,
	"drop": VerbDrop, "dropped": VerbDrop, "declined": VerbDeclined, "decline": VerbDeclined,
	"note": VerbNote, "status": VerbStatus, "help": VerbHelp, "snooze": VerbSnooze,
	"send": VerbSend, "skip": VerbSkip, "forget": VerbForget, "good": VerbGood, "list": VerbList,
	"tier": VerbTier, "go": VerbGoOn, "continue": VerbGoOn, "hold": VerbHold,
	"draft": VerbDraft,
}

// sortedNames holds the keys of verbNames in order, so that a tie between
// two suggestions always goes the same way.
var sortedNames = func() []string {
	var names []string
	for name := range verbNames {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}()

// LookupVerb returns the verb word names, aliases included ("dropped",
// "schedule"), ignoring case and trailing punctuation; false for a word
// that is no verb.
func LookupVerb(word string) (Verb, bool) {
	if len(word) > 20 {
		return "", false
	}
	v, ok := verbNames[strings.ToLower(trimPunct(word))]
	return v, ok
}

// verbList is the list every "unknown command" hint shows.
func verbList() string {
	names := make([]string, 0, len(Verbs()))
	for _, v := range Verbs() {
		names = append(names, string(v))
	}
	return "use one of " + strings.Join(names, ", ") + "; write help for examples"
}

// unknown returns the error for a line whose first word is no verb, with
// the verb it was probably meant to be.
func unknown(word string) (string, string) {
	word = strings.ToLower(trimPunct(word))
	msg := "unknown command " + quote(shorten(word, 30))
	if v := closestVerb(word); v != "" {
		return msg, "did you mean " + string(v) + "? " + verbList()
	}
	return msg, verbList()
}

// misspeltVerb reports whether word is a verb, or an alias, misspelt by one
// letter ("meet", "sheduled"). A line that starts so is an attempt at a
// command, worth an error; a line that starts with any other word may be
// prose. Words under four letters do not count: "let" and "get" are one
// letter from "met".
func misspeltVerb(word string) bool {
	w := strings.ToLower(trimPunct(word))
	if n := len([]rune(w)); n < 4 || n > 20 {
		return false
	}
	for _, name := range sortedNames {
		if typo.Distance(w, name) <= 1 {
			return true
		}
	}
	return false
}

// closestVerb returns the verb at most two edits from word (one for short
// words), or "".
func closestVerb(word string) Verb {
	n := len([]rune(word))
	if n < 3 || n > 20 {
		return ""
	}
	limit := 2
	if n < 5 {
		limit = 1
	}
	best, bestD := Verb(""), limit+1
	for _, name := range sortedNames {
		if d := typo.Distance(word, name); d < bestD {
			best, bestD = verbNames[name], d
		}
	}
	return best
}

// quote returns s in backquotes, the way receipts show what was written.
func quote(s string) string { return "`" + s + "`" }
