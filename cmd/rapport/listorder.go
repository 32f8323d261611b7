package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"

	"golang.org/x/text/unicode/norm"
)

// sortKeys are the orders list --sort knows.
var sortKeys = []string{"name", "status", "next", "added"}

// checkListOrder refuses a --sort or --limit that list cannot follow.
func checkListOrder(key string, limit int) error {
	if key != "" && !slices.Contains(sortKeys, key) {
		return usagef("--sort %q: use %s", key, orList(sortKeys))
	}
	if limit < 0 {
		return usagef("--limit %d: give a number of contacts, 1 or more", limit)
	}
	return nil
}

// orderContacts sorts list, which is in #id order, by key (see list's
// help) and keeps the first limit contacts (all when 0), saying on
// standard error how many were left out. Ties keep #id order.
func orderContacts(a *app, list []store.Contact, key string, limit int) []store.Contact {
	var by func(x, y *store.Contact) int
	switch key {
	case "name":
		folded := make(map[int64]string, len(list))
		for i := range list {
			folded[list[i].ID] = foldName(list[i].Name)
		}
		by = func(x, y *store.Contact) int { return strings.Compare(folded[x.ID], folded[y.ID]) }
	case "status":
		rank := map[workflow.Status]int{}
		for i, s := range workflow.Statuses() {
			rank[s] = i
		}
		by = func(x, y *store.Contact) int { return cmp.Compare(rank[x.State.Status], rank[y.State.Status]) }
	case "next":
		by = func(x, y *store.Contact) int {
			nx, ny := x.State.Next().At, y.State.Next().At
			if nx.IsZero() || ny.IsZero() {
				return cmp.Compare(boolRank(nx.IsZero()), boolRank(ny.IsZero())) // undated last
			}
			return nx.Compare(ny)
		}
	case "added":
		by = func(x, y *store.Contact) int { return y.CreatedAt.Compare(x.CreatedAt) } // newest first
	}
	if by != nil {
		slices.SortStableFunc(list, func(x, y store.Contact) int { return by(&x, &y) })
	}
	if limit > 0 && len(list) > limit {
		fmt.Fprintf(a.stderr, "showing %d of %d contacts (--limit %d)\n", limit, len(list), limit)
		list = list[:limit]
	}
	return list
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// foldName is name as it sorts: lower case, without accents, so that
// "Zoë Ångström" sorts as "zoe angstrom", after "Sam Lee" and before
// "Zora". A full collation (x/text/collate) would weigh a megabyte of
// tables for the same order in nearly every name.
func foldName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
