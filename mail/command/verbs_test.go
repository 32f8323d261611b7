package command

import "testing"

// TestParseVerbs reads every verb, in the body, in the forms the help
// text promises.
func TestParseVerbs(t *testing.T) {
	o := opts(0)
	runCases(t, []parseCase{
		{name: "add with angle brackets and fields", opts: o,
			body: "add Ana Ruiz <ana@initech.example> company: Initech role: Controls Engineer field: robotics tz: europe/berlin source: fair note: met at the fair, ask about: robots",
			want: []string{`1: add "Ana Ruiz" <ana@initech.example> company="Initech" field="robotics" note="met at the fair, ask about: robots" role="Controls Engineer" source="fair" tz="Europe/Berlin"`}},
		{name: "add bare address", opts: o, body: "add Zoë Ångström zoe@acme.example",
			want: []string{`1: add "Zoë Ångström" <zoe@acme.example>`}},
		{name: "add keys with commas, upper case", opts: o, body: "Add Ana Ruiz <ana@initech.example>, Company: Initech, Role:Engineer",
			want: []string{`1: add "Ana Ruiz" <ana@initech.example> company="Initech" role="Engineer"`}},
		{name: "add keeps a value's URL", opts: o, body: "add Ana Ruiz <ana@x.example> source: https://example.com/ana",
			want: []string{`1: add "Ana Ruiz" <ana@x.example> source="https://example.com/ana"`}},
		{name: "met by name", opts: o, body: "met Jane Doe", want: []string{"1: met Jane Doe"}},
		{name: "met with", opts: o, body: "met with Jane Doe.", want: []string{"1: met Jane Doe"}},
		{name: "met by email", opts: o, body: "met <jane@acme.example>", want: []string{"1: met jane@acme.example"}},
		{name: "met by id", opts: o, body: "met #12", want: []string{"1: met #12"}},
		{name: "scheduled", opts: o, body: "scheduled Jane Doe 2026-12-03 15:00",
			want: []string{"1: scheduled Jane Doe at=2026-12-03T15:00+01:00 Europe/Berlin"}},
		{name: "scheduled in a zone", opts: o, body: "scheduled #3 2026-12-03T15:00 America/New_York",
			want: []string{"1: scheduled #3 at=2026-12-03T15:00-05:00 America/New_York"}},
		{name: "schedule alias", opts: o, body: "schedule jane 3 Dec 2026 at 3pm",
			want: []string{"1: scheduled jane at=2026-12-03T15:00+01:00 Europe/Berlin"}},
		{name: "pause", opts: o, body: "pause jane", want: []string{"1: pause jane"}},
		{name: "pause until", opts: o, body: "pause Jane Doe until 2027-01-10",
			want: []string{"1: pause Jane Doe until=2027-01-10T00:00+01:00"}},
		{name: "pause until named date", opts: o, body: "pause #7 until 10 Jan 2027",
			want: []string{"1: pause #7 until=2027-01-10T00:00+01:00"}},
		{name: "resume", opts: o, body: "resume #7", want: []string{"1: resume #7"}},
		{name: "drop", opts: o, body: "drop jane@acme.example", want: []string{"1: drop jane@acme.example"}},
		{name: "dropped alias", opts: o, body: "dropped #7", want: []string{"1: drop #7"}},
		{name: "declined", opts: o, body: "declined Jane", want: []string{"1: declined Jane"}},
		{name: "note by id", opts: o, body: "note #12 Suggested I talk to her colleague. Really!",
			want: []string{`1: note #12 text="Suggested I talk to her colleague. Really!"`}},
		{name: "note by email", opts: o, body: "note jane@acme.example likes robots",
			want: []string{`1: note jane@acme.example text="likes robots"`}},
		{name: "note by name and colon", opts: o, body: "note Jane Doe: knows Ana at 10:30",
			want: []string{`1: note Jane Doe text="knows Ana at 10:30"`}},
		{name: "status of everyone", opts: o, body: "status", want: []string{"1: status"}},
		{name: "status of one", opts: o, body: "status jane", want: []string{"1: status jane"}},
		{name: "help", opts: o, body: "help", want: []string{"1: help"}},
		{name: "help with words", opts: o, body: "help me please", want: []string{"1: help"}},
		{name: "snooze", opts: o, body: "snooze jane 5d", want: []string{"1: snooze jane for=120h0m0s"}},
		{name: "snooze in words", opts: o, body: "snooze Jane Doe 2 weeks", want: []string{"1: snooze Jane Doe for=336h0m0s"}},
		{name: "send", opts: o, body: "send #3", want: []string{"1: send #3"}},
		{name: "skip", opts: o, body: "skip #4", want: []string{"1: skip #4"}},
	})
}

// TestParseIDFirst reads the digest's reply form, the #id before the verb.
func TestParseIDFirst(t *testing.T) {
	o := opts(0)
	runCases(t, []parseCase{
		{name: "met", opts: o, body: "#12 met", want: []string{"1: met #12"}},
		{name: "drop", opts: o, body: "#7 drop", want: []string{"1: drop #7"}},
		{name: "snooze", opts: o, body: "#9 snooze 5d", want: []string{"1: snooze #9 for=120h0m0s"}},
		{name: "snooze hours", opts: o, body: "#9 snooze 36h", want: []string{"1: snooze #9 for=36h0m0s"}},
		{name: "send", opts: o, body: "#3 send", want: []string{"1: send #3"}},
		{name: "skip", opts: o, body: "#4 skip", want: []string{"1: skip #4"}},
		{name: "note", opts: o, body: "#15 note Loves robots.", want: []string{`1: note #15 text="Loves robots."`}},
		{name: "scheduled", opts: o, body: "#3 scheduled tomorrow 10:00",
			want: []string{"1: scheduled #3 at=2026-11-24T10:00+01:00 Europe/Berlin"}},
		{name: "pause until", opts: o, body: "#7 pause until 2027-01-10",
			want: []string{"1: pause #7 until=2027-01-10T00:00+01:00"}},
		{name: "status", opts: o, body: "#12 status", want: []string{"1: status #12"}},
		{name: "the scope does not override the id", opts: opts(5), body: "#12 met", want: []string{"1: met #12"}},
		{name: "id with colon", opts: o, body: "#12: met", want: []string{"1: met #12"}},
		{name: "id alone", opts: o, body: "#12",
			wantErrs: []string{"1: what about #12?"}, hint: "#12 met"},
		{name: "id and unknown verb", opts: o, body: "#12 meet",
			wantErrs: []string{"1: unknown command `meet`"}, hint: "did you mean met?"},
		{name: "id then more words", opts: o, body: "#12 met jane",
			wantErrs: []string{"1: met takes nothing more after the number: `jane`"}},
		{name: "id with add", opts: o, body: "#12 add Ana <ana@x.example>",
			wantErrs: []string{"1: add is not about one contact: write it without the #id"}},
		{name: "id zero", opts: o, body: "#0 met",
			wantErrs: []string{"1: `#0` is not a contact's number"}},
		{name: "id too large", opts: o, body: "#99999999999999999999 met",
			wantErrs: []string{"1: `#99999999999999999999` is not a contact's number"}},
		{name: "hashtag is no id", opts: o, body: "#thanks"},
	})
}
