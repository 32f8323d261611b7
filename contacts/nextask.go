package contacts

import (
	"cmp"
	"slices"
	"strings"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// warmTags are the tags that make a contact warm for the 3B7 routine: the
// owner shares something with them, so they are likelier to answer.
var warmTags = []string{"alumni", "warm"}

// Warm reports whether c is a warm contact: introduced by another contact,
// or tagged "alumni" or "warm" (in any case).
func Warm(c store.Contact) bool {
	if c.IntroducedBy != 0 {
		return true
	}
	return slices.ContainsFunc(c.Tags, func(t string) bool {
		return slices.Contains(warmTags, strings.ToLower(strings.TrimSpace(t)))
	})
}

// ByOrganisation groups people by [Organisation], in their order; people
// with no organisation (a webmail address and no company) are left out,
// since nobody can be said to work with them.
func ByOrganisation(people []store.Contact) map[string][]store.Contact {
	groups := map[string][]store.Contact{}
	for _, c := range people {
		if org := Organisation(c.Company, c.Email); org != "" {
			groups[org] = append(groups[org], c)
		}
	}
	return groups
}

// NextToAsk returns the person among colleagues (contacts of one
// organisation) to ask next under the 3B7 routine: one not asked yet
// (status new) with an address to write to, warm ones first (see
// [Warm]), then the one added first (the lowest ID, which does not
// change between two looks, so the digest and the timer name the same
// person). It returns false when nobody is left to ask.
func NextToAsk(colleagues []store.Contact) (store.Contact, bool) {
	var best store.Contact
	found := false
	for _, c := range colleagues {
		if c.State.Status != workflow.StatusNew || c.Email == "" {
			continue
		}
		if !found || before(c, best) {
			best, found = c, true
		}
	}
	return best, found
}

// before orders candidates: warm first, then by ID.
func before(a, b store.Contact) bool {
	if wa, wb := Warm(a), Warm(b); wa != wb {
		return wa
	}
	return cmp.Less(a.ID, b.ID)
}
