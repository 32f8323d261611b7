package contacts

import (
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/rapport-mail/rapport/internal/orgname"
	"github.com/rapport-mail/rapport/mail/intro"
	"github.com/rapport-mail/rapport/store"
)

// Organisation is the key under which contacts count as working at the
// same place, for outreach that follows a company rather than a person
// (the "3B7" routine: a second person at the company when the first is
// silent). It is decided here and only here, so that the workflow, the
// digest and the store's queries agree on who is a colleague of whom.
//
// The company the owner typed wins: trimmed, case-folded, its inner
// spaces collapsed, and its trailing legal form ("Inc.", "GmbH", "Pty
// Ltd", "GmbH & Co. KG"…) dropped, so that "Acme, Inc." and "ACME" match.
// Without a company, the registrable domain of the address stands for
// it ("eu.mail.acme.co.uk" gives "acme.co.uk"), unless that is a webmail
// domain, where strangers share a domain and nothing is known: then, as
// for a contact with neither, the answer is "".
func Organisation(company, email string) string {
	if key := companyKey(company); key != "" {
		return key
	}
	return domainKey(email)
}

// noOrganisation are the words people type in a company field that say
// they work for no organisation, or will not say which: two
// freelancers are not colleagues.
var noOrganisation = map[string]bool{
	"self-employed": true, "self employed": true, "selfemployed": true, "freelance": true,
	"freelancer": true, "independent": true, "independent consultant": true, "consultant": true,
	"retired": true, "student": true, "unemployed": true, "between jobs": true, "none": true,
	"n/a": true, "na": true, "-": true, "?": true, "unknown": true, "stealth": true,
	"stealth startup": true, "stealth mode": true, "confidential": true, "private": true,
}

// companyKey folds a typed company name (see orgname.Fold, which the
// configuration's target companies are compared with too); "" when
// nothing but a legal form (or nothing at all, or no organisation: see
// noOrganisation) was typed.
func companyKey(company string) string {
	key := orgname.Fold(company)
	if noOrganisation[strings.TrimSuffix(key, ".")] {
		return ""
	}
	return key
}

// Colleagues reports whether a and b, two different contacts, work at
// the same organisation. When both have a company typed, those decide (as
// [Organisation] folds them): two people at one internet provider's or
// university's domain who typed different employers are not colleagues.
// When either has none, addresses at the same registrable domain that is
// no webmail make them colleagues: people at one company write from its
// domain whether or not the owner typed where they work.
func Colleagues(a, b store.Contact) bool {
	if a.ID == b.ID {
		return false
	}
	ka, kb := companyKey(a.Company), companyKey(b.Company)
	if ka != "" && kb != "" {
		return ka == kb
	}
	da := domainKey(a.Email)
	return da != "" && da == domainKey(b.Email)
}

// domainKey is the registrable domain of email's domain, or "" for a
// webmail domain or an address without one. A domain the public suffix
// list does not know (an intranet name) stands for itself.
func domainKey(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	domain := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(strings.Trim(email[at+1:], "<> "))), ".")
	if domain == "" || !strings.Contains(domain, ".") {
		return ""
	}
	reg, err := publicsuffix.EffectiveTLDPlusOne(domain)
	if err != nil {
		reg = domain
	}
	if intro.Webmail(domain) || intro.Webmail(reg) {
		return ""
	}
	return reg
}
