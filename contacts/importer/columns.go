package importer

import (
	"slices"
	"strings"
)

// column is a piece of contact data that a header name can stand for.
type column int

const (
	colNone column = iota // a column the importer ignores
	colName
	colFirstName
	colLastName
	colEmail
	colCompany
	colRole
	colField
	colSource
	colIntroducedBy
	colTimeZone
	colNotes
	colTags
	colURL
	colConnectedOn
	numColumns // not a column: the size of arrays indexed by column
)

// String returns the name used for c in problems and warnings.
func (c column) String() string {
	switch c {
	case colName:
		return "name"
	case colFirstName:
		return "first name"
	case colLastName:
		return "last name"
	case colEmail:
		return "email"
	case colCompany:
		return "company"
	case colRole:
		return "role"
	case colField:
		return "field"
	case colSource:
		return "source"
	case colIntroducedBy:
		return "introduced by"
	case colTimeZone:
		return "time zone"
	case colNotes:
		return "notes"
	case colTags:
		return "tags"
	case colURL:
		return "URL"
	case colConnectedOn:
		return "connected on"
	}
	return "ignored column"
}

// columnOf returns the column a header name stands for, or colNone. Names match
// case-insensitively and ignoring spaces, underscores and hyphens, so "E-mail",
// "email_address" and "Email Address" are all colEmail. "Connected On" is
// recognised in any file, not only LinkedIn's.
func columnOf(name string) column {
	switch normalizeName(name) {
	case "name", "fullname":
		return colName
	case "firstname":
		return colFirstName
	case "lastname":
		return colLastName
	case "email", "emailaddress", "mail":
		return colEmail
	case "company", "organization", "organisation", "employer":
		return colCompany
	case "role", "position", "title", "jobtitle":
		return colRole
	case "field", "industry", "occupation":
		return colField
	case "source", "howfound", "foundvia":
		return colSource
	case "introducedby", "introducer", "referredby":
		return colIntroducedBy
	case "timezone", "tz":
		return colTimeZone
	case "notes", "note":
		return colNotes
	case "tags":
		return colTags
	case "url", "profile", "linkedin", "linkedinurl":
		return colURL
	case "connectedon":
		return colConnectedOn
	}
	return colNone
}

// normalizeName lower-cases a header name and drops white space, underscores and
// hyphens from it.
func normalizeName(name string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u00a0', '_', '-':
			return -1
		}
		return r
	}, strings.ToLower(name))
}

// isLinkedInHeader reports whether names, trimmed, are exactly the columns of
// LinkedIn's Connections.csv export: the current one, or the older one without
// "URL".
func isLinkedInHeader(names []string) bool {
	current := []string{"First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"}
	older := []string{"First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"}
	return slices.Equal(names, current) || slices.Equal(names, older)
}
