package contacts

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/mail/intro"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// Introduce records the people of a mail the owner forwarded: the
// introducer, matched to a contact or added (no request: they know the
// owner), and each person introduced, added in new with the introducer as
// introduced_by and the owner's key: value lines, then drafted (the answer
// to the introduction, or the request when the forward is one person's
// own mail). People rapport knows already are updated: empty fields are
// filled, and a contact still in new is drafted.
func (ctl *Controller) Introduce(ctx context.Context, tx *store.Tx, f *classify.Forward, now time.Time) (*Outcome, error) {
	o := &Outcome{}
	in := intro.Read(f, ctl.ownerAddresses())
	for _, p := range in.Problems {
		o.fail("", "above the forward: "+short(p, 200), "")
	}
	if len(in.People) == 0 {
		o.fail("", "rapport found no one to add in the forwarded mail", "forward the mail itself, with the people on its From, To or Cc lines; or write add Name <address>")
		return o, nil
	}
	var introducer *store.Contact
	if in.Introducer != nil && in.Introducer.Email != "" {
		c, isNew, err := ctl.person(ctx, tx, *in.Introducer, 0, now)
		if err != nil {
			return nil, err
		}
		introducer = c
		what := "introducer, already known"
		if isNew {
			what = "introducer, added (no request: they know you)"
		}
		o.ok("", fmt.Sprintf("%s <%s>: %s", label(c), short(c.Email, 80), what))
		o.Changed = o.Changed || isNew
	}
	var introducerID int64
	if introducer != nil {
		introducerID = introducer.ID
	}
	for _, p := range in.People {
		c, isNew, err := ctl.person(ctx, tx, p, introducerID, now)
		if err != nil {
			return nil, err
		}
		o.about(c.ID)
		var details []string
		if p.Guessed && isNew {
			details = append(details, fmt.Sprintf("company %q guessed from the address; if wrong, forward the mail again with a line company: … above it", short(c.Company, 60)))
		}
		if introducer != nil {
			if err := tx.SetIntroduction(ctx, &store.Introduction{ContactID: c.ID, MessageID: f.MessageID,
				Subject: f.Subject, Sender: sender(f.From), Date: f.Date, Body: f.Body}); err != nil {
				return nil, err
			}
		}
		what := "added"
		if !isNew {
			what = "already known (" + c.State.Status.Label() + ")"
		}
		if introducer != nil {
			what += ", introduced by " + label(introducer)
		}
		if c.State.Status == workflow.StatusNew {
			details = append(details, ctl.draftRequest(ctx, tx, c, introducer != nil, now)...)
		}
		o.Changed = true
		o.ok("", fmt.Sprintf("%s <%s>: %s", label(c), short(c.Email, 80), what), details...)
	}
	// The owner's own addresses are left out without a word; the others
	// were named on an ignore: line.
	var ignored []string
	for _, a := range in.Ignored {
		if !slices.Contains(ctl.ownerAddresses(), ascii.Lower(a)) {
			ignored = append(ignored, a)
		}
	}
	if len(ignored) > 0 {
		o.ok("", "left out as you asked: "+short(strings.Join(ignored, ", "), 300))
	}
	return o, nil
}

// person returns the contact with p's address, completed with what the
// forward says, or adds p as a new contact introduced by introducer (0
// for none). The introducer's history records the referral.
func (ctl *Controller) person(ctx context.Context, tx *store.Tx, p intro.Person, introducer int64, now time.Time) (*store.Contact, bool, error) {
	req := AddRequest{
		Contact: store.Contact{Name: p.Name, Email: p.Email, Company: p.Company, Role: p.Role, Field: p.Field,
			TimeZone: p.TimeZone, IntroducedBy: introducer, Source: "a mail you forwarded"},
		Existing: Merge,
		// What the owner wrote above the forward corrects what rapport
		// knows; a company guessed from the address only fills a gap.
		Replace: []string{"role", "field", "time zone"},
		Note:    p.Note, Source: store.SourceMail, Why: "forwarded by you",
	}
	if !p.Guessed {
		req.Replace = append(req.Replace, "company")
	}
	if introducer != 0 {
		req.Contact.Source = "an introduction"
		req.Why = "introduced in a mail you forwarded"
		req.Referral = "introduced"
	}
	added, err := ctl.Tracker.AddContact(ctx, tx, req, now)
	if err != nil {
		return nil, false, err
	}
	return added.Contact, added.New, nil
}

// sender writes an address as the intro reply's quote header shows it.
func sender(a classify.Address) string {
	if a.Email == "" {
		return a.Name
	}
	return (&mail.Address{Name: a.Name, Address: a.Email}).String()
}
