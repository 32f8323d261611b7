package classify

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// returnDate finds the day the writer of an out-of-office text is back,
// reading dates against sent (the message's Date, in the sender's zone).
// It returns midnight UTC of that day, or the zero time.
//
// Only dates tied to a cue count, so the date of the original message or
// the first day of the absence are not taken for the return:
//
//   - a return cue ("back on", "returning", "wieder am", "de retour le",
//     "de regreso el" …) gives the date itself;
//   - an "until" cue ("until", "bis", "jusqu'au", "hasta") gives the date
//     itself too: "away until 5 May" reads as back on 5 May;
//   - the end of a range ("10–31 July", "from 3 to 7 March") and
//     "through" give the day after;
//   - "for two weeks", "tomorrow", "next week", "Monday" are counted from
//     sent.
//
// A return cue wins over the others; among equals the first in the text
// wins. Dates before the day sent (a stale auto-reply) and more than two
// years ahead are ignored. Numeric dates with "." are day.month; with "/"
// the reading that falls soonest after sent wins (day/month when the text
// is not English).
func returnDate(text string, sent time.Time) time.Time {
	if sent.IsZero() || text == "" {
		return time.Time{}
	}
	text = head(text, maxReturnText)
	lower := strings.ToLower(text)
	r := dateReader{text: lower, sent: time.Date(sent.Year(), sent.Month(), sent.Day(), 0, 0, 0, 0, time.UTC)}
	r.european = europeanCue.MatchString(lower)
	cands := r.candidates()
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].priority != cands[j].priority {
			return cands[i].priority > cands[j].priority
		}
		return cands[i].start < cands[j].start
	})
	for _, c := range cands {
		if c.priority == 0 {
			break
		}
		if d := c.date; !d.Before(r.sent) && d.Before(r.sent.AddDate(2, 0, 0)) {
			return d
		}
	}
	return time.Time{}
}

// maxReturnText is how much of an auto-reply is searched for the return
// date: the notice is at the top, and what follows is often the quoted
// original, whose dates are not the return.
const maxReturnText = 8 << 10

// maxCandidates bounds the dates examined in one text.
const maxCandidates = 200

// candidate is one date found in the text.
type candidate struct {
	start, end int
	date       time.Time // midnight UTC
	priority   int       // 3 return cue, 2 until/range/duration, 0 no cue
	alts       []time.Time
}

type dateReader struct {
	text     string // lower-case
	sent     time.Time
	european bool
}

// Cue priorities.
const (
	noCue     = 0
	untilCue  = 2
	returnCue = 3
)

func (r *dateReader) candidates() []candidate {
	var out []candidate
	taken := func(s, e int) bool {
		for _, c := range out {
			if s < c.end && e > c.start {
				return true
			}
		}
		return false
	}
	add := func(c candidate) {
		if len(out) >= maxCandidates || c.date.IsZero() || taken(c.start, c.end) {
			return
		}
		out = append(out, r.cued(c))
	}
	// Ranges first: their end is the date that matters.
	for _, m := range dayRangeMonth.FindAllStringSubmatchIndex(r.text, maxCandidates) {
		mon := monthNumber(r.text[m[6]:m[7]])
		d := r.resolveDay(atoi(r.text[m[4]:m[5]]), mon, r.group(m, 4))
		add(candidate{start: m[0], end: m[1], date: dayAfter(d), priority: untilCue})
	}
	for _, m := range monthDayRange.FindAllStringSubmatchIndex(r.text, maxCandidates) {
		mon := monthNumber(r.text[m[2]:m[3]])
		d := r.resolveDay(atoi(r.text[m[6]:m[7]]), mon, r.group(m, 4))
		add(candidate{start: m[0], end: m[1], date: dayAfter(d), priority: untilCue})
	}
	for _, m := range isoDate.FindAllStringSubmatchIndex(r.text, maxCandidates) {
		d := mkDate(atoi(r.text[m[2]:m[3]]), time.Month(atoi(r.text[m[4]:m[5]])), atoi(r.text[m[6]:m[7]]))
		add(candidate{start: m[0], end: m[1], date: d})
	}
	for _, m := range dayMonthName.FindAllStringSubmatchIndex(r.text, maxCandidates) {
		d := r.resolveDay(atoi(r.text[m[2]:m[3]]), monthNumber(r.text[m[4]:m[5]]), r.group(m, 3))
		add(candidate{start: m[0], end: m[1], date: d})
	}
	for _, m := range monthNameDay.FindAllStringSubmatchIndex(r.text, maxCandidates) {
		d := r.resolveDay(atoi(r.text[m[4]:m[5]]), monthNumber(r.text[m[2]:m[3]]), r.group(m, 3))
		add(candidate{start: m[0], end: m[1], date: d})
	}
	for _, m := range ordinalDay.FindAllStringSubmatchIndex(r.text, maxCandidates) {
		add(candidate{start: m[0], end: m[1], date: r.dayOfMonth(atoi(r.text[m[2]:m[3]]))})
	}
	for _, m := range numericDate.FindAllStringSubmatchIndex(r.text, maxCandidates) {
		if c, ok := r.numeric(m); ok {
			add(c)
		}
	}
	for _, m := range durationRe.FindAllStringSubmatchIndex(r.text, maxCandidates) {
		n := numberValue(r.text[m[4]:m[5]])
		days, months := unitDays(r.text[m[6]:m[7]])
		if n <= 0 || n > 60 {
			continue
		}
		c := candidate{start: m[0], end: m[1], date: r.sent.AddDate(0, months*n, days*n), priority: untilCue}
		add(c)
	}
	for _, m := range relativeDay.FindAllStringSubmatchIndex(r.text, maxCandidates) {
		word := r.text[m[2]:m[3]]
		var d time.Time
		switch {
		case strings.Contains(word, "after") || strings.Contains(word, "über") || strings.Contains(word, "après") || strings.Contains(word, "pasado"):
			d = r.sent.AddDate(0, 0, 2)
		case strings.Contains(word, "week") || strings.Contains(word, "woche") || strings.Contains(word, "semaine") || strings.Contains(word, "semana"):
			d = nextWeekday(r.sent, time.Monday)
		default:
			d = r.sent.AddDate(0, 0, 1)
		}
		add(candidate{start: m[2], end: m[3], date: d})
	}
	for _, m := range weekdayOnly.FindAllStringSubmatchIndex(r.text, maxCandidates) {
		wd, ok := weekdayNumber(r.text[m[2]:m[3]])
		if !ok || dateFollows(r.text[m[1]:]) {
			continue
		}
		add(candidate{start: m[0], end: m[1], date: nextWeekday(r.sent, wd)})
	}
	return out
}

// cued sets the candidate's priority from the cue before it (or, for
// German "ab 12.03. wieder", after it), keeping a priority the pattern
// already gave when no cue is found.
func (r *dateReader) cued(c candidate) candidate {
	before := r.text[max(0, c.start-90):c.start]
	if i := sentenceBreak.FindAllStringIndex(before, -1); i != nil {
		before = before[i[len(i)-1][1]:]
	}
	after := r.text[c.end:min(len(r.text), c.end+40)]
	switch {
	case returnBefore.MatchString(before) || returnAfter.MatchString(after):
		c.priority = returnCue
	case throughBefore.MatchString(before):
		c.priority = untilCue
		c.date = dayAfter(c.date)
	case untilBefore.MatchString(before):
		c.priority = max(c.priority, untilCue)
	}
	return c
}

// numeric reads d.m.y, m/d/y or d/m/y (see returnDate for the rules).
func (r *dateReader) numeric(m []int) (candidate, bool) {
	a, b := atoi(r.text[m[2]:m[3]]), atoi(r.text[m[6]:m[7]])
	sep := r.text[m[4]:m[5]]
	year := r.group(m, 4)
	if year != "" && r.text[m[8]-1:m[8]] != sep {
		return candidate{}, false // 12.03/2024
	}
	if m[0] > 0 && strings.ContainsAny(r.text[m[0]-1:m[0]], ".:/0123456789") {
		return candidate{}, false // part of a version, address or time
	}
	if rest := r.text[m[1]:]; len(rest) > 1 && strings.ContainsAny(rest[:1], ".:/") && isDigit(rest[1]) {
		return candidate{}, false
	}
	if year == "" && sep == "." && !strings.HasPrefix(r.text[m[1]:], ".") {
		return candidate{}, false // "10.30" is a time, "12.03." a date
	}
	var options []time.Time
	if sep == "." || r.european || a > 12 {
		options = append(options, r.resolveDay(a, time.Month(b), year))
	} else if b > 12 {
		options = append(options, r.resolveDay(b, time.Month(a), year))
	} else {
		options = append(options, r.resolveDay(b, time.Month(a), year), r.resolveDay(a, time.Month(b), year))
	}
	best := time.Time{}
	for _, o := range options {
		if o.IsZero() || o.Before(r.sent) {
			continue
		}
		if best.IsZero() || o.Before(best) {
			best = o
		}
	}
	if best.IsZero() {
		best = options[0]
	}
	return candidate{start: m[0], end: m[1], date: best}, !best.IsZero()
}

// resolveDay builds a date; without a year it takes the next such day on
// or after sent, unless that day was less than 180 days ago (then it stays
// in the past and is ignored: a stale auto-reply).
func (r *dateReader) resolveDay(day int, month time.Month, year string) time.Time {
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}
	}
	if year != "" {
		y := atoi(year)
		if y < 100 {
			y += 2000
		}
		return mkDate(y, month, day)
	}
	d := mkDate(r.sent.Year(), month, day)
	if !d.IsZero() && d.Before(r.sent.AddDate(0, 0, -180)) {
		d = mkDate(r.sent.Year()+1, month, day)
	}
	return d
}

// dayOfMonth is the next such day of a month on or after sent.
func (r *dateReader) dayOfMonth(day int) time.Time {
	for i := 0; i < 3; i++ {
		first := r.sent.AddDate(0, i, 1-r.sent.Day())
		if d := mkDate(first.Year(), first.Month(), day); !d.IsZero() && !d.Before(r.sent) {
			return d
		}
	}
	return time.Time{}
}

func (r *dateReader) group(m []int, i int) string {
	if 2*i+1 >= len(m) || m[2*i] < 0 {
		return ""
	}
	return r.text[m[2*i]:m[2*i+1]]
}

// mkDate returns midnight UTC of the day, or zero when it does not exist.
func mkDate(y int, m time.Month, d int) time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Month() != m || t.Day() != d {
		return time.Time{}
	}
	return t
}

func dayAfter(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.AddDate(0, 0, 1)
}

// nextWeekday is the first such weekday after day.
func nextWeekday(day time.Time, wd time.Weekday) time.Time {
	n := (int(wd) - int(day.Weekday()) + 7) % 7
	if n == 0 {
		n = 7
	}
	return day.AddDate(0, 0, n)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

func numberValue(s string) int {
	s = strings.Join(strings.Fields(s), " ")
	if n, ok := numberWords[s]; ok {
		return n
	}
	return atoi(s)
}

// dateFollows reports a date right after a weekday ("Monday 15 September",
// "Montag, den 15.09."), which the date patterns read instead.
func dateFollows(rest string) bool {
	return weekdayThenDate.MatchString(rest)
}
