package command

import "testing"

// TestParseGood reads the good command in the forms the help and the
// debrief promise, and answers a wrong one precisely rather than not at
// all; a "good" line without a number is prose.
func TestParseGood(t *testing.T) {
	runCases(t, []parseCase{
		{name: "digest form", opts: opts(0), body: "#12 good 2 5", want: []string{"1: good #12 q=[2 5]"}},
		{name: "verb first", opts: opts(0), body: "good #12 2 5", want: []string{"1: good #12 q=[2 5]"}},
		{name: "commas and Q", opts: opts(0), body: "#12 good Q2, Q5, q9.", want: []string{"1: good #12 q=[2 5 9]"}},
		{name: "and, no spaces, repeats", opts: opts(0), body: "#12 good 2,5 and 5", want: []string{"1: good #12 q=[2 5]"}},
		{name: "questions word", opts: opts(0), body: "#12 good questions: 3", want: []string{"1: good #12 q=[3]"}},
		{name: "by name", opts: opts(0), body: "good Jane Doe 4", want: []string{"1: good Jane Doe q=[4]"}},
		{name: "by email", opts: opts(0), body: "good jane@acme.example 4 7", want: []string{"1: good jane@acme.example q=[4 7]"}},
		{name: "scoped reply", opts: opts(12), body: "good 2 5", want: []string{"1: good #12(scope) q=[2 5]"}},
		{name: "subject", opts: opts(0), subject: "#12 good 2", want: []string{"0: good #12 q=[2]"}},
		{name: "no number", opts: opts(0), body: "#12 good", wantErrs: []string{"1: good: which questions?"}, hint: "#12 good 2 5"},
		{name: "a word, not a number", opts: opts(0), body: "#12 good two", wantErrs: []string{"1: `two` is not a question number"}, hint: "#12 good 2 5"},
		{name: "zero", opts: opts(0), body: "#12 good 0 5", wantErrs: []string{"1: `0` is not a question number (they run from 1 to 999)"}},
		{name: "too big", opts: opts(0), body: "#12 good 1000", wantErrs: []string{"1: `1000` is not a question number (they run from 1 to 999)"}},
		{name: "no contact", opts: opts(0), body: "good 2 5", wantErrs: []string{"1: good: with whom? (the questions worked with a contact)"}},
		{name: "prose is no command", opts: opts(0), body: "Good call, thanks!\n\nSam"},
		{name: "prose among commands is an error", opts: opts(0), body: "#3 met\ngood to hear", want: []string{"1: met #3"},
			wantErrs: []string{"2: good: which questions?"}},
	})
}
