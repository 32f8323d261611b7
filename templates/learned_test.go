package templates

import "testing"

func TestLearned(t *testing.T) {
	tomas := Person{Name: "Tomás Herrera", FirstName: "Tomás"}
	tests := []struct {
		name, answer, want string
		refused            bool // "" with a reason
	}{
		{"no answer", "", "", false},
		{"one word", "Networking", "", true},
		{"two words", "Lots, really!", "", true},
		{"a full sentence is quoted as written", "Research shapes every screen of the transit app.",
			"Research shapes every screen of the transit app.", false},
		{"a common first word loses its capital", "Most of the job is listening.",
			"most of the job is listening.", false},
		{"a name keeps its capital", "Grand Lyon plans tram lines ten years ahead.",
			"Grand Lyon plans tram lines ten years ahead.", false},
		{"a clause gets its full stop", "how much of planning is listening",
			"how much of planning is listening.", false},
		{"he and a past verb speak to them", "he showed me how research shapes every screen",
			"you showed me how research shapes every screen.", false},
		{"she and a modal", "She would start with a small case study, not a course.",
			"you would start with a small case study, not a course.", false},
		{"their first name and a past verb", "Tomás told me to learn GIS first.",
			"you told me to learn GIS first.", false},
		{"they and any verb", "They think most of the job is negotiation.",
			"you think most of the job is negotiation.", false},
		{"they're", "They're hiring juniors who can read a budget.",
			"you're hiring juniors who can read a budget.", false},
		{"you stays you, after a colon", "You made the budget side sound less scary.",
			"you made the budget side sound less scary.", false},
		{"he and a present verb would read wrong", "he thinks I should learn GIS", "", true},
		{"a pronoun later on", "The consultation taught me that she listens first.", "", true},
		{"their name later on", "The way Tomás runs meetings is worth copying.", "", true},
		{"a possessive of their name", "Tomás's team tests every screen weekly.", "", true},
		{"he, and his later", "He showed me his sketches for the new line.", "", true},
		{"their in general counts too", "Planners spend their days in meetings.", "", true},
		{"the people and the question are left out",
			"What did you learn?\n- Budgets drive every decision\n- Ana Ruiz <ana@example.org>\n\nNext: write to Ana.",
			"Budgets drive every decision.", false},
		{"an I stays", "I need a portfolio before anything else.", "I need a portfolio before anything else.", false},
		{"brackets would read as a placeholder", "The plan [draft 3] changes every month.",
			"the plan (draft 3) changes every month.", false},
		{"whole sentences up to the limit",
			"Budgets come first. " + repeat("Every decision waits for the numbers, ", 10) + "and then some.",
			"Budgets come first.", false},
		{"a first sentence too long to quote", repeat("Every decision waits for the numbers, ", 10) + "and then some.", "", true},
		{"an end mark inside quotes stays", `I will not forget "listen first!"`, `I will not forget "listen first!"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := Learned(tt.answer, tomas)
			if got != tt.want || (why != "") != tt.refused {
				t.Errorf("Learned(%q) = %q, %q; want %q, refused %v", tt.answer, got, why, tt.want, tt.refused)
			}
		})
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}
