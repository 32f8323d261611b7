// Package orgname folds the name of a company, so that the spellings the
// owner types in different places ("Acme, Inc." on a contact, "ACME" in
// the configuration) compare equal. It is a leaf package so that the
// configuration can refuse two names that fold to one, by the same rule
// the contacts are grouped with (contacts.Organisation).
package orgname

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// legalForms are the trailing words of a company's name that say its
// legal form, not who it is, compared without dots and slashes ("S.A."
// is "sa", the Danish "A/S" "as").
// "&" and "and" are here so that "Smith & Co" is "smith" once "co" goes.
var legalForms = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "llp": true, "lp": true,
	"ltd": true, "limited": true, "plc": true, "corp": true, "corporation": true,
	"co": true, "company": true, "gmbh": true, "ag": true, "kg": true, "se": true,
	"sa": true, "sas": true, "sarl": true, "srl": true, "spa": true, "bv": true,
	"nv": true, "oy": true, "ab": true, "as": true, "asa": true, "aps": true,
	"pty": true, "kk": true, "&": true, "and": true,
}

// Fold returns a typed company name trimmed, case-folded, its inner
// spaces collapsed, commas taken for spaces, and its trailing legal form
// ("Inc.", "GmbH", "Pty Ltd", "GmbH & Co. KG"…) dropped: "Acme, Inc."
// and "ACME" both give "acme". It returns "" when nothing but a legal
// form (or nothing at all) was typed. Accents stay: "Müller" is
// "müller".
func Fold(company string) string {
	words := strings.Fields(strings.ToLower(strings.ReplaceAll(company, ",", " ")))
	for len(words) > 1 && legalForm(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	if len(words) == 1 && legalForm(words[0]) {
		return ""
	}
	return strings.Join(words, " ")
}

// legalForm reports whether word is one of legalForms.
func legalForm(word string) bool {
	return legalForms[strings.NewReplacer(".", "", "/", "").Replace(word)]
}

// Key is Fold without accents: "Nestlé S.A." and "NESTLE" both give
// "nestle". Two company names are the same target company when their
// Keys are equal: people type a company's name with and without its
// accents, and its domain has none.
func Key(company string) string { return Fold(Unaccent(company)) }

// Compact is Key with only its letters and digits: "Acme Labs" gives
// "acmelabs", "Procter & Gamble" "proctergamble", the way a company's
// name is usually written in its domain (acmelabs.com, pg.com aside).
func Compact(company string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, Key(company))
}

// letters are the Latin letters that do not decompose into a base letter
// and a mark, spelt as their names are usually written in ASCII.
var letters = strings.NewReplacer(
	"ø", "o", "Ø", "O", "æ", "ae", "Æ", "AE", "œ", "oe", "Œ", "OE",
	"ß", "ss", "ł", "l", "Ł", "L", "đ", "d", "Đ", "D", "ı", "i",
)

// Unaccent returns s without its combining marks ("é" is "e", "ü" is
// "u") and with the Latin letters that have no decomposition spelt out
// ("ø" is "o", "ß" is "ss").
func Unaccent(s string) string {
	s = letters.Replace(norm.NFD.String(s))
	return norm.NFC.String(strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, s))
}
