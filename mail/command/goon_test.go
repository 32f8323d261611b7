package command

import "testing"

func TestParseGoOnAndHold(t *testing.T) {
	o, scoped := opts(0), opts(12)
	runCases(t, []parseCase{
		{name: "id first, as the notice writes it", opts: o, body: "#9 go on", want: []string{"1: go on #9"}},
		{name: "hold, id first", opts: o, body: "#9 hold", want: []string{"1: hold #9"}},
		{name: "id after the verb", opts: o, body: "go on #9.", want: []string{"1: go on #9"}},
		{name: "continue means go on", opts: o, body: "#9 continue", want: []string{"1: go on #9"}},
		{name: "by name", opts: o, body: "hold Ana Ruiz", want: []string{"1: hold Ana Ruiz"}},
		{name: "by address", opts: o, body: "go on ana@acme.example", want: []string{"1: go on ana@acme.example"}},
		{name: "in the subject", opts: o, subject: "Re: #9 go on", want: []string{"0: go on #9"}},
		{name: "a reply to a notice is about its contact", opts: scoped, body: "hold", want: []string{"1: hold #12(scope)"}},
		{name: "go on with nobody named", opts: o, body: "#9 go on\ngo on",
			want: []string{"1: go on #9"}, wantErrs: []string{"2: go on whom?"}},
		{name: "prose: go ahead", opts: o, body: "Go ahead and send it.\n\nThanks"},
		{name: "prose: hold on", opts: o, body: "Hold on, I will check with her first.\n\nSam"},
		{name: "prose: go on holiday", opts: o, body: "go on holiday next week"},
		{name: "draft, id first, as the digest writes it", opts: o, body: "#12 draft", want: []string{"1: draft #12"}},
		{name: "draft by name", opts: o, body: "draft Jane Doe", want: []string{"1: draft Jane Doe"}},
		{name: "prose: draft attached", opts: o, body: "Draft attached, tell me what you think.\n\nSam"},
		{name: "prose after draft, beside a command, gets the draft hint", opts: o, body: "#12 draft\nDraft attached.",
			want: []string{"1: draft #12"}, wantErrs: []string{"2: draft whom?"}, hint: "#12 draft to write the request"},
	})
}
