package command

import (
	"strings"
)

// lineError is what parseLine reports: the message and the hint of an
// [*Error] still without its line.
type lineError struct{ msg, hint string }

// parseLine reads one cleaned, non-empty line. recognised is false when
// the line does not start like a command at all (no verb, no #id), so
// that a body without a single such line can be left alone.
func parseLine(line string, broken bool, opts Options) (c Command, recognised bool, e *lineError) {
	words := strings.Fields(stripBullet(line))
	if len(words) == 0 {
		return c, false, &lineError{"empty command", verbList()}
	}
	var who *Who
	first := words[0]
	if id, ok, msg := parseID(first); ok {
		if msg != "" {
			return c, true, &lineError{msg, "use the number the digest shows, as in #12 met"}
		}
		who = &Who{ID: id}
		words = words[1:]
		if len(words) == 0 {
			id := who.String()
			return c, true, &lineError{"what about " + id + "?", "write what happened after the number, as in " + id + " met; " + verbList()}
		}
	}
	verb, ok := LookupVerb(words[0])
	if !ok {
		msg, hint := unknown(words[0])
		return c, who != nil || misspeltVerb(words[0]), &lineError{msg, hint}
	}
	if verb == VerbTier && who == nil && tierProse(words[1:]) {
		// "Tier one suppliers…": prose unless it ends with a tier.
		return c, false, &lineError{"which tier?", tierHint}
	}
	if (verb == VerbGoOn || verb == VerbHold || verb == VerbDraft) && who == nil && heldProse(verb, words[1:]) {
		// "Go ahead", "Hold on a second", "Draft attached": prose unless
		// it names a contact.
		hint := goOnHint
		if verb == VerbDraft {
			hint = draftHint
		}
		return c, false, &lineError{string(verb) + " whom?", hint}
	}
	if verb == VerbGood && who == nil && !hasDigit(words[1:]) {
		// "Good call, thanks": prose unless it names a question.
		return c, false, &lineError{"good: which questions?", goodHint}
	}
	c, e = parseArgs(verb, who, words[1:], broken, opts)
	c.Verb = verb
	return c, true, e
}

// parseArgs reads what follows the verb. who is the #id written before
// the verb, or nil.
func parseArgs(verb Verb, who *Who, args []string, broken bool, opts Options) (Command, *lineError) {
	c := Command{Verb: verb}
	if verb != VerbNote && verb != VerbAdd && len(args) > 0 {
		// "met Jane Doe." — free text keeps its punctuation, the rest drops it.
		args = append(args[:len(args)-1:len(args)-1], trimPunct(args[len(args)-1]))
		if args[len(args)-1] == "" {
			args = args[:len(args)-1]
		}
	}
	if who != nil && (verb == VerbAdd || verb == VerbHelp || verb == VerbList) {
		return c, &lineError{string(verb) + " is not about one contact: write it without the #id", ""}
	}
	switch verb {
	case VerbHelp:
		return c, nil
	case VerbAdd:
		c, msg, hint := parseAdd(args, broken)
		if msg != "" {
			return c, &lineError{msg, hint}
		}
		return c, nil
	case VerbList:
		return parseList(c, args)
	case VerbNote:
		return parseNote(who, args, opts)
	case VerbForget:
		return parseForget(who, args, opts)
	case VerbGood:
		return parseGood(who, args, opts)
	case VerbTier:
		return parseTier(who, args, opts)
	case VerbStatus:
		if who == nil && len(args) == 1 {
			switch strings.ToLower(trimPunct(args[0])) {
			case "all", "everyone", "everybody":
				return c, nil
			}
		}
		if who == nil && len(args) == 0 && opts.Scope <= 0 {
			return c, nil
		}
	case VerbGoOn:
		args = dropOn(args)
	case VerbMet, VerbScheduled:
		if who == nil && len(args) > 1 && strings.EqualFold(args[0], "with") {
			args = args[1:] // "met with Jane Doe"
		}
	}
	var rest []string
	var e *lineError
	switch verb {
	case VerbScheduled:
		args, e = splitWhen(&c, who, args, opts)
	case VerbPause:
		args, rest = splitUntil(args)
		if rest != nil {
			if len(rest) == 0 {
				return c, &lineError{"until when?", dateHint}
			}
			until, msg := parseUntil(rest, opts)
			if msg != "" {
				return c, &lineError{msg, dateHint}
			}
			c.Until, c.Zone = until, opts.zone()
		} else if len(args) > 0 {
			if _, msg := parseDate(args[len(args)-1:], Options{Zone: opts.Zone}); msg == "" {
				example := append([]string{"pause"}, args[:len(args)-1]...)
				if who != nil {
					example = []string{who.String(), "pause"}
				}
				example = append(example, "until", args[len(args)-1])
				return c, &lineError{"pause until when?", "write " + strings.Join(example, " ")}
			}
		}
	case VerbSnooze:
		args, e = splitSnooze(&c, args)
	}
	if e != nil {
		return c, e
	}
	w, msg := resolveWho(verb, who, args, opts)
	if msg != "" {
		return c, &lineError{msg, whoHint(verb)}
	}
	c.Who = w
	return c, nil
}

// resolveWho returns the contact: the #id before the verb, else the words
// left after the verb's own arguments, else the scope.
func resolveWho(verb Verb, who *Who, args []string, opts Options) (Who, string) {
	if who != nil {
		if !onlyFillers(args) {
			return Who{}, string(verb) + " takes nothing more after the number: " + quote(shorten(strings.Join(args, " "), 40))
		}
		return *who, ""
	}
	if onlyFillers(args) {
		if opts.Scope > 0 {
			return Who{ID: opts.Scope, Scoped: true}, ""
		}
		return Who{}, string(verb) + " whom?"
	}
	w, msg := parseWho(args)
	if msg == "" && w.IsZero() {
		return resolveWho(verb, who, nil, opts)
	}
	return w, msg
}

// fillers are the words that name no one in particular: "send it",
// "met her", "drop them please". They stand for the scoped contact.
var fillers = map[string]bool{
	"it": true, "this": true, "that": true, "him": true, "her": true, "them": true,
	"one": true, "please": true, "now": true, "pls": true, "thanks": true,
}

// onlyFillers reports whether args hold nothing but fillers (or nothing).
func onlyFillers(args []string) bool {
	for _, a := range args {
		if !fillers[strings.ToLower(trimPunct(a))] {
			return false
		}
	}
	return true
}

// splitWhen finds the meeting time at the end of args: it starts at the
// first word that looks like the start of a date ("2026-12-03", "3",
// "Thu", "Dec 3", "tomorrow", "on …"), so "May Chen 3 Dec 2026 15:00" is
// May Chen's, and a wrong weekday is an error rather than part of a name.
// It sets c.At and c.Zone and returns the words before the time.
func splitWhen(c *Command, who *Who, args []string, opts Options) ([]string, *lineError) {
	for i := range args {
		if !looksLikeDate(args[i:]) {
			continue
		}
		w, msg := parseWhen(args[i:], opts)
		if msg != "" {
			return nil, &lineError{msg, whenHint}
		}
		c.At, c.Zone = w.at, w.zone
		return args[:i], nil
	}
	if len(args) == 1 {
		// A lone RFC 3339 time, or a word that is not a date at all.
		if w, msg := parseWhen(args, opts); msg == "" {
			c.At, c.Zone = w.at, w.zone
			return nil, nil
		}
	}
	return nil, &lineError{"scheduled needs a date and a time", whenHint}
}

// splitUntil splits "Jane Doe until 2027-01-10" at its last "until". rest
// is nil when there is none.
func splitUntil(args []string) (before, rest []string) {
	for i := len(args) - 1; i >= 0; i-- {
		if strings.EqualFold(args[i], "until") {
			return args[:i], append([]string{}, args[i+1:]...)
		}
	}
	return args, nil
}

// splitSnooze reads the duration at the end of args ("5d" or "5 days") and
// returns the words before it.
func splitSnooze(c *Command, args []string) ([]string, *lineError) {
	hint := "write snooze #9 5d (h for hours, d for days, w for weeks)"
	if len(args) == 0 {
		return nil, &lineError{"snooze for how long?", hint}
	}
	if len(args) >= 2 {
		if d, msg := parseSnooze(args[len(args)-2:]); msg == "" {
			c.Snooze = d
			return args[:len(args)-2], nil
		}
	}
	d, msg := parseSnooze(args[len(args)-1:])
	if msg != "" {
		if !strings.ContainsAny(args[len(args)-1], "0123456789") {
			msg = "snooze for how long?"
		}
		return nil, &lineError{msg, hint}
	}
	c.Snooze = d
	return args[:len(args)-1], nil
}

// parseNote reads the contact and the text of a note (see the package doc
// for how they are told apart).
func parseNote(who *Who, args []string, opts Options) (Command, *lineError) {
	c := Command{Verb: VerbNote}
	hint := "write note #12 TEXT, note jane@example.com TEXT or note Jane Doe: TEXT"
	switch {
	case who != nil:
		c.Who = *who
	case len(args) > 0 && strings.HasPrefix(args[0], "#"):
		id, ok, msg := parseID(args[0])
		if !ok || msg != "" {
			return c, &lineError{quote(shorten(args[0], 30)) + " is not a contact's number", hint}
		}
		c.Who, args = Who{ID: id}, args[1:]
	case opts.Scope > 0:
		c.Who = Who{ID: opts.Scope, Scoped: true}
	case len(args) > 0 && strings.Contains(args[0], "@"):
		w, msg := parseWho(args[:1])
		if msg != "" {
			return c, &lineError{msg, hint}
		}
		c.Who, args = w, args[1:]
	default:
		end := -1
		for i := 0; i < len(args) && i < maxNameWords; i++ {
			if strings.HasSuffix(args[i], ":") {
				end = i
				break
			}
		}
		if end < 0 {
			return c, &lineError{"note for whom?", hint}
		}
		name := append(append([]string{}, args[:end]...), strings.TrimSuffix(args[end], ":"))
		w, msg := parseWho(name)
		if msg == "" && w.IsZero() {
			msg = "note for whom?"
		}
		if msg != "" {
			return c, &lineError{msg, hint}
		}
		c.Who, args = w, args[end+1:]
	}
	c.Text = strings.Join(args, " ")
	if trimPunct(c.Text) == "" {
		return c, &lineError{"note what?", hint}
	}
	return c, nil
}

// parseForget reads "forget ADDRESS" about the contact named by #id or the
// notice answered, or "forget CONTACT ADDRESS": the address, always the
// last word, must be a plain addr-spec.
func parseForget(who *Who, args []string, opts Options) (Command, *lineError) {
	c := Command{Verb: VerbForget}
	hint := "write #12 forget jane@home.example, or reply forget jane@home.example to the notice about them"
	if len(args) == 0 {
		return c, &lineError{"forget which address?", hint}
	}
	addr := strings.Trim(args[len(args)-1], "<>")
	if msg := checkEmail(addr); msg != "" {
		return c, &lineError{msg, hint}
	}
	c.Email = addr
	args = args[:len(args)-1]
	switch {
	case who != nil:
		c.Who = *who
	case len(args) > 0:
		w, msg := parseWho(args)
		if msg != "" {
			return c, &lineError{msg, hint}
		}
		c.Who = w
	case opts.Scope > 0:
		c.Who = Who{ID: opts.Scope, Scoped: true}
	default:
		return c, &lineError{"forget whose address?", hint}
	}
	if len(args) > 0 && who != nil {
		return c, &lineError{"write the address alone after the contact's number", hint}
	}
	return c, nil
}
