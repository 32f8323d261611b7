package command

import "testing"

// TestParseAddVia reads the contact who suggested the person added: the
// line a reply notice proposes, typed anywhere, and the mistakes around it.
func TestParseAddVia(t *testing.T) {
	o, scoped := opts(0), opts(9)
	runCases(t, []parseCase{
		{name: "the proposed line", opts: o, body: "add Maria López <maria@initech.example> via #9",
			want: []string{`1: add "Maria López" <maria@initech.example> via=#9`}},
		{name: "answering the notice, the #id still counts, not the scope", opts: scoped,
			body: "add Maria López <maria@initech.example> via #4",
			want: []string{`1: add "Maria López" <maria@initech.example> via=#4`}},
		{name: "upper case and a bare address", opts: o, body: "Add Maria López maria@initech.example VIA #9",
			want: []string{`1: add "Maria López" <maria@initech.example> via=#9`}},
		{name: "by the suggester's address", opts: o, body: "add Maria López <maria@initech.example> via jane@initech.example",
			want: []string{`1: add "Maria López" <maria@initech.example> via=jane@initech.example`}},
		{name: "then fields", opts: o, body: "add Maria López <maria@initech.example> via #9, role: Controls Lead",
			want: []string{`1: add "Maria López" <maria@initech.example> via=#9 role="Controls Lead"`}},
		{name: "in the subject", opts: o, subject: "add Maria López <maria@initech.example> via #9",
			want: []string{`0: add "Maria López" <maria@initech.example> via=#9`}},
		{name: "via within a note is text", opts: o, body: "add Maria López <maria@initech.example> note: came via #9",
			want: []string{`1: add "Maria López" <maria@initech.example> note="came via #9"`}},
		{name: "via alone", opts: o, body: "add Maria López <maria@initech.example> via",
			wantErrs: []string{"1: via whom?"}, hint: "via #9"},
		{name: "via then a key", opts: o, body: "add Maria López <maria@initech.example> via role: Lead",
			wantErrs: []string{"1: via whom?"}},
		{name: "via a name", opts: o, body: "add Maria López <maria@initech.example> via Jane",
			wantErrs: []string{"1: via takes the #id or the email address of a contact, not `Jane`"}},
		{name: "via a bad number", opts: o, body: "add Maria López <maria@initech.example> via #0",
			wantErrs: []string{"1: via: `#0` is not a contact's number"}},
		{name: "via a bad address", opts: o, body: "add Maria López <maria@initech.example> via jane@@x",
			wantErrs: []string{"1: via: `jane@@x` is not a plain email address (expected name@domain)"}},
		{name: "via twice", opts: o, body: "add Maria López <maria@initech.example> via #9 via #4",
			wantErrs: []string{"1: unexpected `via` after the address"}},
	})
}
