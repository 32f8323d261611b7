package contacts

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapport-mail/rapport/mail/command"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
)

// goodLine is the debrief's answer about the questions: "Good questions:
// 2, 5", with or without the colon, a list mark or the word questions.
var goodLine = regexp.MustCompile(`(?i)^[-*•\s]*good\s+questions?\b\s*[:=\-–—]?\s*(.*)$`)

// goodAnswer finds the owner's "Good questions: …" line in their debrief
// answer: the numbers it gives, each once, and the words that are no
// number, to answer about. found is false without such a line; an answer
// of "none" or "-" gives no number and no wrong word.
func goodAnswer(answer string) (nums []int, wrong []string, found bool) {
	for _, l := range strings.Split(answer, "\n") {
		m := goodLine.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		found = true
		seen := map[int]bool{}
		for _, w := range strings.FieldsFunc(m[1], func(r rune) bool { return strings.ContainsRune(" \t,;/&+", r) }) {
			w = strings.TrimRight(w, ".!?:)")
			switch strings.ToLower(w) {
			case "", "and", "none", "no", "-", "—", "n/a":
				continue
			}
			n, err := strconv.Atoi(strings.TrimLeft(w, "Qq#"))
			if err != nil || n < 1 || n > 999 {
				wrong = append(wrong, w)
				continue
			}
			if !seen[n] {
				seen[n] = true
				nums = append(nums, n)
			}
		}
	}
	return nums, wrong, found
}

// withoutGood returns text without its "Good questions" lines, so that
// what the owner learned is read without them.
func withoutGood(text string) string {
	lines := strings.Split(text, "\n")
	out := lines[:0]
	for _, l := range lines {
		if !goodLine.MatchString(strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), ">"))) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// good carries out "#12 good 2 5".
func (ctl *Controller) good(ctx context.Context, tx *store.Tx, o *Outcome, cmd command.Command, c *store.Contact, now time.Time) error {
	return ctl.markGood(ctx, tx, o, cmd.Raw, c, cmd.Questions, nil, now)
}

// markGood marks questions nums of the owner's bank as good with c, in
// now's week, keeping their words as they read now, and says on the
// receipt what it marked and, precisely, what it could not: a number the
// bank does not have, or words that are no number.
func (ctl *Controller) markGood(ctx context.Context, tx *store.Tx, o *Outcome, raw string, c *store.Contact, nums []int, wrong []string, now time.Time) error {
	bank := ctl.bank()
	d, err := outbox.ContactData(ctx, tx, c, outbox.OwnerData(ctl.Config), ctl.zone())
	if err != nil {
		return err
	}
	week := weekOf(now, ctl.zone())
	var marked, again, unknown []string
	for _, n := range nums {
		q, ok := bank.Question(n, d)
		if !ok {
			unknown = append(unknown, fmt.Sprintf("Q%d", n))
			continue
		}
		added, err := tx.MarkQuestion(ctx, &store.QuestionMark{ContactID: c.ID, Week: week, N: n, Question: q.Text,
			At: now, Source: store.SourceMail})
		if err != nil {
			return err
		}
		if added {
			marked = append(marked, fmt.Sprintf("Q%d", n))
			o.Changed = true
		} else {
			again = append(again, fmt.Sprintf("Q%d", n))
		}
	}
	if len(marked)+len(again) > 0 {
		text := fmt.Sprintf("%s: good questions this week: %s", label(c), strings.Join(append(marked, again...), ", "))
		if len(again) > 0 {
			text += fmt.Sprintf(" (%s marked already)", strings.Join(again, ", "))
		}
		o.ok(raw, text)
	}
	hint := fmt.Sprintf("%s; write #%d good 2 5 with their numbers", bankRange(bank), c.ID)
	if len(unknown) > 0 {
		o.fail(raw, fmt.Sprintf("%s: %s %s not in your question bank, so rapport did not mark %s", label(c),
			strings.Join(unknown, ", "), plural(len(unknown), "is", "are"), plural(len(unknown), "it", "them")), hint)
	}
	if len(wrong) > 0 {
		o.fail(raw, fmt.Sprintf("%s: %q in your Good questions line %s no question number, so rapport did not mark %s", label(c),
			short(strings.Join(wrong, " "), 60), plural(len(wrong), "is", "are"), plural(len(wrong), "it", "them")), hint)
	}
	return nil
}

// bank returns the owner's question bank: the one of the templates in
// use, or the built-in one without them.
func (ctl *Controller) bank() *templates.Bank {
	if ctl.Drafter != nil && ctl.Drafter.Templates != nil {
		if set, err := ctl.Drafter.Templates(); err == nil {
			return set.Bank()
		}
	}
	return templates.DefaultBank()
}

// bankRange says which numbers the bank has: "your prep brief numbers its
// questions Q1 to Q9".
func bankRange(b *templates.Bank) string {
	ns := b.Numbers()
	switch len(ns) {
	case 0:
		return "your question bank (questions.txt) is empty"
	case 1:
		return fmt.Sprintf("your question bank has Q%d alone", ns[0])
	}
	lo, hi := ns[0], ns[0]
	for _, n := range ns {
		lo, hi = min(lo, n), max(hi, n)
	}
	if hi-lo+1 == len(ns) {
		return fmt.Sprintf("your prep brief numbers its questions Q%d to Q%d", lo, hi)
	}
	return fmt.Sprintf("your prep brief numbers its %d questions from Q%d to Q%d, with gaps", len(ns), lo, hi)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// weekOf returns the Monday of t's week in zone, as YYYY-MM-DD.
func weekOf(t time.Time, zone *time.Location) string {
	l := t.In(zone)
	back := (int(l.Weekday()) + 6) % 7 // days since Monday
	return l.AddDate(0, 0, -back).Format("2006-01-02")
}

// maxLearnedNote bounds what the look back keeps of what the owner
// learned, in characters.
const maxLearnedNote = 300

// learnedNote is what the weekly look back keeps of the owner's answer to
// "What did you learn?": its first paragraph, without the lines that name
// someone by address or repeat a question, on one line, cut at a word
// within 300 characters; "" when nothing is left.
func learnedNote(answer string) string {
	var words []string
	for _, l := range strings.Split(withoutGood(answer), "\n") {
		t := strings.TrimSpace(l)
		if t == "" {
			if len(words) > 0 {
				break
			}
			continue
		}
		if strings.Contains(t, "@") || strings.HasSuffix(t, "?") || strings.HasPrefix(t, ">") {
			continue
		}
		words = append(words, strings.Fields(strings.TrimLeft(t, "-*• "))...)
	}
	text := strings.Join(words, " ")
	if utf8.RuneCountInString(text) <= maxLearnedNote {
		return text
	}
	cut := string([]rune(text)[:maxLearnedNote])
	if i := strings.LastIndexByte(cut, ' '); i > maxLearnedNote/2 {
		cut = cut[:i]
	}
	return cut + " …"
}
