package digest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// Weekly says which digest looks back on the week (templates.DigestWeek).
type Weekly struct {
	Day time.Weekday // the owner's chosen day (config digest.weekly_day)
	On  bool         // false: no look back, unless Always
	// Always looks back whatever the day: "rapport digest --week".
	Always bool
}

// due reports whether the digest of day looks back on the week.
func (w Weekly) due(day time.Time) bool {
	return w.Always || (w.On && day.Weekday() == w.Day)
}

// Bounds of the referral tree, so that a big database costs a bounded
// read and a digest that stays short.
const (
	maxTreeNodes = 2000 // contacts of the tree read
	maxTreeLines = 30   // lines the digest shows
	maxTreeDepth = 8    // deeper contacts are shown at this depth
	maxNames     = 5    // people named after a good question
)

// week reads the look back on the seven days before opts.Now, or nil when
// the digest's day is not the chosen one.
func (b *builder) week(ctx context.Context) (*templates.DigestWeek, error) {
	if !b.o.Weekly.due(b.day) {
		return nil, nil
	}
	to := b.o.Now
	from := to.AddDate(0, 0, -7)
	w := &templates.DigestWeek{From: from.In(b.o.Zone), To: to.In(b.o.Zone)}

	learned, total, err := b.tx.LearnedBetween(ctx, from, to, b.o.Max)
	if err != nil {
		return nil, err
	}
	var items []templates.DigestItem
	for _, l := range learned {
		if err := b.contacts(ctx, []int64{l.ContactID}); err != nil {
			return nil, err
		}
		items = append(items, item(b.contact(l.ContactID), l.Text))
	}
	w.Learned = b.capped("learned", "What you learned", items, total)

	met, total, err := b.tx.ReachedBetween(ctx, workflow.StatusMet, from, to, b.o.Max)
	if err != nil {
		return nil, err
	}
	items = nil
	for _, e := range met {
		if err := b.contacts(ctx, []int64{e.ContactID}); err != nil {
			return nil, err
		}
		items = append(items, item(b.contact(e.ContactID), "met "+b.date(e.At)))
	}
	w.Met = b.capped("met", "People you met", items, total)

	gained, err := b.gained(ctx, from, to)
	if err != nil {
		return nil, err
	}
	items = nil
	for _, r := range gained {
		by := b.contact(r.by)
		items = append(items, item(b.contact(r.id), fmt.Sprintf("suggested by #%d %s", by.ID, by.Name)))
	}
	w.Referrals = b.capped("gained", "Referrals you gained", items, len(items))

	fresh := map[int64]bool{}
	for _, r := range gained {
		fresh[r.id] = true
	}
	if w.Tree, w.TreeAll, w.TreeMore, err = b.tree(ctx, fresh, from, to); err != nil {
		return nil, err
	}

	good, err := b.tx.GoodQuestionsBetween(ctx, from, to)
	if err != nil {
		return nil, err
	}
	for _, g := range good {
		q := templates.DigestQuestion{N: g.N, Text: g.Question}
		if err := b.contacts(ctx, g.Contacts); err != nil {
			return nil, err
		}
		for i, id := range g.Contacts {
			if i == maxNames {
				q.Names = append(q.Names, fmt.Sprintf("and %d more", len(g.Contacts)-i))
				break
			}
			c := b.contact(id)
			q.Names = append(q.Names, fmt.Sprintf("#%d %s", c.ID, c.Name))
		}
		w.Questions = append(w.Questions, q)
	}
	w.Quiet = len(w.Learned.Items) == 0 && len(w.Met.Items) == 0 && len(w.Referrals.Items) == 0 && len(w.Questions) == 0
	return w, nil
}

// referral is one person the owner was referred to: id, by whom.
type referral struct{ id, by int64 }

// gained returns the people referred in [from, to), oldest first, once
// each, with their contacts read.
func (b *builder) gained(ctx context.Context, from, to time.Time) ([]referral, error) {
	list, _, err := b.tx.HistorySince(ctx, string(workflow.EventReferralAdded), from, 2*b.o.Max)
	if err != nil {
		return nil, err
	}
	var out []referral
	seen := map[int64]bool{}
	for i := len(list) - 1; i >= 0; i-- { // oldest first
		e := list[i]
		var id int64
		if _, err := fmt.Sscanf(e.Detail, "introduced #%d", &id); err != nil || id == 0 || seen[id] || !e.At.Before(to) {
			continue
		}
		seen[id] = true
		out = append(out, referral{id: id, by: e.ContactID})
		if err := b.contacts(ctx, []int64{id, e.ContactID}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// tree returns the referral tree, depth first: all of it when it fits in
// maxTreeLines, else only the chains (from their first contact down) in
// which someone is new this week: referred (fresh) or added in [from, to)
// with an introducer. more counts the lines left out of what is shown.
func (b *builder) tree(ctx context.Context, fresh map[int64]bool, from, to time.Time) (lines []templates.DigestTreeLine, all bool, more int, err error) {
	nodes, total, err := b.tx.ReferralNodes(ctx, maxTreeNodes)
	if err != nil || len(nodes) == 0 {
		return nil, false, 0, err
	}
	byID := map[int64]*store.ReferralNode{}
	for i := range nodes {
		byID[nodes[i].ID] = &nodes[i]
	}
	children := map[int64][]int64{}
	var roots []int64
	for _, n := range nodes { // by #id, so children come in order
		if _, ok := byID[n.IntroducedBy]; ok && n.IntroducedBy != n.ID {
			children[n.IntroducedBy] = append(children[n.IntroducedBy], n.ID)
		} else {
			roots = append(roots, n.ID)
		}
	}
	isNew := func(n *store.ReferralNode) bool {
		return fresh[n.ID] || (n.IntroducedBy != 0 && !n.Created.Before(from) && n.Created.Before(to))
	}
	// walk lists root's chain; grew reports someone new in it. A cycle
	// (which the store does not forbid) stops at a contact already shown.
	seen := map[int64]bool{}
	var walk func(id int64, depth int, out *[]templates.DigestTreeLine) bool
	walk = func(id int64, depth int, out *[]templates.DigestTreeLine) bool {
		if seen[id] {
			return false
		}
		seen[id] = true
		n := byID[id]
		grew := isNew(n)
		*out = append(*out, templates.DigestTreeLine{Depth: min(depth, maxTreeDepth), ID: n.ID, Name: n.Name, New: grew})
		for _, c := range children[id] {
			grew = walk(c, depth+1, out) || grew
		}
		return grew
	}
	var everything, grown []templates.DigestTreeLine
	for _, r := range roots {
		var chain []templates.DigestTreeLine
		if walk(r, 0, &chain) {
			grown = append(grown, chain...)
		}
		everything = append(everything, chain...)
	}
	shown := grown
	if all = total <= len(nodes) && len(everything) <= maxTreeLines; all {
		shown = everything
	}
	if len(shown) > maxTreeLines {
		more = len(shown) - maxTreeLines
		shown = slices.Clip(shown[:maxTreeLines])
	}
	return shown, all, more, nil
}
