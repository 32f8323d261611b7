package contacts

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
)

// goodMarks returns the questions marked this week, as "Q5 words (#ids)".
func (e *env) goodMarks() []string {
	e.t.Helper()
	good, err := e.st.Read().GoodQuestionsBetween(context.Background(), now.AddDate(0, 0, -7), now.Add(time.Hour))
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, g := range good {
		out = append(out, fmt.Sprintf("Q%d %s", g.N, g.Question))
	}
	return out
}

// The debrief's "Good questions" line marks those questions of the bank
// with the contact, in the words the bank gives them for this contact;
// numbers the bank lacks and words that are no number get an answer on
// the receipt, not silence.
func TestDebriefGoodQuestions(t *testing.T) {
	tests := []struct {
		name      string
		line      string
		wantMarks []string
		wantLines []string // on the receipt, in order
	}{
		{"two", "Good questions: 2, 5", []string{"Q2 What does a typical day or week look like for you?",
			"Q5 What salary range can someone new to this work expect?"},
			[]string{"✓ #1 Jane Doe: good questions this week: Q2, Q5"}},
		{"list mark and Q", "- good questions Q9 and q1.", []string{"Q1 How did you get started? What was your path to where you are now?",
			"Q9 Who else should I talk to? May I mention your name when I write to them?"},
			[]string{"✓ #1 Jane Doe: good questions this week: Q9, Q1"}},
		{"none", "Good questions: none", nil, nil},
		{"numbers the bank lacks", "Good questions: 2, 12, 40", []string{"Q2 What does a typical day or week look like for you?"},
			[]string{"✓ #1 Jane Doe: good questions this week: Q2",
				"✗ #1 Jane Doe: Q12, Q40 are not in your question bank, so rapport did not mark them\n    try: your prep brief numbers its questions Q1 to Q9; write #1 good 2 5 with their numbers"}},
		{"a word", "Good questions: the salary one", nil,
			[]string{`✗ #1 Jane Doe: "the salary one" in your Good questions line are no question number, so rapport did not mark them`}},
		{"a number and a word", "Good questions: 3, six", []string{"Q3 What do you find most rewarding about the work?"},
			[]string{"✓ #1 Jane Doe: good questions this week: Q3", `✗ #1 Jane Doe: "six" in your Good questions line is no question number`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, config.SendApprove)
			jane := e.met("Jane Doe", "jane@acme.example")
			got := lines(e.debrief(jane.ID, "It went well.\n\nI learned that planning takes years.\n\n"+tt.line+"\n"))
			if marks := e.goodMarks(); !slices.Equal(marks, tt.wantMarks) {
				t.Errorf("marks = %q, want %q", marks, tt.wantMarks)
			}
			for _, want := range tt.wantLines {
				if !strings.Contains(got, want) {
					t.Errorf("receipt lacks %q:\n%s", want, got)
				}
			}
			if tt.wantLines == nil && strings.Contains(got, "question") {
				t.Errorf("receipt speaks of questions:\n%s", got)
			}
		})
	}
}

// What the owner learned is kept for the weekly look back, in their words,
// without the Good questions line or the people they name.
func TestDebriefKeepsLearned(t *testing.T) {
	e := setup(t, config.SendApprove)
	jane := e.met("Jane Doe", "jane@acme.example")
	text := "> - What did you learn?\nPlanning a tram line takes\nten years of consultation.\n" +
		"Good questions: 3\n\n> - Who did Jane suggest you talk to?\nAna Ruiz <ana@initech.example>\n"
	e.debrief(jane.ID, text)
	got, _, err := e.st.Read().LearnedBetween(context.Background(), now.Add(-time.Hour), now.Add(time.Hour), 10)
	if err != nil || len(got) != 1 || got[0].ContactID != jane.ID || got[0].Text != "Planning a tram line takes ten years of consultation." {
		t.Errorf("learned = %+v, %v; want Jane's one line", got, err)
	}
}

// The mail command marks questions later, each once a week; the week and
// the words of the question are kept as they were when marked.
func TestGoodCommand(t *testing.T) {
	e := setup(t, config.SendApprove)
	jane := e.met("Jane Doe", "jane@acme.example")
	got := lines(e.commands("", "#1 good 2 5", 0))
	if !strings.Contains(got, "✓ #1 Jane Doe: good questions this week: Q2, Q5") {
		t.Errorf("receipt:\n%s", got)
	}
	got = lines(e.commands("", "#1 good 5 7", 0))
	if !strings.Contains(got, "✓ #1 Jane Doe: good questions this week: Q7, Q5 (Q5 marked already)") {
		t.Errorf("receipt of a second mark:\n%s", got)
	}
	got = lines(e.commands("", "#1 good 99", 0))
	if !strings.Contains(got, "✗ #1 Jane Doe: Q99 is not in your question bank, so rapport did not mark it") {
		t.Errorf("receipt of a number the bank lacks:\n%s", got)
	}
	if marks := e.goodMarks(); len(marks) != 3 || jane.ID != 1 {
		t.Errorf("marks = %q, want Q5, Q2 and Q7", marks)
	}
}

// A question's week is the Monday of the day it was marked, in the
// owner's zone.
func TestWeekOf(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*60*60)
	tests := []struct {
		at   time.Time
		zone *time.Location
		want string
	}{
		{time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC), time.UTC, "2026-11-30"},  // a Wednesday
		{time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), time.UTC, "2026-11-30"},  // the Monday itself
		{time.Date(2026, 12, 6, 23, 59, 0, 0, time.UTC), time.UTC, "2026-11-30"}, // the Sunday
		{time.Date(2026, 12, 6, 20, 0, 0, 0, time.UTC), tokyo, "2026-12-07"},     // already Monday in Tokyo
	}
	for _, tt := range tests {
		if got := weekOf(tt.at, tt.zone); got != tt.want {
			t.Errorf("weekOf(%v in %v) = %s, want %s", tt.at, tt.zone, got, tt.want)
		}
	}
}
