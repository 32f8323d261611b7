package classify

import (
	"regexp"
	"strings"
	"time"
)

// Meaning is what a person's reply says about the owner's request, read
// from phrases in the reply's own text. It is a proposal for the owner to
// confirm, never a decision: MeaningNone whenever the cues are absent,
// negated or in conflict.
type Meaning string

// The meanings.
const (
	MeaningNone  Meaning = ""      // nothing clear enough to propose
	MeaningYes   Meaning = "yes"   // they agree, or offer a day or a time
	MeaningNo    Meaning = "no"    // they decline
	MeaningLater Meaning = "later" // not now: ReplyReading.Until says when to ask again
)

// ReplyReading is what ReadReply found in a reply.
type ReplyReading struct {
	Meaning Meaning
	// Until is the day to snooze to for MeaningLater (midnight UTC),
	// computed from the mail's date; zero when the text names no time
	// that can be computed, or for any other meaning.
	Until time.Time
	// Referral is true when the text points the owner to someone else
	// ("you should talk to", "je vous mets en copie").
	Referral bool
}

// ReadReply reads the meaning of a reply's text written on date (the
// mail's Date; zero gives no Until). Only the replier's own words count:
// lines from the first quote header ("On … wrote:", "Le … a écrit :", "Am …
// schrieb …:", "El … escribió:", an Outlook "Original Message" line) on,
// lines starting with ">", and everything from the signature delimiter
// "-- " on are ignored. Each sentence is read separately; a cue preceded in
// its sentence by a negation ("not", "nicht", "pas", "no"…) or met with a
// known trap ("can't help but", "no puedo esperar") makes the reading
// doubtful, and a doubtful or contradictory text reads as MeaningNone.
// A later ("next month") wins over a no or a yes in the same text, since
// "not available until after the holidays" and "happy to, next month"
// both mean: ask again then.
func ReadReply(text string, date time.Time) ReplyReading {
	var yes, no, later, doubt, referral bool
	var until time.Time
	for _, s := range sentences(ownText(text)) {
		l := " " + strings.ToLower(s) + " "
		if matchAny(replyTraps, l) {
			doubt = true
			continue
		}
		if matchAny(referralCues, l) {
			referral = true
		}
		if t, ok := laterIn(l, date); ok {
			later = true
			if until.IsZero() || !t.IsZero() && t.After(until) {
				until = t
			}
			continue
		}
		if c, ok := cueAt(noCues, l); ok {
			if negatedBefore(l, c) {
				doubt = true
			} else {
				no = true
			}
			continue
		}
		if c, ok := cueAt(yesCues, l); ok {
			if negatedBefore(l, c) {
				doubt = true
			} else {
				yes = true
			}
			continue
		}
		if c, ok := cueAt(timeCues, l); ok && !negatedBefore(l, c) {
			yes = true
		}
	}
	r := ReplyReading{Referral: referral}
	switch {
	case later && !doubt:
		r.Meaning, r.Until = MeaningLater, until
	case doubt, yes && no:
	case no:
		r.Meaning = MeaningNo
	case yes:
		r.Meaning = MeaningYes
	}
	return r
}

// ownText returns the lines of a reply above its quote and signature,
// without quoted (">") lines.
func ownText(text string) string {
	var b strings.Builder
	for line := range strings.Lines(text) {
		l := strings.TrimSpace(line)
		if quoteStart.MatchString(l) || replyQuoteStart.MatchString(l) || strings.TrimRight(line, "\r\n") == "-- " {
			break
		}
		if strings.HasPrefix(l, ">") {
			continue
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// replyQuoteStart adds the quote headers quoteStart lacks: Spanish mail
// programs, and Outlook's header block ("From: …" at a line's start after
// the reply).
var replyQuoteStart = regexp.MustCompile(`(?i)^(?:el .{1,200} escribió ?:|(?:from|von|de): .{1,200}@.{1,200})$`)

// sentences splits text at sentence ends and blank lines; a line break
// alone does not end a sentence, since mail programs wrap lines.
func sentences(text string) []string {
	var out []string
	for _, para := range strings.Split(text, "\n\n") {
		para = strings.Join(strings.Fields(para), " ")
		for _, s := range sentenceEnd.Split(para, -1) {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

var sentenceEnd = regexp.MustCompile(`[.!?¡¿;]+(?:\s+|$)|\s+[-–—]\s+|,\s+(?:but|aber|mais|pero|sino)\s+`)

// matchAny reports whether any expression matches s.
func matchAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// cueAt returns where the first cue that matches s starts.
func cueAt(res []*regexp.Regexp, s string) (int, bool) {
	for _, re := range res {
		if loc := re.FindStringIndex(s); loc != nil {
			return loc[0], true
		}
	}
	return 0, false
}

// negatedBefore reports whether a negation stands before position i in
// the sentence s (lower case).
func negatedBefore(s string, i int) bool {
	return negation.MatchString(s[:i])
}

// negation is a word that turns a cue after it around, in the four
// languages; "would have" is here too, since "would have been happy to"
// declines.
var negation = regexp.MustCompile(`(?:^|[^\p{L}])(?:not|never|no|nor|n't|cannot|can't|won't|would have|nicht|kein|keine|nie|niemals|ne|n'|pas|jamais|nunca|tampoco|ni)(?:[^\p{L}]|$)|n't`)

// words compiles phrases into expressions that match whole words.
func words(phrases ...string) []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(phrases))
	for i, p := range phrases {
		out[i] = regexp.MustCompile(`(?:^|[^\p{L}'’])(?:` + p + `)(?:[^\p{L}]|$)`)
	}
	return out
}

// anyWord compiles phrases into one expression that matches any of them
// as whole words.
func anyWord(phrases ...string) *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[^\p{L}'’])(?:` + strings.Join(phrases, "|") + `)(?:[^\p{L}]|$)`)
}
