package importer

import (
	"fmt"
	"hash/maphash"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// rowReader turns the records after a header into Rows and Problems. It
// remembers the emails and URLs it has seen, to report duplicates, and the time
// zones it has loaded.
type rowReader struct {
	h      *header
	hash   hasher
	emails map[key]int     // lower-cased email → line first seen on
	urls   map[key]int     // urlKey → line first seen on
	zones  map[string]bool // time zone name → loadable
}

func newRowReader(h *header) *rowReader {
	return &rowReader{h: h, hash: newHasher(), emails: map[key]int{}, urls: map[key]int{}, zones: map[string]bool{}}
}

// read checks the record that starts on line and returns it as a Row, or the
// problems that keep it out (all of them), or neither when it is entirely blank.
// A record with the wrong number of fields gets only that problem: its values
// are likely in the wrong columns, so checking them would mislead.
func (rr *rowReader) read(line int, fields []string) (*Row, []Problem) {
	blank := true
	for i, f := range fields {
		if rr.h.format == FormatRapport {
			f = restore(f)
		}
		fields[i] = strings.TrimSpace(f)
		blank = blank && fields[i] == ""
	}
	if blank {
		return nil, nil
	}
	if n, want := len(fields), len(rr.h.names); n != want {
		return nil, []Problem{{Line: line, Message: fieldCountMessage(n, want, rr.h.comma)}}
	}
	get := func(c column) string {
		if i := rr.h.pos[c]; i >= 0 {
			return fields[i]
		}
		return ""
	}
	row := &Row{
		Line:         line,
		Name:         collapseSpace(get(colName)),
		Company:      collapseSpace(get(colCompany)),
		Role:         collapseSpace(get(colRole)),
		Field:        collapseSpace(get(colField)),
		Source:       collapseSpace(get(colSource)),
		IntroducedBy: collapseSpace(get(colIntroducedBy)),
		TimeZone:     get(colTimeZone),
		Notes:        get(colNotes),
		URL:          get(colURL),
		Tags:         splitTags(get(colTags)),
	}
	if row.Name == "" {
		row.Name = collapseSpace(get(colFirstName) + " " + get(colLastName))
	}
	row.Name = rowName(row.Name)
	if rr.h.format == FormatLinkedIn {
		row.Source = SourceLinkedIn
	}

	var problems []Problem
	report := func(c column, msg string) {
		p := Problem{Line: line, Message: msg}
		if i := rr.h.pos[c]; i >= 0 {
			p.Column = rr.h.names[i]
		}
		problems = append(problems, p)
	}
	email := get(colEmail)
	switch {
	case row.Name == "" && email == "":
		report(colNone, "nothing to identify the contact: name and email are both empty")
	case row.Name == "":
		report(rr.nameColumn(), "name is empty")
	}
	if email != "" {
		if e, ok := normalizeEmail(email); ok {
			row.Email = e
		} else {
			report(colEmail, fmt.Sprintf("email %q: not a valid address (expected name@domain)", email))
		}
	}
	if row.TimeZone != "" && !rr.zoneOK(row.TimeZone) {
		report(colTimeZone, fmt.Sprintf("time zone %q: unknown (expected an IANA name such as \"Europe/Paris\" or \"America/New_York\")", row.TimeZone))
	}
	if s := get(colConnectedOn); s != "" {
		if d, ok := parseDate(s); ok {
			row.ConnectedOn = d
		} else {
			report(colConnectedOn, fmt.Sprintf("connected on %q: not a date (expected a date like \"12 Mar 2024\" or \"2024-03-12\")", s))
		}
	}
	if row.Email != "" {
		if first, dup := seen(rr.emails, rr.hash.key(ascii.Lower(row.Email)), line); dup {
			report(colEmail, fmt.Sprintf("same email as line %d", first))
		}
	}
	if u := urlKey(row.URL); u != "" {
		if first, dup := seen(rr.urls, rr.hash.key(u), line); dup {
			report(colURL, fmt.Sprintf("same URL as line %d", first))
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return row, nil
}

// nameColumn returns the column to blame for an empty name.
func (rr *rowReader) nameColumn() column {
	for _, c := range []column{colName, colFirstName, colLastName} {
		if rr.h.has(c) {
			return c
		}
	}
	return colNone
}

// zoneOK reports whether time.LoadLocation accepts name. "Local" is refused: it
// means the machine running rapport, not the contact.
func (rr *rowReader) zoneOK(name string) bool {
	ok, cached := rr.zones[name]
	if !cached {
		_, err := time.LoadLocation(name)
		ok = err == nil && name != "Local"
		rr.zones[name] = ok
	}
	return ok
}

// seen records key as first seen on line, unless it was seen before: then it
// returns that earlier line and true. Duplicates count against every earlier
// record with the right number of fields, imported or not, so that one pass
// over the problems fixes them all.
func seen(lines map[key]int, k key, line int) (int, bool) {
	if first, ok := lines[k]; ok {
		return first, true
	}
	lines[k] = line
	return 0, false
}

// key stands for a string in the sets of emails and URLs seen: a hash of 128
// bits, so that a file of a million rows keeps 16 bytes a row rather than
// the strings (which would keep their whole records alive). Two of a
// million strings share a key with a chance of about 1 in 10^26.
type key [2]uint64

// hasher makes keys with seeds of its own.
type hasher struct{ a, b maphash.Seed }

func newHasher() hasher { return hasher{maphash.MakeSeed(), maphash.MakeSeed()} }

func (h hasher) key(s string) key { return key{maphash.String(h.a, s), maphash.String(h.b, s)} }

// fieldCountMessage explains a record with n fields under a header with want.
func fieldCountMessage(n, want int, comma rune) string {
	delim := map[rune]string{',': "comma", ';': "semicolon", '\t': "tab"}[comma]
	if n > want {
		return fmt.Sprintf("%d fields but the header has %d: put quotes around values that contain a %s", n, want, delim)
	}
	return fmt.Sprintf("%d fields but the header has %d: add the missing %ss (empty values need them too)", n, want, delim)
}
