package digest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/mail/command"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// maxSilent is how many companies "Next to ask" suggests when the owner
// named no target companies: a hint, not a to-do list.
const maxSilent = 5

// The statuses that keep a company off "Next to ask" for now: someone
// there is being asked, or answered, or the owner met them. Drafted is
// here too: its request waits in "Drafts to approve".
var (
	busyAtTarget = []workflow.Status{workflow.StatusDrafted, workflow.StatusRequested, workflow.StatusNudged,
		workflow.StatusReplied, workflow.StatusScheduled, workflow.StatusMet, workflow.StatusThanked, workflow.StatusKeepingInTouch}
	askedSilent = []workflow.Status{workflow.StatusRequested, workflow.StatusNudged, workflow.StatusNoResponse}
	// answered are the statuses of someone in the company's current
	// conversation: a request being written, an answer, a meeting, one
	// just had. Someone met long ago (thanked, keeping in touch) or who
	// declined does not stop the 3B7 routine from asking the next person
	// when the one asked now is silent; leaving them out also spares the
	// pass most of an old address book.
	answered = []workflow.Status{workflow.StatusDrafted, workflow.StatusReplied, workflow.StatusScheduled, workflow.StatusMet}
)

// nextToAsk suggests whom to write to next: at each of the owner's
// target companies in order of interest (Options.Targets), or, without
// targets, at the few companies asked that have not answered (the 3B7
// routine's second person). It reads every contact in the statuses that
// matter once, four columns each (store.EachContactBrief), and the whole
// contact only of the people it may name.
func (b *builder) nextToAsk(ctx context.Context) (templates.DigestGroup, error) {
	if len(b.o.Targets) > 0 {
		return b.atTargets(ctx)
	}
	return b.silent(ctx)
}

func (b *builder) atTargets(ctx context.Context) (templates.DigestGroup, error) {
	match := contacts.NewTargets(b.o.Targets)
	busy := make([]bool, len(b.o.Targets))
	fresh := make([][]int64, len(b.o.Targets)) // status new, with an address
	statuses := append([]workflow.Status{workflow.StatusNew}, busyAtTarget...)
	err := b.tx.EachContactBrief(ctx, statuses, func(c store.ContactBrief) error {
		i := match.Match(c.Company, c.Email)
		switch {
		case i < 0:
		case c.Status != workflow.StatusNew:
			busy[i] = true
		case c.Email != "":
			fresh[i] = append(fresh[i], c.ID)
		}
		return nil
	})
	if err != nil {
		return templates.DigestGroup{}, err
	}
	var items []templates.DigestItem
	total := 0
	for i, name := range b.o.Targets {
		if busy[i] {
			continue // in hand: the other lists show where it stands
		}
		if total++; len(items) == b.o.Max {
			continue // counted in "… and N more", not read
		}
		c, ok, err := b.pick(ctx, fresh[i])
		if err != nil {
			return templates.DigestGroup{}, err
		}
		if !ok {
			items = append(items, templates.DigestItem{Text: fmt.Sprintf(
				"%s: nobody to ask yet: add someone (add Name <address> company: %s)", name, name)})
			continue
		}
		it, err := b.askItem(ctx, c, name+": write to "+c.Name)
		if err != nil {
			return templates.DigestGroup{}, err
		}
		items = append(items, it)
	}
	return b.capped("next_to_ask", "Your target companies, in order of interest", items, total), nil
}

// silentOrg is what silent learns of one organisation.
type silentOrg struct {
	asked    int64 // the first contact asked there, by #ID
	answered bool
	fresh    []int64
}

func (b *builder) silent(ctx context.Context) (templates.DigestGroup, error) {
	asked := 0
	for _, st := range askedSilent {
		asked += b.counts[st]
	}
	if asked == 0 || b.counts[workflow.StatusNew] == 0 {
		// Nobody silent, or nobody to ask: no need to read everyone.
		return b.capped("next_to_ask", "", nil, 0), nil
	}
	orgs := map[string]*silentOrg{}
	var order []string // organisations by their first asked contact
	// contacts.Organisation's folding costs more than a look-up, and an
	// address book repeats its companies and domains.
	byCompany, byDomain := map[string]string{}, map[string]string{}
	statuses := append(append([]workflow.Status{workflow.StatusNew, workflow.StatusNoResponse}, answered...),
		workflow.StatusRequested, workflow.StatusNudged)
	err := b.tx.EachContactBrief(ctx, statuses, func(c store.ContactBrief) error {
		org, ok := byCompany[c.Company] // "": the company says nothing
		if !ok {
			org = contacts.Organisation(c.Company, "")
			byCompany[c.Company] = org
		}
		if org == "" {
			domain := domainOf(c.Email)
			if org, ok = byDomain[domain]; !ok {
				org = contacts.Organisation("", c.Email)
				byDomain[domain] = org
			}
		}
		if org == "" {
			return nil
		}
		o := orgs[org]
		if o == nil {
			o = &silentOrg{}
			orgs[org] = o
		}
		switch {
		case c.Status == workflow.StatusNew:
			if c.Email != "" {
				o.fresh = append(o.fresh, c.ID)
			}
		case slices.Contains(askedSilent, c.Status):
			if o.asked == 0 {
				o.asked = c.ID
				order = append(order, org)
			}
		default:
			o.answered = true
		}
		return nil
	})
	if err != nil {
		return templates.DigestGroup{}, err
	}
	var items []templates.DigestItem
	total := 0
	for _, org := range order {
		o := orgs[org]
		if o.answered || len(o.fresh) == 0 {
			continue
		}
		if total++; len(items) == maxSilent {
			continue
		}
		c, ok, err := b.pick(ctx, o.fresh)
		if err != nil {
			return templates.DigestGroup{}, err
		}
		if !ok {
			continue
		}
		if err := b.contacts(ctx, []int64{o.asked}); err != nil {
			return templates.DigestGroup{}, err
		}
		asked := b.contact(o.asked)
		where := asked.Company
		if contacts.Organisation(where, "") == "" {
			where = org // a legal form alone, or nothing: the domain
		}
		it, err := b.askItem(ctx, c, fmt.Sprintf("%s: no answer from %s (#%d); write to %s", where, asked.Name, asked.ID, c.Name))
		if err != nil {
			return templates.DigestGroup{}, err
		}
		items = append(items, it)
	}
	return b.capped("next_to_ask", "Companies asked that have not answered, with someone else to ask", items, total), nil
}

// pick returns the person among ids to ask next (contacts.NextToAsk),
// reading their contacts a few hundred at a time; false when none is
// left.
func (b *builder) pick(ctx context.Context, ids []int64) (store.Contact, bool, error) {
	const chunk = 500
	var best store.Contact
	found := false
	for start := 0; start < len(ids); start += chunk {
		read, err := b.tx.ContactsByID(ctx, ids[start:min(start+chunk, len(ids))])
		if err != nil {
			return store.Contact{}, false, err
		}
		pool := make([]store.Contact, 0, len(read)+1)
		if found {
			pool = append(pool, best)
		}
		for _, c := range read {
			pool = append(pool, *c)
		}
		best, found = contacts.NextToAsk(pool)
	}
	return best, found, nil
}

// askItem is the line that suggests writing to c: text, the role when
// known, why c is warm when they are, and the command.
func (b *builder) askItem(ctx context.Context, c store.Contact, text string) (templates.DigestItem, error) {
	if c.Role != "" {
		text += " (" + c.Role + ")"
	}
	switch {
	case c.IntroducedBy != 0:
		if err := b.contacts(ctx, []int64{c.IntroducedBy}); err != nil {
			return templates.DigestItem{}, err
		}
		by := b.contact(c.IntroducedBy)
		text += fmt.Sprintf(", warm: introduced by %s (#%d)", by.Name, by.ID)
	case contacts.WarmTag(c) != "":
		text += ", warm: tagged " + contacts.WarmTag(c)
	}
	it := templates.DigestItem{ID: c.ID, Text: text}
	act(&it, string(command.VerbDraft), string(command.VerbStatus))
	return it, nil
}

// domainOf is the part of email after its last @, lower-cased.
func domainOf(email string) string {
	return ascii.Lower(email[strings.LastIndexByte(email, '@')+1:])
}
