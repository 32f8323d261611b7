package command

import "strings"

// The lists "list" answers with: the digest's lists that it cuts short
// with "… and N more".
const (
	ListReplies   = "replies"    // contacts who replied and wait for the owner's answer
	ListDrafts    = "drafts"     // contacts with a draft waiting for approval
	ListThankYous = "thank-yous" // contacts met, whose thank-you is due
	ListWaiting   = "waiting"    // contacts asked or nudged, not answered yet
)

// Lists returns the names list takes, in the order the digest shows them.
func Lists() []string { return []string{ListReplies, ListDrafts, ListThankYous, ListWaiting} }

// listNames maps what the owner may write after list to the list.
var listNames = map[string]string{
	"replies": ListReplies, "reply": ListReplies, "replied": ListReplies,
	"drafts": ListDrafts, "draft": ListDrafts,
	"thank-yous": ListThankYous, "thank_yous": ListThankYous, "thankyous": ListThankYous, "thank-you": ListThankYous,
	"waiting": ListWaiting, "requests": ListWaiting, "asked": ListWaiting,
}

// parseList reads the name after list: exactly one of [Lists], in any
// case, with its aliases.
func parseList(c Command, args []string) (Command, *lineError) {
	hint := "write one of: list " + strings.Join(Lists(), ", list ")
	if len(args) == 0 {
		return c, &lineError{"list which?", hint}
	}
	name, ok := listNames[strings.ToLower(trimPunct(strings.Join(args, "-")))]
	if !ok {
		return c, &lineError{"there is no list " + quote(shorten(strings.Join(args, " "), 40)), hint}
	}
	c.List = name
	return c, nil
}
