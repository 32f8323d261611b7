package command

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// goOnHint is the hint of every error about go on and hold, draftHint
// of one about draft.
const (
	goOnHint  = "write #9 go on to follow up with them as planned, or #9 hold to leave them be"
	draftHint = "write #12 draft to write the request to someone added and not asked yet"
)

// heldProse reports whether a line starting "go", "hold" or "draft" with
// no #id before it is prose ("Go ahead", "Hold on a second", "Draft
// attached") rather than a command. "go" must be followed by "on"; what is left must be empty or
// name a contact: a #id, an address, or a name written with a capital.
func heldProse(verb Verb, args []string) bool {
	if verb == VerbGoOn {
		if len(args) == 0 || !strings.EqualFold(trimPunct(args[0]), "on") {
			return true
		}
		args = args[1:]
	}
	if len(args) == 0 {
		return false
	}
	first := args[0]
	if strings.HasPrefix(first, "#") || strings.Contains(first, "@") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(first)
	return !unicode.IsUpper(r)
}

// dropOn drops the "on" of "go on", written after the verb or after the
// #id that follows it ("go on #9", "go #9 on" is not accepted).
func dropOn(args []string) []string {
	if len(args) > 0 && strings.EqualFold(trimPunct(args[0]), "on") {
		return args[1:]
	}
	return args
}
