// Package intro turns a mail the owner forwarded to rapport into the
// contacts it introduces: the original sender (often the mutual contact
// making the introduction) and the people on its To and Cc lines, minus
// the owner. Lines of "key: value" the owner wrote above the forward add
// or correct what the mail says. It is pure: the daemon stores what it
// returns and answers the owner with a receipt.
package intro

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/mail/classify"
)

// Person is someone the forward introduces, or the introducer.
type Person struct {
	Name, Email string
	Company     string // from "company:", else guessed from the address's domain
	Role, Field string
	Note        string
	TimeZone    string
	// Guessed is true when Company was guessed from the domain, so the
	// receipt can say so.
	Guessed bool
}

// Intro is what a forward says.
type Intro struct {
	// Introducer is the original sender when they wrote to the owner and
	// others together (an introduction), nil when the forward is one
	// person's own mail (they are then the only one in People).
	Introducer *Person
	People     []Person
	// Ignored are the addresses left out: the owner's, and those named on
	// an "ignore:" line.
	Ignored []string
	// Problems are lines above the forward that could not be used, each
	// with why.
	Problems []string
}

// webmail are domains whose users are people, not a company.
var webmail = []string{"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
	"yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com",
	"gmx.de", "gmx.net", "gmx.com", "web.de", "mail.ru", "yandex.ru", "qq.com", "163.com", "fastmail.com", "zoho.com"}

// Read reads f, forwarded by the owner (whose addresses are owner), with
// the note they wrote above it.
func Read(f *classify.Forward, owner []string) Intro {
	var in Intro
	skip := map[string]bool{}
	for _, o := range owner {
		skip[ascii.Lower(o)] = true
	}
	fields, ignore, problems := readNote(f.Note)
	in.Problems = problems
	for _, a := range ignore {
		skip[ascii.Lower(a)] = true
		in.Ignored = append(in.Ignored, a)
	}
	seen := map[string]bool{}
	var others []Person
	for _, a := range append(append([]classify.Address(nil), f.To...), f.Cc...) {
		e := ascii.Lower(a.Email)
		if e == "" || seen[e] {
			continue
		}
		seen[e] = true
		if skip[e] {
			if !slices.Contains(in.Ignored, a.Email) {
				in.Ignored = append(in.Ignored, a.Email)
			}
			continue
		}
		others = append(others, person(a, fields))
	}
	from := ascii.Lower(f.From.Email)
	switch {
	case from == "" || skip[from]:
		in.People = others
	case len(others) == 0:
		// One person's own mail to the owner: they are the contact.
		in.People = []Person{person(f.From, fields)}
	default:
		p := person(f.From, nil)
		in.Introducer = &p
		in.People = others
	}
	return in
}

// person makes a Person of an address, with the owner's fields.
func person(a classify.Address, fields map[string]string) Person {
	p := Person{Name: strings.TrimSpace(a.Name), Email: ascii.Lower(strings.TrimSpace(a.Email)),
		Company: fields["company"], Role: fields["role"], Field: fields["field"], Note: fields["note"], TimeZone: fields["tz"]}
	if p.Name == "" {
		local, _, _ := strings.Cut(p.Email, "@")
		p.Name = nameFromLocal(local)
	}
	if p.Company == "" {
		if c := Company(p.Email); c != "" {
			p.Company, p.Guessed = c, true
		}
	}
	return p
}

// Webmail reports whether domain is a webmail provider's, whose users
// are people, not a company.
func Webmail(domain string) bool { return slices.Contains(webmail, ascii.Lower(domain)) }

// Company guesses a company from an address's domain: "acme" from
// "jane@mail.acme-robotics.com" gives "Acme Robotics". Webmail gives "".
func Company(email string) string {
	_, domain, ok := strings.Cut(email, "@")
	if !ok || slices.Contains(webmail, domain) {
		return ""
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return ""
	}
	name := labels[len(labels)-2]
	if len(labels) >= 3 && len(name) <= 3 && len(labels[len(labels)-1]) == 2 { // acme.co.uk
		name = labels[len(labels)-3]
	}
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' })
	return title(words)
}

// title capitalises each word's first letter and joins them.
func title(words []string) string {
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[size:]
	}
	return strings.Join(words, " ")
}

// nameFromLocal makes a name of "jane.doe": "Jane Doe".
func nameFromLocal(local string) string {
	return title(strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r == '-' }))
}

// keys are the "key: value" lines the owner may write above a forward.
var keys = []string{"company", "role", "field", "note", "ignore", "tz"}

// readNote reads the owner's lines above the forward: known keys, and
// "ignore:" addresses. Lines without a known key are the owner's prose
// and left alone; a known key with a bad value is a problem.
func readNote(note string) (fields map[string]string, ignore []string, problems []string) {
	fields = map[string]string{}
	for _, line := range strings.Split(note, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || !slices.Contains(keys, k) {
			continue
		}
		switch k {
		case "ignore":
			for _, a := range strings.Split(v, ",") {
				addr, err := mail.ParseAddress(strings.TrimSpace(a))
				if err != nil {
					problems = append(problems, fmt.Sprintf("ignore: %q is not an address", strings.TrimSpace(a)))
					continue
				}
				ignore = append(ignore, addr.Address)
			}
		case "tz":
			if _, err := time.LoadLocation(v); err != nil || v == "" {
				problems = append(problems, fmt.Sprintf("tz: %q is not a time zone (write one like Europe/Berlin)", v))
				continue
			}
			fields[k] = v
		default:
			fields[k] = v
		}
	}
	return fields, ignore, problems
}
