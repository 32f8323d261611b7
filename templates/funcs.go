package templates

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode/utf8"

	"github.com/rapport-mail/rapport/mail/classify"
)

// helpers are the functions the package documentation lists, besides
// text/template's built-ins. Each one returns an error rather than
// printing something wrong, so that a misused helper fails at Load.
var helpers = template.FuncMap{
	"default": defaultFunc,
	"date":    dateFunc,
	"join":    joinFunc,
	"quote":   quoteFunc,
	"wrap":    wrapFunc,
	"add":     addFunc,
	"percent": percentFunc,
	"days":    daysFunc,
	"names":   namesFunc,
	// The booking pages a contact's text offers, as the digest reads them.
	"bookingLinks": classify.SchedulingLinks,
	// What a reply reads like, proposed to the owner (ReplyProposal).
	"readReply": readReplyFunc,
}

// defaultFunc returns v, or def when v is empty: nil, the zero value of
// its type, or an empty slice or map.
func defaultFunc(def, v any) any {
	if isEmpty(v) {
		return def
	}
	return v
}

func isEmpty(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Map, reflect.Array, reflect.String:
		return rv.Len() == 0
	}
	return rv.IsZero()
}

// dateFunc formats t with the Go layout. A zero time is an error: it
// comes from a field that was never set, and "Mon 1 Jan 0001" must not
// reach anyone.
func dateFunc(layout string, t time.Time) (string, error) {
	if t.IsZero() {
		return "", fmt.Errorf("date %q: the time is not set", layout)
	}
	return t.Format(layout), nil
}

// joinFunc joins the elements of a list, each formatted as with {{.}}.
func joinFunc(sep string, list any) (string, error) {
	switch l := list.(type) {
	case nil:
		return "", nil
	case []string:
		return strings.Join(l, sep), nil
	}
	rv := reflect.ValueOf(list)
	if k := rv.Kind(); k != reflect.Slice && k != reflect.Array {
		return "", fmt.Errorf("join: %T is not a list", list)
	}
	parts := make([]string, rv.Len())
	for i := range parts {
		parts[i] = fmt.Sprint(rv.Index(i).Interface())
	}
	return strings.Join(parts, sep), nil
}

// namesFunc lists people as a sentence names them: "Ana Ruiz", "Ana Ruiz
// and Marc Dubois", "Ana Ruiz, Marc Dubois and Lena Vogel". It takes a
// list of people (their .Name) or of strings; an empty list gives "".
func namesFunc(list any) (string, error) {
	var names []string
	switch l := list.(type) {
	case nil:
	case []Person:
		for _, p := range l {
			names = append(names, p.Name)
		}
	case []string:
		names = l
	default:
		return "", fmt.Errorf("names: %T is not a list of people or of strings", list)
	}
	switch n := len(names); n {
	case 0:
		return "", nil
	case 1:
		return names[0], nil
	default:
		return strings.Join(names[:n-1], ", ") + " and " + names[n-1], nil
	}
}

// quoteFunc quotes text as a mail reply does: "> " before each line, ">"
// before an empty one, no final newline. Empty text quotes to "".
func quoteFunc(text string) string {
	text = strings.TrimRight(normalizeNewlines(text), "\n")
	if text == "" {
		return ""
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n")
}

// normalizeNewlines turns CRLF and lone CR into LF.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// wrapFunc breaks each line of text at spaces so that it holds at most
// width characters, and starts every line it adds with indent. A line's
// own leading spaces stay. Words are never broken, so that an #id, an
// address or a command stays whole; a word longer than the width gets a
// line of its own. A dash or arrow standing alone stays with the word
// before it rather than starting a line. Spaces between words become
// one.
func wrapFunc(width int, indent, text string) (string, error) {
	if width < 1 {
		return "", fmt.Errorf("wrap: width %d: give the number of characters a line may hold, such as 72", width)
	}
	lines := strings.Split(normalizeNewlines(text), "\n")
	for i, l := range lines {
		lines[i] = wrapLine(width, indent, l)
	}
	return strings.Join(lines, "\n"), nil
}

func wrapLine(width int, indent, line string) string {
	lead := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
	var units []string
	for _, w := range strings.Fields(line) {
		if n := len(units); n > 0 && strings.ContainsAny(w, "—–→·") && utf8.RuneCountInString(w) == 1 {
			units[n-1] += " " + w
			continue
		}
		units = append(units, w)
	}
	if len(units) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(lead + units[0])
	col := utf8.RuneCountInString(lead + units[0])
	for _, u := range units[1:] {
		n := utf8.RuneCountInString(u)
		if col+1+n > width {
			b.WriteString("\n" + indent + u)
			col = utf8.RuneCountInString(indent) + n
			continue
		}
		b.WriteString(" " + u)
		col += 1 + n
	}
	return b.String()
}

// addFunc returns the sum of its arguments: {{add $n (len .Items) .More}}.
func addFunc(ns ...int) int {
	sum := 0
	for _, n := range ns {
		sum += n
	}
	return sum
}

// percentFunc formats a fraction from 0 to 1 as a whole percentage:
// 0.4167 is "42%". What is not a number is "—".
func percentFunc(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "—"
	}
	p := math.Round(f * 100)
	if p == 0 {
		p = 0 // not "-0%"
	}
	return strconv.FormatFloat(p, 'f', -1, 64) + "%"
}

// daysFunc formats a number of days to one decimal: "2.5 days", "1 day".
// A negative number, which stands for "not known", and what is not a
// number are "—".
func daysFunc(f float64) string {
	if f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return "—"
	}
	r := math.Round(f*10) / 10
	if r == 1 {
		return "1 day"
	}
	return strconv.FormatFloat(r, 'f', -1, 64) + " days"
}
