// Package zoneguess guesses a person's time zone from the UTC offsets
// their mail was dated with. One offset fits many zones; offsets at
// different times of the year tell apart zones with different daylight
// saving rules (Berlin from Lagos, Sydney from Brisbane). Among the zones
// that fit, the owner's own comes first, then the zones of the country of
// the person's email domain, then the world's most used zones in order.
//
// The package is pure: it reads nothing but the zone database, once.
package zoneguess

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// Observation is the date of one message: when it was written and the UTC
// offset its Date header gave.
type Observation struct {
	At     time.Time
	Offset int // seconds east of UTC, as the Date header gave it
}

// Guess returns the IANA name of the most plausible zone whose UTC offset
// at every observation's At equals that observation's Offset. domain is
// the writer's email domain ("firma.de"; a whole address is accepted),
// whose country-code top-level domain prefers its country's zones; owner
// is the owner's zone, preferred above all when it fits (ignored when nil
// or not a named IANA zone: "Local", "UTC", "Etc/…"). ok is false when obs
// is empty or no zone fits them all (an odd offset such as +0537, or
// contradicting observations).
//
// An Offset of 0 is taken at its word: callers must leave out Dates whose
// offset was unknown ("-0000", or none).
func Guess(obs []Observation, domain string, owner *time.Location) (zone string, ok bool) {
	if len(obs) == 0 {
		return "", false
	}
	if usableOwner(owner) && fits(owner, obs) {
		return owner.String(), true
	}
	t := loaded()
	for _, z := range t.countries[countryCode(domain)] {
		if fits(z.loc, obs) {
			return z.name, true
		}
	}
	for _, z := range t.ranked {
		if fits(z.loc, obs) {
			return z.name, true
		}
	}
	return "", false
}

// Recent is Guess on the most recent observations that one zone fits:
// all of them when they agree; else the longest run of the newest, so
// that a person who moved, or whose first mail came from a journey, is
// followed rather than left with no guess. used holds the observations
// the guess rests on, newest first. ok is false when not even the newest
// fits a zone.
func Recent(obs []Observation, domain string, owner *time.Location) (zone string, used []Observation, ok bool) {
	sorted := slices.Clone(obs)
	slices.SortStableFunc(sorted, func(a, b Observation) int { return b.At.Compare(a.At) })
	for n := len(sorted); n > 0; n-- {
		if zone, ok := Guess(sorted[:n], domain, owner); ok {
			return zone, sorted[:n], true
		}
	}
	return "", nil, false
}

// fits reports whether loc had each observation's offset at its time.
func fits(loc *time.Location, obs []Observation) bool {
	for _, o := range obs {
		if _, off := o.At.In(loc).Zone(); off != o.Offset {
			return false
		}
	}
	return true
}

// usableOwner reports whether the owner's zone has a name worth storing
// as a contact's: a region's IANA zone, not the host's "Local" nor UTC.
func usableOwner(loc *time.Location) bool {
	if loc == nil {
		return false
	}
	name := loc.String()
	return strings.Contains(name, "/") && !strings.HasPrefix(name, "Etc/")
}

// countryCode returns the last label of the domain (of an address, when
// given one), lower-cased: "de" for "hans@firma.de", "uk" for "co.uk".
func countryCode(domain string) string {
	if i := strings.LastIndexByte(domain, '@'); i >= 0 {
		domain = domain[i+1:]
	}
	domain = strings.TrimRight(strings.TrimSpace(domain), ".")
	if i := strings.LastIndexByte(domain, '.'); i >= 0 {
		domain = domain[i+1:]
	}
	return ascii.Lower(domain)
}

// FormatOffset writes an offset in seconds east of UTC the way a Date
// header does: "+0100", "-0330".
func FormatOffset(offset int) string {
	sign := '+'
	if offset < 0 {
		sign, offset = '-', -offset
	}
	return fmt.Sprintf("%c%02d%02d", sign, offset/3600, offset/60%60)
}
