package command

import "github.com/rapport-mail/rapport/workflow"

// tierHint is the hint of every error about a tier command.
const tierHint = "write #12 tier A (A every 3 weeks, B 2 months, C 6 months, D yearly, by default) or #12 tier none"

// parseTier reads what follows "tier": the tier last ("A" to "D", or
// "none"), and the contact before it, as the other verbs read it ("#12
// tier A", "tier Jane Doe B", "tier B" in a reply to a notice).
func parseTier(who *Who, args []string, opts Options) (Command, *lineError) {
	c := Command{Verb: VerbTier}
	if len(args) == 0 {
		return c, &lineError{"which tier?", tierHint}
	}
	t, err := workflow.ParseTier(trimPunct(args[len(args)-1]))
	if err != nil {
		return c, &lineError{quote(shorten(args[len(args)-1], 20)) + " is not a tier", tierHint}
	}
	c.Tier = t
	rest := args[:len(args)-1]
	if who == nil && len(rest) > 0 {
		if id, ok, msg := parseID(rest[0]); ok {
			if msg != "" {
				return c, &lineError{msg, tierHint}
			}
			who, rest = &Who{ID: id}, rest[1:] // "tier #12 A"
		}
	}
	w, msg := resolveWho(VerbTier, who, rest, opts)
	if msg != "" {
		return c, &lineError{msg, tierHint}
	}
	c.Who = w
	return c, nil
}

// tierProse reports whether a line starting "tier" with no #id before it
// is prose ("Tier one suppliers were…") rather than a command: its last
// word names no tier.
func tierProse(args []string) bool {
	if len(args) == 0 {
		return true
	}
	_, err := workflow.ParseTier(trimPunct(args[len(args)-1]))
	return err != nil
}
