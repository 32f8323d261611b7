package contacts

import (
	"slices"
	"strings"

	"github.com/rapport-mail/rapport/internal/orgname"
	"github.com/rapport-mail/rapport/store"
)

// AtTarget reports whether c works at the company named target, one of
// the owner's target companies (workflow.target_companies). A contact
// whose company is typed works there when the two names are one company
// (orgname.Key: case, spaces, accents and a trailing legal form aside:
// "ACME Inc." is at "Acme"). A contact without a company works there
// when the first label of their address's registrable domain is the
// target's name run together ("Acme Labs" at acmelabs.com or
// acme-labs.co.uk), or when the target is written as that domain
// ("Booking.com"). A webmail address says nothing, so it never matches.
func AtTarget(target string, c store.Contact) bool {
	return NewTargets([]string{target}).Match(c.Company, c.Email) == 0
}

// Targets tells which of the owner's target companies a contact works
// at, by the rule of [AtTarget]. It remembers what it worked out for
// each company name and each domain, so that matching a whole address
// book costs a map look-up per contact once the names repeat. It is not
// safe for concurrent use.
type Targets struct {
	keys     []string // orgname.Key of each target; "" never matches
	compacts []string // orgname.Compact of each target
	company  map[string]int
	domain   map[string]int
}

// NewTargets returns the matcher of names, in order of interest.
func NewTargets(names []string) *Targets {
	t := &Targets{company: map[string]int{}, domain: map[string]int{}}
	for _, n := range names {
		t.keys = append(t.keys, orgname.Key(n))
		t.compacts = append(t.compacts, orgname.Compact(n))
	}
	return t
}

// Match returns the index in the names given to NewTargets of the first
// target company a contact with this company and address works at, or -1
// for none.
func (t *Targets) Match(company, email string) int {
	if strings.TrimSpace(company) != "" {
		if i, ok := t.company[company]; ok {
			return i
		}
		if key := orgname.Key(company); key != "" {
			i := t.byKey(key)
			t.company[company] = i
			return i
		}
		// Nothing but a legal form was typed: as for no company, the
		// address tells (as contacts.Organisation does).
	}
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return -1
	}
	host := strings.ToLower(email[at+1:])
	if i, ok := t.domain[host]; ok {
		return i
	}
	i := t.byDomain(domainKey(email))
	t.domain[host] = i
	return i
}

func (t *Targets) byKey(key string) int {
	for i, k := range t.keys {
		if k != "" && k == key {
			return i
		}
	}
	return -1
}

// byDomain matches a registrable domain ("acme-labs.co.uk"), "" for
// webmail or none.
func (t *Targets) byDomain(reg string) int {
	if reg == "" {
		return -1
	}
	label, _, _ := strings.Cut(reg, ".")
	label = strings.ReplaceAll(label, "-", "")
	for i := range t.keys {
		if t.keys[i] == "" {
			continue
		}
		if t.compacts[i] == label || t.keys[i] == reg {
			return i
		}
	}
	return -1
}

// WarmTag returns the tag that makes c warm (see [Warm]) as c carries
// it, for saying why; "" when no tag does.
func WarmTag(c store.Contact) string {
	for _, t := range c.Tags {
		if slices.Contains(warmTags, strings.ToLower(strings.TrimSpace(t))) {
			return strings.TrimSpace(t)
		}
	}
	return ""
}
