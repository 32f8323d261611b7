package command

import "testing"

// TestParseList reads the command the digest's "… and N more" links send,
// and refuses a list that does not exist or a contact it cannot take.
func TestParseList(t *testing.T) {
	o := opts(0)
	runCases(t, []parseCase{
		{name: "waiting", opts: o, body: "list waiting", want: []string{"1: list waiting"}},
		{name: "case and punctuation", opts: o, body: "List Replies.", want: []string{"1: list replies"}},
		{name: "thank-yous as the digest keys it", opts: o, body: "list thank_yous", want: []string{"1: list thank-yous"}},
		{name: "thank yous in two words", opts: o, body: "list thank yous", want: []string{"1: list thank-yous"}},
		{name: "drafts", opts: o, body: "list drafts", want: []string{"1: list drafts"}},
		{name: "in the subject, the body repeating it", opts: o, subject: "list waiting", body: "list waiting\n\n--\nSam",
			want: []string{"1: list waiting"}},
		{name: "a scope does not make it about one contact", opts: opts(12), body: "list waiting", want: []string{"1: list waiting"}},
		{name: "no list named", opts: o, body: "list", wantErrs: []string{"1: list which?"}},
		{name: "unknown list", opts: o, body: "list everyone", wantErrs: []string{"1: there is no list `everyone`"}},
		{name: "with an id", opts: o, body: "#12 list waiting", wantErrs: []string{"1: list is not about one contact: write it without the #id"}},
	})
}
