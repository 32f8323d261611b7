package main

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/rapport-mail/rapport/store"
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

// sqlOrder is the store's order for a --sort key that is a column of the
// contacts (sorted, and limited, by SQLite), and false for "next", which
// depends on the timers.
func sqlOrder(key string) (store.ListOrder, bool) {
	switch key {
	case "":
		return store.ByID, true
	case "name":
		return store.ByName, true // store.FoldName: "Zoë" sorts as "zoe"
	case "status":
		return store.ByStatus, true
	case "added":
		return store.ByAdded, true // newest first
	}
	return 0, false
}

// nextKey is what list --sort next keeps of a contact: its place in the
// order, and the widths of its table cells.
type nextKey struct {
	id     int64
	at     time.Time // the next action's time; zero for undated, which sort last
	widths cellWidths
}

func compareNext(x, y *nextKey) int {
	xz, yz := x.at.IsZero(), y.at.IsZero()
	if c := cmp.Compare(boolRank(xz), boolRank(yz)); c != 0 {
		return c
	}
	if !xz {
		if c := x.at.Compare(y.at); c != 0 {
			return c
		}
	}
	return cmp.Compare(x.id, y.id)
}

// orderByNext returns the contacts opts selects ordered by when their
// next action is due (undated last, ties by #id), the first limit of
// them when limit > 0. It reads every contact but keeps only a small key
// of each, and with a limit at most 2×limit keys.
func orderByNext(ctx context.Context, tx *store.Tx, opts store.ListOptions, limit int) ([]nextKey, error) {
	var keys []nextKey
	trim := func() {
		slices.SortFunc(keys, func(x, y nextKey) int { return compareNext(&x, &y) })
		if limit > 0 && len(keys) > limit {
			keys = keys[:limit]
		}
	}
	err := tx.EachContact(ctx, opts, func(c *store.Contact) error {
		keys = append(keys, nextKey{id: c.ID, at: c.State.Next().At, widths: widthsOf(c.ID, c.Name, c.Company, c.State.Status)})
		if limit > 0 && len(keys) >= 2*limit {
			trim()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	trim()
	return keys, nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}
