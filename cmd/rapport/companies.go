package main

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"

	"github.com/spf13/pflag"
)

type companiesFlags struct{ asJSON, all bool }

func (f *companiesFlags) bind(fs *pflag.FlagSet) {
	fs.BoolVar(&f.all, "all", false, "list closed contacts too (declined, no response, bounced, dropped)")
	fs.BoolVar(&f.asJSON, "json", false, "print JSON for scripts")
}

// companyPerson is what companies keeps of a contact: one line's worth.
type companyPerson struct {
	ID           int64
	Name         string
	Status       workflow.Status
	HeldBy       int64
	IntroducedBy int64
	WarmTag      string
}

// companyGroup is one organisation as companies gathers it, contact by
// contact: never more than a line per person and a count per spelling.
type companyGroup struct {
	key       string
	target    int            // index in the owner's target companies; -1 for none
	name      string         // the target as configured, else typed, else key
	typed     string         // the most common spelling typed
	spellings map[string]int // the company as typed → how many typed it so
	people    int
	closed    map[workflow.Status]int
	last      time.Time
	rows      []companyPerson
	next      store.Contact // contacts.NextToAsk among the group so far
	hasNext   bool
}

// add counts c in g, and keeps its line unless it is closed and all is
// false.
func (g *companyGroup) add(c *store.Contact, orgs *orgCache, all bool) {
	g.people++
	if c.UpdatedAt.After(g.last) {
		g.last = c.UpdatedAt
	}
	if typed := strings.TrimSpace(c.Company); typed != "" && orgs.company(typed) != "" {
		if g.spellings == nil {
			g.spellings = map[string]int{}
		}
		g.spellings[typed]++
		// The most common spelling names the group; on a tie the one
		// seen first (the lowest #id) stays.
		if g.typed == "" || g.spellings[typed] > g.spellings[g.typed] {
			g.typed = typed
		}
	}
	if next, ok := contacts.NextToAsk(g.candidates(c)); ok {
		g.next, g.hasNext = candidate(&next), true
	}
	if c.State.Status.Closed() {
		if g.closed == nil {
			g.closed = map[workflow.Status]int{}
		}
		g.closed[c.State.Status]++
		if !all {
			return
		}
	}
	g.rows = append(g.rows, companyPerson{ID: c.ID, Name: c.Name, Status: c.State.Status,
		HeldBy: c.State.HeldBy, IntroducedBy: c.IntroducedBy, WarmTag: contacts.WarmTag(*c)})
}

// candidates are c and the group's next to ask so far: NextToAsk picks
// among them as it would among the whole group, one contact at a time.
func (g *companyGroup) candidates(c *store.Contact) []store.Contact {
	if g.hasNext {
		return []store.Contact{g.next, *c}
	}
	return []store.Contact{*c}
}

// candidate keeps of c what NextToAsk reads, and no more.
func candidate(c *store.Contact) store.Contact {
	return store.Contact{ID: c.ID, Email: c.Email, IntroducedBy: c.IntroducedBy, Tags: c.Tags,
		State: workflow.State{Status: c.State.Status}}
}

func (g *companyGroup) closedCount() int {
	n := 0
	for _, k := range g.closed {
		n += k
	}
	return n
}

// orgCache is contacts.Organisation remembered by company name and by
// address domain: an address book repeats both, and folding a name or
// finding a registrable domain costs more than a look-up.
type orgCache struct{ byCompany, byDomain map[string]string }

func (o *orgCache) of(company, email string) string {
	if key := o.company(company); key != "" {
		return key
	}
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	domain := email[at+1:]
	key, ok := o.byDomain[domain]
	if !ok {
		key = contacts.Organisation("", email)
		o.byDomain[domain] = key
	}
	return key
}

func (o *orgCache) company(company string) string {
	if strings.TrimSpace(company) == "" {
		return ""
	}
	key, ok := o.byCompany[company]
	if !ok {
		key = contacts.Organisation(company, "")
		o.byCompany[company] = key
	}
	return key
}

// companiesView is every organisation of the address book, in the order
// companies prints them, and the contacts without one.
type companiesView struct {
	groups    []*companyGroup
	noCompany int
	names     map[int64]string // introducers and colleagues named on the lines
}

// gatherCompanies reads every contact once, in #id order, and groups them
// by contacts.Organisation, except that a contact at one of targets (by
// contacts.Targets, which also knows "Acme Labs" at acmelabs.com) joins
// that target's group.
func gatherCompanies(ctx context.Context, tx *store.Tx, targets []string, all bool) (*companiesView, error) {
	v := &companiesView{}
	match := contacts.NewTargets(targets)
	atTarget := make([]*companyGroup, len(targets))
	for i, t := range targets {
		atTarget[i] = &companyGroup{key: contacts.Organisation(t, ""), target: i, name: t}
	}
	byKey := map[string]*companyGroup{}
	orgs := &orgCache{byCompany: map[string]string{}, byDomain: map[string]string{}}
	err := tx.EachContact(ctx, store.ListOptions{}, func(c *store.Contact) error {
		var g *companyGroup
		if i := match.Match(c.Company, c.Email); i >= 0 {
			g = atTarget[i]
		} else {
			key := orgs.of(c.Company, c.Email)
			if key == "" {
				v.noCompany++
				return nil
			}
			if g = byKey[key]; g == nil {
				g = &companyGroup{key: key, target: -1}
				byKey[key] = g
			}
		}
		g.add(c, orgs, all)
		return nil
	})
	if err != nil {
		return nil, err
	}
	others := make([]*companyGroup, 0, len(byKey))
	for _, g := range byKey {
		g.name = cmp.Or(g.typed, g.key) // the key is a domain when nobody typed the company
		others = append(others, g)
	}
	// The most recently active first (the latest change to anyone
	// there), then by name: what moved lately is what the owner looks for.
	slices.SortFunc(others, func(a, b *companyGroup) int {
		if c := b.last.Compare(a.last); c != 0 {
			return c
		}
		if c := cmp.Compare(strings.ToLower(a.name), strings.ToLower(b.name)); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
	v.groups = append(atTarget, others...)
	return v, v.loadNames(ctx, tx)
}

// loadNames reads the names of the introducers and of the colleagues
// whose answer holds someone, which the lines name: only those, by #id.
func (v *companiesView) loadNames(ctx context.Context, tx *store.Tx) error {
	seen := map[int64]bool{}
	var ids []int64
	for _, g := range v.groups {
		for _, p := range g.rows {
			for _, id := range []int64{p.IntroducedBy, p.HeldBy} {
				if id != 0 && !seen[id] {
					seen[id] = true
					ids = append(ids, id)
				}
			}
		}
	}
	v.names = make(map[int64]string, len(ids))
	slices.Sort(ids)
	return tx.EachContactOf(ctx, ids, func(c *store.Contact) error {
		v.names[c.ID] = c.Name
		return nil
	})
}

// runCompanies prints the organisations of the address book, the owner's
// target companies first. Contacts are read once, in one read
// transaction; what it keeps is a line per person shown.
func runCompanies(ctx context.Context, a *app, f *companiesFlags, rest []string) error {
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	return withSession(ctx, a, func(s *session) error {
		return s.store.WithReadTx(ctx, func(tx *store.Tx) error {
			v, err := gatherCompanies(ctx, tx, s.cfg.Workflow.TargetCompanies, f.all)
			if err != nil {
				return err
			}
			if f.asJSON {
				return writeJSON(a.stdout, v.record())
			}
			if len(v.groups) == 0 && v.noCompany == 0 {
				fmt.Fprintln(a.stderr, "no contacts (add one with rapport add or rapport import)")
				return nil
			}
			out := bufio.NewWriter(a.stdout)
			v.print(out, f.all)
			return out.Flush()
		})
	})
}
