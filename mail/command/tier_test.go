package command

import (
	"strings"
	"testing"
)

func TestParseTier(t *testing.T) {
	o, scoped := opts(0), opts(12)
	runCases(t, []parseCase{
		{name: "id first, as the digest writes it", opts: o, body: "#12 tier A", want: []string{"1: tier #12 tier=A"}},
		{name: "lower case", opts: o, body: "#12 tier b", want: []string{"1: tier #12 tier=B"}},
		{name: "none removes it", opts: o, body: "#12 tier none", want: []string{"1: tier #12 tier=none"}},
		{name: "id after the verb", opts: o, body: "tier #7 C.", want: []string{"1: tier #7 tier=C"}},
		{name: "by name", opts: o, body: "tier Jane Doe D", want: []string{"1: tier Jane Doe tier=D"}},
		{name: "by address", opts: o, body: "tier jane@acme.example A", want: []string{"1: tier jane@acme.example tier=A"}},
		{name: "in the subject", opts: o, subject: "Re: #12 tier A", want: []string{"0: tier #12 tier=A"}},
		{name: "a reply to a notice is about its contact", opts: scoped, body: "tier B", want: []string{"1: tier #12(scope) tier=B"}},
		{name: "an unknown tier", opts: o, body: "#12 tier E",
			wantErrs: []string{"1: `E` is not a tier"}, hint: "#12 tier A"},
		{name: "no tier given", opts: o, body: "#12 tier",
			wantErrs: []string{"1: which tier?"}, hint: "tier none"},
		{name: "a tier and no contact", opts: o, body: "tier A",
			wantErrs: []string{"1: tier whom?"}, hint: "#12 tier A"},
		{name: "prose that starts with tier is left alone", opts: o, body: "Tier one suppliers were the topic.\n\nBest, Alex"},
	})
}

func TestHelpNamesTier(t *testing.T) {
	if got := Help(); !strings.Contains(got, "tier #12 A") || !strings.Contains(got, "tier #12 none") {
		t.Errorf("Help() does not show the tier command:\n%s", got)
	}
}
