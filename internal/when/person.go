package when

import (
	"strings"
	"sync"
	"time"
)

// Person is someone whose local time goes beside the owner's (Rule.For).
type Person struct {
	// Name is what the time beside says it is for: "09:00 EST for Jane".
	// "" reads "for them".
	Name string
	// Zone is where they live; nil when unknown, and then nothing is
	// added beside the owner's time.
	Zone *time.Location
}

// Contact returns the Person for a contact named name (as stored: "Jane
// Doe", "Doe, Jane", "Dr. Jane Doe") living in zone, an IANA name. The
// name is shortened to the one people are called by ("Jane"); a zone that
// is "" or that this machine's time zone database does not know gives
// no Zone, so that a contact's unknown zone never hides the owner's time.
func Contact(name, zone string) Person {
	return Person{Name: callName(name), Zone: load(zone)}
}

func (p Person) label() string {
	if p.Name == "" {
		return "them"
	}
	return p.Name
}

// titles are words before a given name that are not it.
var titles = map[string]bool{"dr": true, "prof": true, "mr": true, "mrs": true, "ms": true, "mx": true, "sir": true, "dame": true}

// callName returns the given name in a full name: the first word, or the
// first after the comma of "Doe, Jane", past a title. A name that is an
// address, or empty, gives "".
func callName(full string) string {
	full = strings.TrimSpace(full)
	if strings.Contains(full, "@") {
		return ""
	}
	if last, given, ok := strings.Cut(full, ","); ok && strings.TrimSpace(given) != "" && strings.TrimSpace(last) != "" {
		full = given
	}
	words := strings.Fields(full)
	for len(words) > 1 && titles[strings.ToLower(strings.TrimSuffix(words[0], "."))] {
		words = words[1:]
	}
	if len(words) == 0 {
		return ""
	}
	return words[0]
}

// zones caches time.LoadLocation, which reads the zone's file each time:
// a list of many contacts names the same few zones over and over. A zone
// that does not load is cached as nil.
var zones sync.Map // string → *time.Location

// load returns the location named name, or nil when name is "" or unknown.
func load(name string) *time.Location {
	if name == "" {
		return nil
	}
	if z, ok := zones.Load(name); ok {
		return z.(*time.Location)
	}
	z, err := time.LoadLocation(name)
	if err != nil {
		z = nil
	}
	zones.Store(name, z)
	return z
}
