package command

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Parse reads the owner's commands from a mail's subject and the plain
// text of its body (see the package doc for the rules). It returns the
// commands in order, the subject's first, and an [*Error] for every line
// of the command block it could not read, in line order; the caller
// decides whether to carry out the good commands when there are errors.
// Both are empty when the mail holds no command. Parse never panics, does
// no I/O beyond loading named time zones, and reads at most 256 KiB of
// text.
func Parse(subject, text string, opts Options) (cmds []Command, errs []*Error) {
	body, berrs := parseBody(text, opts)
	if c, ok := parseSubject(subject, opts); ok {
		dup := false
		for _, b := range body {
			dup = dup || strings.EqualFold(b.Raw, c.Raw)
		}
		if !dup {
			cmds = append(cmds, c)
		}
	}
	return append(cmds, body...), berrs
}

// replyPrefix and forwardPrefix match what mail clients put before a
// subject they answer or forward, in several languages.
var (
	replyPrefix   = regexp.MustCompile(`(?i)^(?:re|aw|sv|antw|r|rif|res|odp|ynt)(?:\[\d+\]|\(\d+\))?\s*:\s*`)
	forwardPrefix = regexp.MustCompile(`(?i)^(?:fwd|fw|wg|tr|vs|enc|rv|doorst)(?:\[\d+\]|\(\d+\))?\s*:\s*`)
	subjectTag    = regexp.MustCompile(`^\[[^\[\]]{1,40}\]\s*`)
	noticeTitle   = regexp.MustCompile(`(?i)^rapport\s*:`)
)

// parseSubject returns the command the subject holds, if it holds exactly
// one that reads without error.
func parseSubject(subject string, opts Options) (Command, bool) {
	if len(subject) > 4*maxRunes {
		return Command{}, false
	}
	s, broken := clean(subject)
	if broken || utf8.RuneCountInString(s) > maxRunes {
		return Command{}, false
	}
	for range 10 {
		before := s
		if forwardPrefix.MatchString(s) || noticeTitle.MatchString(s) {
			return Command{}, false
		}
		s = replyPrefix.ReplaceAllString(s, "")
		s = subjectTag.ReplaceAllString(s, "")
		if s == before {
			break
		}
	}
	if s == "" || forwardPrefix.MatchString(s) || noticeTitle.MatchString(s) {
		return Command{}, false
	}
	c, ok, e := parseLine(s, false, opts)
	if !ok || e != nil {
		return Command{}, false
	}
	c.Line, c.Raw = 0, s
	return c, true
}

// parseBody reads the command block of text.
func parseBody(text string, opts Options) ([]Command, []*Error) {
	limit := opts.MaxLines
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 1000)
	if len(text) > maxInput {
		text = text[:maxInput]
	}
	var cmds []Command
	var errs []*Error
	recognised := false // a line started like a command
	start := 0          // the line the owner's own text begins on; 0 before
	sc := lineScanner{rest: text}
	for {
		raw, n, ok := sc.next()
		if !ok {
			break
		}
		long := len(raw) > 4*maxRunes+64
		if long {
			raw = raw[:4*maxRunes+64] // enough to tell what it is; not worth cleaning all
		}
		line, broken := clean(raw)
		long = long || utf8.RuneCountInString(line) > maxRunes
		if line == "" {
			if len(cmds) > 0 {
				break
			}
			continue
		}
		next := ""
		if peek := sc.peek(); len(peek) < 4*maxRunes {
			next, _ = clean(peek)
		}
		// A quote ends the block; above it, it is skipped, so that commands
		// written below a quoted notice or digest are read, and never the
		// quote's own "#12 met".
		switch classify(line, next) {
		case quoted, attribution:
			if start > 0 {
				return done(cmds, errs, recognised)
			}
			continue
		case attribution2:
			if start > 0 {
				return done(cmds, errs, recognised)
			}
			sc.next()
			continue
		case end:
			return done(cmds, errs, recognised)
		}
		if start == 0 {
			start = n
		}
		if n-start >= limit {
			errs = append(errs, &Error{Line: n, Raw: shorten(line, rawShown),
				Msg:  "stopped reading here: rapport reads " + strconv.Itoa(limit) + " lines of commands",
				Hint: "send the remaining commands in another mail"})
			break
		}
		if long {
			if first := strings.Fields(stripBullet(line)); len(first) > 0 && startsCommand(first) {
				recognised = true
			}
			errs = append(errs, &Error{Line: n, Raw: shorten(line, rawShown),
				Msg:  "the line is longer than 1000 characters",
				Hint: "put one command on each line, and keep a note under 1000 characters"})
			continue
		}
		c, ok, e := parseLine(line, broken, opts)
		recognised = recognised || ok
		if e != nil {
			errs = append(errs, &Error{Line: n, Raw: line, Msg: e.msg, Hint: e.hint})
			continue
		}
		c.Line, c.Raw = n, line
		cmds = append(cmds, c)
	}
	return done(cmds, errs, recognised)
}

// done returns what the body holds: nothing when no line even started
// like a command.
func done(cmds []Command, errs []*Error, recognised bool) ([]Command, []*Error) {
	if !recognised {
		return nil, nil
	}
	return cmds, errs
}

// startsCommand reports whether words start like a command: a verb, a
// misspelt verb, or an #id.
func startsCommand(words []string) bool {
	if _, ok := LookupVerb(words[0]); ok || misspeltVerb(words[0]) {
		return true
	}
	_, ok, _ := parseID(words[0])
	return ok
}

// lineScanner hands out the lines of a text one at a time, split at LF
// with the CR of a CRLF removed, numbered from 1.
type lineScanner struct {
	rest string
	n    int
	done bool
}

func (s *lineScanner) next() (line string, n int, ok bool) {
	if s.done {
		return "", s.n, false
	}
	line, rest, found := strings.Cut(s.rest, "\n")
	s.rest, s.done = rest, !found
	s.n++
	return strings.TrimSuffix(line, "\r"), s.n, true
}

// peek returns the next line without taking it; "" at the end.
func (s *lineScanner) peek() string {
	if s.done {
		return ""
	}
	line, _, _ := strings.Cut(s.rest, "\n")
	return strings.TrimSuffix(line, "\r")
}
