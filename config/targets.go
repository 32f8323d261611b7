package config

import (
	"strings"

	"github.com/rapport-mail/rapport/internal/orgname"
)

// Targets are the companies the owner most wants to reach, part of
// [Workflow] (workflow.target_companies).
type Targets struct {
	// TargetCompanies are company names in order of interest, first the
	// most wanted. The digest's "Next to ask" suggests, for each in turn,
	// whom to write to there next. Empty: it suggests from the companies
	// already asked and silent. Names compare as contacts' companies do:
	// case, spaces, accents and a trailing legal form aside ("Acme, Inc."
	// is "ACME").
	TargetCompanies []string `toml:"target_companies"`
}

// targets checks that every target company names one, once.
func (k *collector) targets() {
	const key = "workflow.target_companies"
	seen := map[string]string{} // orgname.Key → the name as first written
	for _, name := range k.c.Workflow.TargetCompanies {
		if strings.TrimSpace(name) == "" {
			k.add(key, `list company names in order of interest, e.g. ["Acme", "Globex"]`, "contains an empty name")
			continue
		}
		folded := orgname.Key(name)
		if folded == "" {
			k.add(key, `write the company's name, e.g. "Acme" for "Acme Inc."`, "%q is only a legal form", name)
			continue
		}
		if first, ok := seen[folded]; ok {
			k.add(key, "keep one of them, where it ranks in your interest",
				"%q and %q are the same company", first, name)
			continue
		}
		seen[folded] = name
	}
}
